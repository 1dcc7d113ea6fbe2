import { describe, expect, it } from 'vitest'
import type { SearchQuery } from '../../../preload/contract'
import type { ReadableDB } from '../../../main/store/connection'
import { BadCursorError, buildSearchSql, groupCountSql, PlanQueries, shouldSetTextAside, shouldWalkSortIndex } from '../../../main/store/search'
import { SORT_FIELDS } from '../../../preload/contract'
import { makePlan, planInput } from './fixtures'
import { addEdit, memoryStore } from './helpers'

function store() {
  const s = memoryStore([
    { pk: 1, status: 'waiting', plan_type: 'cancel', product: 'Işık Masa Lambası', channel: 1, store: 'S1', staff: 'ST1', created: '2026-01-10T10:00:00Z', refund: 10 },
    { pk: 2, status: 'approved', plan_type: 'refund', product: 'Kahve Makinesi', reason: 'İade talebi', channel: 2, store: 'S2', staff: 'ST2', created: '2026-01-20T10:00:00Z', refund: 30 },
    { pk: 3, status: 'completed', plan_type: 'refund', product: 'Çay Bardağı', sku: 'CAY-7781', baseCode: 'BC-CAY', channel: 2, store: 'S1', staff: 'ST1', created: '2026-02-05T10:00:00Z', refund: 20, username: 'zeynep', firstName: 'Zeynep', lastName: 'Öztürk' },
    { pk: 44, status: 'waiting', product: 'Ütü', orderNumber: 'ORD-XYZ-9', invoice: 'FTR2026000123', tracking: '1Z999AA10123456784', carrierCode: 'YK-55512', customer: 777, created: '2026-02-10T10:00:00Z', refund: 5 },
  ])
  s.channels.set(1, 'web')
  s.channels.set(2, 'trendyol')
  return s
}
const pks = (r: { rows: Array<{ pk: number }> }) => r.rows.map((x) => x.pk)

describe('searchPlans', () => {
  it('returns summaries with the contract fields', () => {
    const r = store().searchPlans({ text: 'kahve' })
    expect(r.total).toBe(1)
    expect(r.rows[0]).toEqual({
      pk: 2,
      status: 'approved',
      serverStatus: 'approved',
      planType: 'refund',
      orderId: 10_002,
      orderNumber: 'ORD-2',
      channelId: 2,
      channelType: 'trendyol',
      customerId: 502,
      storeRemoteId: 'S2',
      staffRemoteId: 'ST2',
      invoiceNumber: 'INV-2',
      refundAmount: 30,
      currency: 'TRY',
      itemCount: 1,
      firstProductName: 'Kahve Makinesi',
      createdDate: '2026-01-20T10:00:00.000Z',
      modifiedDate: new Date(makePlan({ pk: 2 }).modified_date as string).toISOString(),
      pendingEdits: 0,
      localState: null,
      note: null,
    })
  })

  it.each<[string, string, number[]]>([
    ['plan pk', '44', [44]],
    ['order number', 'ORD-XYZ', [44]],
    ['invoice number', 'FTR2026000123', [44]],
    ['tracking number', '1Z999AA', [44]],
    ['carrier code', 'YK-555', [44]],
    ['product name', 'lamba', [1]],
    ['sku', 'cay-778', [3]],
    ['base code', 'BC-CAY', [3]],
    ['reason subject', 'talebi', [2]],
    ['store remote id', 'S2', [2]],
    ['staff remote id', 'ST2', [2]],
    ['creator name', 'zeyn', [3]],
    ['creator surname with Ö', 'ozturk', [3]],
    ['ışık', 'ışık', [1]],
    ['IŞIK', 'IŞIK', [1]],
    ['isik', 'isik', [1]],
    ['İade', 'İade', [2]],
    ['iade', 'iade', [2]],
    ['çay as cay', 'cay bard', [3]],
    ['ütü as UTU', 'UTU', [44]],
  ])('finds by %s', (_n, text, expected) => {
    expect(pks(store().searchPlans({ text, sort: 'pk' }))).toEqual(expected)
  })

  it('applies each filter', () => {
    const s = store()
    expect(pks(s.searchPlans({ statuses: ['waiting'], sort: 'pk' }))).toEqual([1, 44])
    expect(pks(s.searchPlans({ statuses: ['waiting', 'completed'], sort: 'pk' }))).toEqual([1, 3, 44])
    expect(pks(s.searchPlans({ planType: 'refund', sort: 'pk' }))).toEqual([2, 3])
    expect(pks(s.searchPlans({ channelType: 'trendyol', sort: 'pk' }))).toEqual([2, 3])
    expect(pks(s.searchPlans({ channelIds: [1], sort: 'pk' }))).toEqual([1, 44])
    expect(pks(s.searchPlans({ storeRemoteId: 'S1', sort: 'pk' }))).toEqual([1, 3])
    expect(pks(s.searchPlans({ staffRemoteId: 'ST2' }))).toEqual([2])
    expect(pks(s.searchPlans({ createdFrom: '2026-01-20', createdTo: '2026-02-05', sort: 'pk' }))).toEqual([2, 3])
    expect(pks(s.searchPlans({ createdTo: '2026-01-20T09:00:00Z' }))).toEqual([1])
    expect(pks(s.searchPlans({ invoiceNumber: 'FTR2026000123' }))).toEqual([44])
    expect(pks(s.searchPlans({ orderNumber: 'ORD-3' }))).toEqual([3])
    expect(pks(s.searchPlans({ customerId: 777 }))).toEqual([44])
    expect(pks(s.searchPlans({ hasPendingEdits: true }))).toEqual([])
    expect(s.searchPlans({ hasPendingEdits: false }).total).toBe(4)
    expect(pks(s.searchPlans({ text: 'ST1', planType: 'refund' }))).toEqual([3])
  })

  it('sorts, pages and counts', () => {
    const s = store()
    expect(pks(s.searchPlans({}))).toEqual([44, 3, 2, 1])
    expect(pks(s.searchPlans({ sort: 'refund_amount' }))).toEqual([44, 1, 3, 2])
    expect(pks(s.searchPlans({ sort: '-pk', limit: 2, offset: 1 }))).toEqual([3, 2])
    expect(s.searchPlans({ sort: '-pk', limit: 2, offset: 1 }).total).toBe(4)
    expect(pks(s.searchPlans({ sort: 'status' }))).toEqual([2, 3, 1, 44])
  })

  it('filters and sorts by the display status of the overlay', () => {
    const s = store()
    // Two open edits of plan 1: the newest status change that can still land is what the plan
    // shows; a refused one shows nothing of its own (its plan is marked).
    addEdit(s.db, 1, { targetStatus: 'rejected' })
    addEdit(s.db, 1, { targetStatus: 'approved', state: 'failed' })
    expect(pks(s.searchPlans({ statuses: ['rejected'] }))).toEqual([1])
    expect(pks(s.searchPlans({ statuses: ['approved'] }))).toEqual([2])
    expect(pks(s.searchPlans({ statuses: ['waiting'] }))).toEqual([44])
    expect(s.searchPlans({ hasPendingEdits: true }).rows[0]).toMatchObject({
      pk: 1,
      status: 'rejected',
      serverStatus: 'waiting',
      pendingEdits: 2,
      localState: 'failed',
      note: { state: 'failed', mine: 'approved' },
    })
    expect(pks(s.searchPlans({ sort: 'status' }))).toEqual([2, 3, 1, 44])
    expect(s.getPlan(1)!.local.pendingEdits).toBe(2)
  })

  it('takes the first and the last dates a search may name (years 1 and 9999) without failing', () => {
    const s = memoryStore([{ pk: 1 }])
    for (const d of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '9999-12-31', '0001-01-01']) {
      expect(() => s.searchPlans({ createdFrom: d, createdTo: d, modifiedFrom: d, modifiedTo: d }), d).not.toThrow()
    }
    expect(s.searchPlans({ createdFrom: '0001-01-01', modifiedTo: '9999-12-31' }).total).toBe(1)
  })

  it('ignores text with nothing searchable and survives FTS syntax', () => {
    const s = store()
    expect(s.searchPlans({ text: ' - ' }).total).toBe(4)
    expect(s.searchPlans({ text: '"lamba" OR NEAR(' }).total).toBe(0)
    expect(s.searchPlans({ text: 'lamba*' }).total).toBe(1)
  })
})

describe('getPlan', () => {
  it('returns the server JSON untouched plus local state', () => {
    const s = store()
    const d = s.getPlan(3)!
    expect(d.server).toEqual(makePlan({ pk: 3, status: 'completed', plan_type: 'refund', product: 'Çay Bardağı', sku: 'CAY-7781', baseCode: 'BC-CAY', channel: 2, store: 'S1', staff: 'ST1', created: '2026-02-05T10:00:00Z', refund: 20, username: 'zeynep', firstName: 'Zeynep', lastName: 'Öztürk' }))
    expect(d.local.pendingEdits).toBe(0)
    expect(Date.parse(d.local.syncedAt)).not.toBeNaN()
    expect(s.getPlan(999)).toBeNull()
  })
})

describe('query plans', () => {
  it('walking the sort index returns exactly what the filter indexes return', () => {
    const s = memoryStore()
    const statuses = ['waiting', 'approved', 'completed', 'rejected']
    s.applyPlans(
      Array.from({ length: 600 }, (_, i) =>
        planInput(
          makePlan({
            pk: i + 1,
            status: statuses[i % 4],
            plan_type: i % 3 === 0 ? 'refund' : 'cancel',
            store: `S${i % 7}`,
            product: i % 5 === 0 ? 'Işık Lamba' : 'Kettle',
            created: new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 600) * 3_600_000).toISOString(),
            refund: (i * 31) % 97,
          }),
        ),
      ),
      1,
    )
    addEdit(s.db, 5, { targetStatus: 'rejected' })
    const queries: SearchQuery[] = [
      { statuses: ['waiting', 'approved'] },
      { statuses: ['rejected'], sort: 'created_date' },
      { text: 'isik', sort: '-refund_amount', offset: 10, limit: 7 },
      { planType: 'refund', storeRemoteId: 'S3', sort: '-modified_date' },
      { createdFrom: '2026-01-05', createdTo: '2026-01-20', statuses: ['completed'] },
      { text: 'kettle', planType: 'cancel', sort: 'pk', offset: 30, limit: 20 },
    ]
    for (const overlayEmpty of [false, true]) {
      if (overlayEmpty) s.db.prepare("UPDATE outbox SET state = 'applied', finished_at = updated_at").run()
      for (const q of queries) {
        const run = (opts: { walkSortIndex?: boolean; textAside?: boolean; sortMatches?: boolean }) => {
          const sql = buildSearchSql(q, { overlayEmpty, ...opts })
          return [s.db.prepare(sql.rowsSql).all(...sql.rowParams, q.limit ?? 50, q.offset ?? 0), s.db.prepare(sql.countSql).get(...sql.params)]
        }
        const plain = run({})
        expect(plain[0]).not.toHaveLength(0)
        expect(run({ walkSortIndex: true })).toEqual(plain)
        // The other ways of finding the same rows give the same rows and the same count.
        expect(run({ textAside: true })).toEqual(plain)
        expect(run({ sortMatches: true })).toEqual(plain)
        expect(run({ textAside: true, sortMatches: true })).toEqual(plain)
      }
    }
  })

  it('walks the sort index only when the matches are many', () => {
    expect(shouldWalkSortIndex({}, 40_000, 100_000)).toBe(true)
    expect(shouldWalkSortIndex({}, 10, 100_000)).toBe(false)
    expect(shouldWalkSortIndex({ offset: 39_000 }, 40_000, 100_000)).toBe(false)
    expect(shouldWalkSortIndex({ sort: 'status' }, 40_000, 100_000)).toBe(false)
    // A range of one date is bunched together along the other date: never walk the other one.
    expect(shouldWalkSortIndex({ createdFrom: '2026-01-01', sort: 'modified_date' }, 40_000, 100_000)).toBe(false)
    expect(shouldWalkSortIndex({ modifiedTo: '2026-01-01', sort: '-created_date' }, 40_000, 100_000)).toBe(false)
    expect(shouldWalkSortIndex({ createdFrom: '2026-01-01', sort: '-created_date' }, 40_000, 100_000)).toBe(true)
    expect(shouldWalkSortIndex({ createdTo: '2026-01-01', sort: 'refund_amount' }, 40_000, 100_000)).toBe(true)
  })

  it('counts only the plans matching the text as looked up when a walk tests a text on the index', () => {
    // A word on 10% of the plans and a channel type: 5,000 matches of 300,000. Without the text,
    // a walk would look up 12,000 plans to find a page; with it, about 1,200.
    const q: SearchQuery = { text: 'kazak', channelType: 'trendyol', sort: '-created_date', limit: 200 }
    expect(shouldWalkSortIndex(q, 5_000, 300_000, true)).toBe(false)
    expect(shouldWalkSortIndex(q, 5_000, 300_000, true, 30_000)).toBe(true)
    // Still not for a text matching nearly every plan, nor for a page deep in the matches.
    expect(shouldWalkSortIndex(q, 5_000, 300_000, true, 290_000)).toBe(false)
    expect(shouldWalkSortIndex({ ...q, offset: 4_000 }, 5_000, 300_000, true, 30_000)).toBe(false)
  })
})

describe('text beside filters', () => {
  it('sets the text aside only beside a filter an index serves, and only for a broad text', () => {
    expect(shouldSetTextAside({ text: 'ka', storeRemoteId: 'S1' }, () => 5_000, 100_000)).toBe(true)
    expect(shouldSetTextAside({ text: 'ka', createdFrom: '2026-01-01' }, () => 50_000, 100_000)).toBe(true)
    // An order number matches one plan: looking it up beats reading a filter's index.
    expect(shouldSetTextAside({ text: 'ORD-1', storeRemoteId: 'S1' }, () => 1, 100_000)).toBe(false)
    // No indexed filter: setting the text aside would read every plan.
    expect(shouldSetTextAside({ text: 'ka' }, () => 50_000, 100_000)).toBe(false)
    expect(shouldSetTextAside({ text: 'ka', hasPendingEdits: false }, () => 50_000, 100_000)).toBe(false)
  })

  it("reads the filter's index and tests the text's matches there, instead of looking up every match", () => {
    const s = memoryStore()
    s.applyPlans(
      Array.from({ length: 400 }, (_, i) => planInput(makePlan({ pk: i + 1, channel: 1 + (i % 9), product: 'Kettle' }))),
      1,
    )
    const q: SearchQuery = { text: 'kettle', channelIds: [3] }
    const plan = (textAside: boolean) => {
      const { countSql, params } = buildSearchSql(q, { overlayEmpty: true, textAside })
      return (s.db.prepare(`EXPLAIN QUERY PLAN ${countSql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n')
    }
    expect(plan(true)).toMatch(/USING COVERING INDEX idx_plans_channel_id \(channel_id=\?\)/)
    expect(plan(false)).toMatch(/rowid=\?/)
  })

  it('finds few matches by the most selective filter, not by an index that happens to give the order', () => {
    const s = memoryStore()
    s.applyPlans(
      Array.from({ length: 400 }, (_, i) =>
        planInput(makePlan({ pk: i + 1, plan_type: i % 2 ? 'refund' : 'cancel', status: ['waiting', 'approved'][i % 2 ? 0 : 1], channel: 1 + (i % 31), product: 'Kettle' })),
      ),
      1,
    )
    const q: SearchQuery = { text: 'kettle', planType: 'refund', channelIds: [8], sort: '-status' }
    const plan = (sortMatches: boolean) => {
      const { rowsSql, rowParams } = buildSearchSql(q, { overlayEmpty: true, textAside: true, sortMatches })
      return (s.db.prepare(`EXPLAIN QUERY PLAN ${rowsSql}`).all(...rowParams, 50, 0) as Array<{ detail: string }>).map((r) => r.detail).join('\n')
    }
    expect(plan(false)).toMatch(/idx_plans_type_status/)
    expect(plan(true)).toMatch(/idx_plans_channel_id/)
    expect(plan(true)).not.toMatch(/idx_plans_type_status/)
  })
})

describe('keyset paging', () => {
  function big() {
    const s = memoryStore()
    const statuses = ['waiting', 'approved', 'completed', 'rejected']
    s.applyPlans(
      Array.from({ length: 300 }, (_, i) =>
        planInput(
          makePlan({
            pk: i + 1,
            status: statuses[(i * 7) % 4],
            plan_type: i % 3 === 0 ? 'refund' : 'cancel',
            product: i % 5 === 0 ? 'Işık Lamba' : 'Kettle',
            // Many ties, so the pk decides the order inside a value.
            created: new Date(Date.UTC(2026, 0, 1) + (i % 17) * 3_600_000).toISOString(),
            modified: new Date(Date.UTC(2026, 1, 1) + (i % 13) * 60_000).toISOString(),
            refund: (i * 31) % 7,
          }),
        ),
      ),
      1,
    )
    // Columns the server may leave empty: NULL sorts first, and the cursor must step over it.
    s.db.prepare('UPDATE plans SET refund_amount = NULL WHERE pk % 9 = 0').run()
    s.db.prepare('UPDATE plans SET created_date = NULL WHERE pk % 11 = 0').run()
    return s
  }

  /** Every row of a search, page by page, following nextCursor. */
  function walk(s: ReturnType<typeof memoryStore>, q: SearchQuery): { pks: number[]; pages: number } {
    const out: number[] = []
    let cursor: string | undefined
    let pages = 0
    for (;;) {
      const r = s.searchPlans({ ...q, cursor })
      pages++
      out.push(...pks(r))
      if (r.nextCursor === undefined) return { pks: out, pages }
      cursor = r.nextCursor
    }
  }

  it('walks every sort, with and without filters and pending edits, in exactly the order of one big page', () => {
    const s = big()
    addEdit(s.db, 5, { targetStatus: 'rejected' })
    addEdit(s.db, 6, { targetStatus: 'waiting' })
    for (const pending of [true, false]) {
      if (!pending) s.db.prepare("UPDATE outbox SET state = 'applied', finished_at = updated_at").run()
      for (const sort of SORT_FIELDS) {
        for (const filter of [{}, { statuses: ['waiting', 'rejected'] }, { text: 'kettle', planType: 'cancel' }] as SearchQuery[]) {
          const q: SearchQuery = { ...filter, sort }
          const all = s.searchPlans({ ...q, limit: 1000 })
          expect(all.nextCursor).toBeUndefined()
          const paged = walk(s, { ...q, limit: 23 })
          expect(paged.pks, `${sort} ${JSON.stringify(filter)} pending=${pending}`).toEqual(pks(all))
          expect(paged.pages).toBe(Math.max(1, Math.ceil(all.total / 23)))
        }
      }
    }
  })

  it('hands out a cursor after an offset page too, and none after the last page', () => {
    const s = big()
    const first = s.searchPlans({ sort: '-modified_date', limit: 50, offset: 100 })
    const next = s.searchPlans({ sort: '-modified_date', limit: 50, cursor: first.nextCursor })
    expect(pks(next)).toEqual(pks(s.searchPlans({ sort: '-modified_date', limit: 50, offset: 150 })))
    expect(next.total).toBe(300)
    expect(s.searchPlans({ sort: '-modified_date', limit: 50, offset: 250 }).nextCursor).toBeUndefined()
  })

  it('refuses a cursor made for another sort, or not made by PlanDesk, as a validation error', () => {
    const s = big()
    const { nextCursor } = s.searchPlans({ sort: 'pk', limit: 10 })
    expect(() => s.searchPlans({ sort: '-pk', cursor: nextCursor })).toThrow(BadCursorError)
    for (const bad of ['', 'not-base64!', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["pk",{},3]').toString('base64url')]) {
      expect(() => s.searchPlans({ sort: 'pk', cursor: bad })).toThrow(expect.objectContaining({ code: 'validation' }))
    }
  })

  it('starts the page at the cursor in the sort index instead of stepping over what came before', () => {
    const s = big()
    const { nextCursor } = s.searchPlans({ sort: '-modified_date', limit: 10 })
    const explain = (q: SearchQuery, overlayEmpty: boolean) => {
      const sql = buildSearchSql(q, { overlayEmpty, after: q.cursor ? { sort: q.sort!, value: '2026-02-01T00:05:00.000Z', pk: 100 } : null })
      return (s.db.prepare(`EXPLAIN QUERY PLAN ${sql.rowsSql}`).all(...sql.rowParams, 10, 0) as Array<{ detail: string }>).map((r) => r.detail).join('\n')
    }
    expect(nextCursor).toBeDefined()
    expect(explain({ sort: '-modified_date', cursor: nextCursor }, true)).toMatch(/SEARCH p USING (COVERING )?INDEX idx_plans_modified_date \(modified_date<\?\)/)
    // With no pending edits, the status the person sees is the server's: its index orders it.
    expect(explain({ sort: 'status' }, true)).toMatch(/idx_plans_status/)
    expect(explain({ sort: 'status' }, true)).not.toMatch(/USE TEMP B-TREE FOR ORDER BY[\s\S]*USE TEMP B-TREE FOR ORDER BY/)
  })

  it('reads the rows of the page by primary key, never by scanning every plan for them', () => {
    const s = big()
    const queries: SearchQuery[] = [{}, { text: 'kettle' }, { statuses: ['waiting'] }, { planType: 'refund', storeRemoteId: 'S1' }, { hasPendingEdits: false }]
    for (const sort of SORT_FIELDS) {
      for (const q of queries) {
        for (const walk of [false, true]) {
          const sql = buildSearchSql({ ...q, sort }, { overlayEmpty: true, walkSortIndex: walk })
          const plan = (s.db.prepare(`EXPLAIN QUERY PLAN ${sql.rowsSql}`).all(...sql.rowParams, 10, 0) as Array<{ detail: string; parent: number }>)
            .filter((r) => r.parent === 0)
            .map((r) => r.detail)
          // The page is the outer loop and each of its plans is one primary-key lookup.
          expect(plan.filter((d) => /^(SCAN|SEARCH) /.test(d)).slice(0, 2), `${sort} ${JSON.stringify(q)} walk=${walk}`).toEqual([
            'SCAN page',
            'SEARCH p USING INTEGER PRIMARY KEY (rowid=?)',
          ])
        }
      }
    }
  })
})

describe('refund sort across currencies', () => {
  /** 12 TRY plans, 5 EUR, 3 USD and 2 without a currency, with amounts that interleave across currencies. */
  function mixed() {
    const s = memoryStore()
    const currencies = [...Array(12).fill('try'), ...Array(5).fill('eur'), ...Array(3).fill('usd'), null, null]
    s.applyPlans(
      currencies.map((currency, i) => planInput(makePlan({ pk: i + 1, refund: ((i * 37) % 23) + 0.5, currency: currency ?? undefined }))),
      1,
    )
    s.db.prepare("UPDATE plans SET currency = NULL WHERE pk > 20").run()
    return s
  }
  const expected = (s: ReturnType<typeof memoryStore>, dir: 'asc' | 'desc') => {
    const all = s.db.prepare('SELECT pk, currency, refund_amount AS amount FROM plans').all() as Array<{ pk: number; currency: string | null; amount: number }>
    const rank = (c: string | null) => (c === 'TRY' ? 0 : c === 'EUR' ? 1 : c === 'USD' ? 2 : 3)
    const sign = dir === 'desc' ? -1 : 1
    return all.sort((a, b) => rank(a.currency) - rank(b.currency) || sign * (a.amount - b.amount) || sign * (a.pk - b.pk)).map((r) => r.pk)
  }

  it('lists each currency together, the currency of most plans first, by amount within it', () => {
    const s = mixed()
    const largest = s.searchPlans({ sort: '-refund_amount', limit: 100 })
    expect(largest.rows.map((r) => r.currency)).toEqual([...Array(12).fill('TRY'), ...Array(5).fill('EUR'), ...Array(3).fill('USD'), null, null])
    expect(pks(largest)).toEqual(expected(s, 'desc'))
    expect(pks(s.searchPlans({ sort: 'refund_amount', limit: 100 }))).toEqual(expected(s, 'asc'))
  })

  it('pages across the currencies by cursor and by offset alike', () => {
    const s = mixed()
    const want = expected(s, 'desc')
    const byCursor: number[] = []
    let cursor: string | undefined
    do {
      const page = s.searchPlans({ sort: '-refund_amount', limit: 4, cursor })
      byCursor.push(...pks(page))
      cursor = page.nextCursor
    } while (cursor)
    expect(byCursor).toEqual(want)
    for (const offset of [0, 3, 11, 12, 16, 17, 19, 20, 21]) {
      expect(pks(s.searchPlans({ sort: '-refund_amount', limit: 5, offset })), `offset ${offset}`).toEqual(want.slice(offset, offset + 5))
    }
    // With a filter too: the waiting plans only.
    s.db.prepare("UPDATE plans SET status = 'approved' WHERE pk % 3 = 0").run()
    const waiting = want.filter((pk) => pk % 3 !== 0)
    expect(pks(s.searchPlans({ sort: '-refund_amount', statuses: ['waiting'], limit: 3, offset: 8 }))).toEqual(waiting.slice(8, 11))
  })

  it('sorts within one currency when a currency filter is set', () => {
    const s = mixed()
    const eur = s.searchPlans({ sort: '-refund_amount', currency: 'EUR', limit: 100 })
    expect(eur.total).toBe(5)
    expect(pks(eur)).toEqual(expected(s, 'desc').filter((pk) => pk >= 13 && pk <= 17))
  })

  it('refuses a cursor of a plain sort for a sort across currencies, and the other way round', () => {
    const s = mixed()
    const plain = s.searchPlans({ sort: '-refund_amount', currency: 'TRY', limit: 2 }).nextCursor
    const grouped = s.searchPlans({ sort: '-refund_amount', limit: 2 }).nextCursor
    expect(() => s.searchPlans({ sort: '-refund_amount', cursor: plain })).toThrow(BadCursorError)
    expect(() => s.searchPlans({ sort: '-refund_amount', currency: 'TRY', cursor: grouped })).toThrow(BadCursorError)
  })

  it("counts the cache's plans and, for a deep page without filters, its plans per currency once until the cache changes", () => {
    const s = mixed()
    // The store's connection, counting how often each statement runs.
    const runs = new Map<string, number>()
    const db: ReadableDB = {
      prepare: ((sql: string) => {
        const st = s.db.prepare(sql)
        const counted = <F extends (...a: never[]) => unknown>(f: F) => ((...a: Parameters<F>) => (runs.set(sql, (runs.get(sql) ?? 0) + 1), f(...a))) as F
        return Object.assign(st, { get: counted(st.get.bind(st)), all: counted(st.all.bind(st)) })
      }) as ReadableDB['prepare'],
      transaction: s.db.transaction.bind(s.db),
      function: s.db.function.bind(s.db),
      get inTransaction() {
        return s.db.inTransaction
      },
    }
    const queries = new PlanQueries(db)
    const ran = (pattern: RegExp) => [...runs].filter(([sql]) => pattern.test(sql)).reduce((n, [, r]) => n + r, 0)
    const want = expected(s, 'desc')
    for (const offset of [3, 12, 17]) expect(pks(queries.search({ sort: '-refund_amount', limit: 5, offset }))).toEqual(want.slice(offset, offset + 5))
    queries.search({ statuses: ['waiting'] })
    expect(ran(/^SELECT count\(\*\) AS n FROM plans$/)).toBe(1)
    expect(ran(/GROUP BY (p\.)?currency/)).toBe(1)
    // A filtered search counts its own matches per currency.
    queries.search({ sort: '-refund_amount', statuses: ['waiting'], limit: 3, offset: 8 })
    expect(ran(/GROUP BY (p\.)?currency/)).toBe(2)
    // A text alone: its matches are its total, counted once (not again for the page's choice of index).
    expect(queries.search({ text: 'product', limit: 5 }).total).toBe(want.length)
    expect(ran(/^SELECT count\(\*\) AS n FROM plans_fts WHERE plans_fts MATCH/)).toBe(1)
    // After a change of the cache, counted again, and right.
    s.applyPlans([planInput(makePlan({ pk: 99, refund: 1, currency: 'usd' }))], 9)
    expect(queries.search({}).total).toBe(want.length + 1)
    expect(ran(/^SELECT count\(\*\) AS n FROM plans$/)).toBe(2)
  })

  it('walks the refund index for each currency, without sorting every plan', () => {
    const s = mixed()
    const explain = (sql: string, params: unknown[]) => (s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n')
    const sql = buildSearchSql({ sort: '-refund_amount', currencyGroup: 'EUR' }, { overlayEmpty: true, walkSortIndex: true })
    const plan = explain(sql.rowsSql, [...sql.rowParams, 10, 0])
    // One range of the index leading with the currency: its entries hold the currency, so a deep page reads no table row to skip one.
    expect(plan).toMatch(/SEARCH p USING (COVERING )?INDEX idx_plans_currency_refund \(currency=\?\)/)
    expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY[\s\S]*TEMP B-TREE FOR ORDER BY/)
    // The counts per currency, for a jump to an offset: one pass over the matches, grouped.
    const counts = groupCountSql({ statuses: ['waiting'] }, true)
    expect(explain(counts.sql, counts.params)).toMatch(/SEARCH p USING INDEX idx_plans_status \(status=\?\)/)
  })
})
