import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SearchQuery, SortField } from '../../../preload/contract'
import { openStore, type PlanStore } from '../../../main/store'
import { buildSearchSql } from '../../../main/store/search'
import { isShortText, MAX_SETS, PkSet, ShortTextMatches } from '../../../main/store/short-text'
import { makePlan, planInput } from './fixtures'
import { addEdit, memoryStore } from './helpers'

const WORDS = ['Kahve Makinesi', 'Işık Lamba', 'Çay Bardağı', 'Ütü', 'Zil', 'Kettle', 'Masa', 'Buzdolabı', 'Nevresim', 'Ayna']

function plans(count: number, from = 1) {
  return Array.from({ length: count }, (_, i) => {
    const pk = from + i
    return planInput(
      makePlan({
        pk,
        status: ['waiting', 'approved', 'completed', 'rejected'][pk % 4],
        plan_type: pk % 3 === 0 ? 'refund' : 'cancel',
        store: `S${pk % 5}`,
        product: WORDS[(pk * 37 + (pk >> 3)) % WORDS.length],
        created: new Date(Date.UTC(2026, 0, 1) + ((pk * 7919) % 900) * 3_600_000).toISOString(),
        refund: (pk * 31) % 97,
      }),
    )
  })
}

/** The same search answered the way it is without kept sets: the text looked up in the full-text index. */
function reference(s: PlanStore, q: SearchQuery, overlayEmpty: boolean): { total: number; pks: number[] } {
  const sql = buildSearchSql(q, { overlayEmpty })
  const rows = s.db.prepare(sql.rowsSql).all(...sql.rowParams, q.limit ?? 50, q.offset ?? 0) as Array<{ pk: number }>
  const { n } = s.db.prepare(sql.countSql).get(...sql.params) as { n: number }
  return { total: n, pks: rows.map((r) => r.pk) }
}

describe('PkSet', () => {
  it('answers membership as a bitmap over a dense range', () => {
    const set = new PkSet([5, 6, 9, 40, 41])
    expect(set.size).toBe(5)
    for (const pk of [5, 6, 9, 40, 41]) expect(set.has(pk)).toBe(true)
    for (const pk of [-1, 0, 4, 7, 8, 10, 39, 42, 64, 1000]) expect(set.has(pk)).toBe(false)
  })

  it('answers membership as a sorted list when the numbers are far apart', () => {
    const pks = [3, 1_000_000, 7_000_000_000, 7_000_000_001]
    const set = new PkSet(pks)
    for (const pk of pks) expect(set.has(pk)).toBe(true)
    for (const pk of [0, 2, 4, 999_999, 1_000_001, 6_999_999_999, 7_000_000_002]) expect(set.has(pk)).toBe(false)
  })

  it('is empty for no matches', () => {
    const set = new PkSet([])
    expect(set.size).toBe(0)
    expect(set.has(0)).toBe(false)
    expect(set.has(1)).toBe(false)
  })
})

describe('isShortText', () => {
  it.each<[string | undefined, boolean]>([
    ['k', true],
    ['  K ', true],
    ['ka', true],
    ['ış', true],
    ['kaz', false],
    ['k a', false],
    ['-', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (text, short) => expect(isShortText(text)).toBe(short))
})

describe('searches of a short text', () => {
  const sorts: SortField[] = ['-modified_date', 'created_date', '-created_date', 'pk', '-pk', 'refund_amount', '-refund_amount', 'status', '-status']

  it('find exactly what the full-text index finds, for every sort, filter, offset and cursor', () => {
    const s = memoryStore()
    s.applyPlans(plans(700), 1)
    addEdit(s.db, 8, { targetStatus: 'approved' })
    const queries: SearchQuery[] = []
    for (const text of ['k', 'a', 'z', 'is', 'ç']) {
      for (const sort of sorts) queries.push({ text, sort, limit: 20 })
      queries.push(
        { text, limit: 15, offset: 40 },
        { text, planType: 'refund', limit: 30 },
        { text, statuses: ['waiting', 'approved'], sort: 'created_date' },
        { text, storeRemoteId: 'S2', sort: '-refund_amount', limit: 10, offset: 5 },
        { text, createdFrom: '2026-01-05', createdTo: '2026-01-20', sort: '-created_date' },
        { text, hasPendingEdits: false, limit: 25 },
      )
    }
    for (const overlayEmpty of [false, true]) {
      if (overlayEmpty) s.db.prepare("UPDATE outbox SET state = 'applied', finished_at = updated_at").run()
      for (const q of queries) {
        const r = s.searchPlans(q)
        const want = reference(s, q, overlayEmpty)
        expect(want.total, JSON.stringify(q)).toBeGreaterThan(0)
        expect({ total: r.total, pks: r.rows.map((x) => x.pk) }, JSON.stringify(q)).toEqual(want)
        // The next page by cursor is the next page by offset.
        if (r.nextCursor !== undefined) {
          const next = s.searchPlans({ ...q, offset: undefined, cursor: r.nextCursor })
          expect(next.rows.map((x) => x.pk), JSON.stringify(q)).toEqual(reference(s, { ...q, offset: (q.offset ?? 0) + (q.limit ?? 50) }, overlayEmpty).pks)
        }
      }
    }
    expect(ShortTextMatches.for(s.db).builds).toBeGreaterThan(0)
  })

  it('keeps a text\'s matches between searches while the cache does not change', () => {
    const s = memoryStore()
    s.applyPlans(plans(200), 1)
    const kept = ShortTextMatches.for(s.db)
    const first = s.searchPlans({ text: 'k' })
    const builds = kept.builds
    expect(s.searchPlans({ text: 'k' })).toEqual(first)
    expect(s.searchPlans({ text: 'K', sort: 'pk' }).total).toBe(first.total)
    expect(kept.builds).toBe(builds)
  })

  it('sees this connection\'s writes at once', () => {
    const s = memoryStore()
    s.applyPlans(plans(100), 1)
    const before = s.searchPlans({ text: 'q' }).total
    s.applyPlans([planInput(makePlan({ pk: 5000, product: 'Quartz Saat' }))], 2)
    const after = s.searchPlans({ text: 'q' })
    expect(after.total).toBe(before + 1)
    expect(after.rows.map((r) => r.pk)).toContain(5000)
  })

  it('sees a plan whose text changed, and one removed', () => {
    const s = memoryStore()
    s.applyPlans(plans(100), 1)
    const zil = s.searchPlans({ text: 'zi', limit: 200 }).rows.map((r) => r.pk)
    expect(zil.length).toBeGreaterThan(1)
    const [renamed, removed] = zil
    s.applyPlans([planInput(makePlan({ pk: renamed, product: 'Quartz Saat' }))], 2)
    s.removePlans([removed])
    const after = s.searchPlans({ text: 'zi', limit: 200 }).rows.map((r) => r.pk)
    expect(after).toEqual(zil.filter((pk) => pk !== renamed && pk !== removed))
    expect(s.searchPlans({ text: 'q', limit: 200 }).rows.map((r) => r.pk)).toContain(renamed)
  })

  it('keeps the sets through writes that leave the text alone', () => {
    const s = memoryStore()
    s.applyPlans(plans(100), 1)
    const kept = ShortTextMatches.for(s.db)
    const first = s.searchPlans({ text: 'a' })
    const builds = kept.builds
    s.setState('lastSyncAt', '2026-11-29T10:00:00.000Z')
    addEdit(s.db, first.rows[0].pk, { targetStatus: 'rejected' })
    s.applyPlans(plans(100), 2)
    const again = s.searchPlans({ text: 'a' })
    expect(kept.builds).toBe(builds)
    expect(again.total).toBe(first.total)
    // The edit's status shows although the set was kept: the rows are read afresh.
    expect(again.rows.find((r) => r.pk === first.rows[0].pk)?.status).toBe('rejected')
  })

  it('builds again, one at a time, the sets a change of the text dropped', () => {
    const s = memoryStore()
    s.applyPlans(plans(100), 1)
    const kept = ShortTextMatches.for(s.db)
    for (const text of ['a', 'k', 'z']) s.searchPlans({ text })
    // Nothing changed: nothing to build.
    const builds = kept.builds
    expect(s.rebuildShortTextMatches()).toBe(false)
    expect(kept.builds).toBe(builds)

    s.applyPlans([planInput(makePlan({ pk: 9000, product: 'Zarf Kalemi Ayraç' }))], 2)
    expect(s.rebuildShortTextMatches()).toBe(true)
    expect(s.rebuildShortTextMatches()).toBe(true)
    expect(s.rebuildShortTextMatches()).toBe(false)
    expect(kept.builds).toBe(builds + 3)
    // The rebuilt sets answer the next searches and hold the new plan.
    for (const text of ['a', 'k', 'z']) {
      const r = s.searchPlans({ text, sort: '-pk', limit: 1 })
      expect(r.rows[0].pk).toBe(9000)
      expect(r.total).toBe(reference(s, { text, sort: '-pk', limit: 1 }, true).total)
    }
    expect(kept.builds).toBe(builds + 3)
  })

  it('sees another connection\'s commit to the same cache file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-short-'))
    try {
      const a = openStore({ file: join(dir, 'cache.sqlite') }).store
      a.applyPlans(plans(100), 1)
      const before = a.searchPlans({ text: 'q', sort: 'pk' })
      const b = openStore({ file: join(dir, 'cache.sqlite') }).store
      b.applyPlans([planInput(makePlan({ pk: 7000, product: 'Quartz Saat' }))], 2)
      b.close()
      const after = a.searchPlans({ text: 'q', sort: 'pk' })
      expect(after.total).toBe(before.total + 1)
      expect(after.rows.map((r) => r.pk)).toContain(7000)
      a.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps at most MAX_SETS texts, dropping the least recently used', () => {
    const s = memoryStore()
    s.applyPlans(plans(50), 1)
    const kept = ShortTextMatches.for(s.db)
    const texts = Array.from({ length: MAX_SETS + 1 }, (_, i) => `${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`)
    for (const t of texts) s.searchPlans({ text: t })
    const builds = kept.builds
    // The newest are still kept; the first was dropped to make room for the last.
    s.searchPlans({ text: texts[MAX_SETS] })
    expect(kept.builds).toBe(builds)
    s.searchPlans({ text: texts[0] })
    expect(kept.builds).toBe(builds + 1)
  })
})
