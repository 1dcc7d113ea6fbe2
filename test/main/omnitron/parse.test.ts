import { describe, expect, it } from 'vitest'
import { MAX_PLAN_BYTES, checkPlan, normalizeDate, orderStatusCode, readListPage, readStatuses } from '../../../main/omnitron/parse'
import { makePlan } from '../store/fixtures'

describe('checkPlan', () => {
  it('accepts a good plan and keeps the raw JSON untouched', () => {
    const raw = makePlan({ pk: 5 })
    const r = checkPlan(raw)
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.plan.raw).toBe(raw)
      expect(r.plan.modifiedDate).toBe(new Date(raw.modified_date as string).toISOString())
    }
  })

  it.each([
    [{ ...makePlan({ pk: 1 }), pk: 'x' }, null, /pk is not a positive integer/],
    [{ ...makePlan({ pk: 1 }), pk: -3 }, null, /pk/],
    [{ ...makePlan({ pk: 2 }), status: 7 }, 2, /status/],
    [{ ...makePlan({ pk: 3 }), modified_date: 'yesterday' }, 3, /modified_date/],
    [{ ...makePlan({ pk: 4 }), modified_date: undefined }, 4, /modified_date is not a date \(missing\)/],
    [{ ...makePlan({ pk: 5 }), created_date: '2026-99-99' }, 5, /created_date/],
    [{ ...makePlan({ pk: 6 }), order: 'ORD-6' }, 6, /order is not an object/],
    [{ ...makePlan({ pk: 7 }), cancellationplanorderitem_set: {} }, 7, /not a list/],
    ['just a string', null, /not an object/],
  ])('rejects %#', (value, pk, reason) => {
    const r = checkPlan(value)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.rejected.pk).toBe(pk)
      expect(r.rejected.reason).toMatch(reason)
    }
  })

  it('accepts Order.status as a number or a numeric string', () => {
    expect(checkPlan(makePlan({ pk: 8, orderStatus: '100' })).ok).toBe(true)
    expect(checkPlan(makePlan({ pk: 9, orderStatus: 550 })).ok).toBe(true)
    expect(orderStatusCode('550')).toBe(550)
    expect(orderStatusCode(50)).toBe(50)
    expect(orderStatusCode('cancelled')).toBeNull()
  })

  it('rejects dates no plan can have: before 2000, or more than a day past the server clock', () => {
    const serverNow = Date.parse('2026-06-01T12:00:00Z')
    const reason = (plan: Record<string, unknown>) => {
      const r = checkPlan(plan, { serverNow })
      return r.ok ? null : r.rejected.reason
    }
    expect(reason({ ...makePlan({ pk: 1 }), modified_date: '2999-01-01T00:00:00Z' })).toBe("modified_date 2999-01-01 lies in the future (the server's clock says 2026-06-01)")
    expect(reason({ ...makePlan({ pk: 1 }), created_date: '1890-05-01T00:00:00Z' })).toBe('created_date 1890-05-01 is before 2000, not a believable date')
    expect(reason({ ...makePlan({ pk: 1 }), modified_date: '2026-06-02T11:00:00Z' })).toBeNull() // within a day: clocks drift
    expect(reason({ ...makePlan({ pk: 1 }), modified_date: '2026-06-02T13:00:00Z' })).toMatch(/lies in the future/)
    expect(reason({ ...makePlan({ pk: 1 }), created_date: null })).toBeNull()
  })

  it('rejects a plan too large to keep, or one that cannot be written as JSON', () => {
    const big = checkPlan({ ...makePlan({ pk: 3 }), note: 'x'.repeat(600 * 1024) })
    expect(big).toMatchObject({ ok: false, rejected: { pk: 3, reason: expect.stringMatching(/^the plan is \d+ KB as JSON, more than the 512 KB PlanDesk keeps of one plan$/) } })
    expect(checkPlan({ ...makePlan({ pk: 4 }), note: 'x'.repeat(100 * 1024) }).ok).toBe(true)
    let deep: unknown = []
    for (let i = 0; i < 20_000; i++) deep = [deep]
    expect(checkPlan({ ...makePlan({ pk: 5 }), extra: deep })).toMatchObject({ ok: false, rejected: { pk: 5, reason: 'the plan cannot be stored as JSON' } })
    expect(checkPlan({ ...makePlan({ pk: 6 }), pk: deep })).toMatchObject({ ok: false, rejected: { pk: null, reason: 'pk is not a positive integer (a list)' } })
  })

  it('normalizes dates with offsets to UTC', () => {
    expect(normalizeDate('2026-03-01T12:00:00+03:00')).toBe('2026-03-01T09:00:00.000Z')
    expect(normalizeDate('1')).toBeNull()
  })
})

describe('readListPage', () => {
  it('keeps good plans and reports bad ones by pk and reason', () => {
    const page = readListPage({
      count: 3,
      next: null,
      previous: null,
      results: [makePlan({ pk: 1 }), { ...makePlan({ pk: 2 }), status: null }, makePlan({ pk: 3 })],
    })
    expect(page.plans.map((p) => p.pk)).toEqual([1, 3])
    expect(page.rejected).toEqual([{ pk: 2, reason: expect.stringMatching(/status/) }])
    expect(page.resultSize).toBe(3)
  })

  it('keeps the first copy of a pk sent twice on a page and reports the others', () => {
    const page = readListPage({ count: 3, results: [makePlan({ pk: 1 }), { ...makePlan({ pk: 1 }), status: 'approved' }, makePlan({ pk: 2 })] })
    expect(page.plans.map((p) => [p.pk, p.status])).toEqual([[1, 'waiting'], [2, 'waiting']])
    expect(page.rejected).toEqual([{ pk: 1, reason: 'sent more than once on the same page; the first copy was kept' }])
    expect(page.duplicates).toEqual([1])
    expect(readListPage({ results: [makePlan({ pk: 1 })] }).duplicates).toEqual([])
  })

  it("gives each accepted plan its entry's text when the texts line up with the results, and none when they do not", () => {
    const results = [makePlan({ pk: 1 }), { ...makePlan({ pk: 2 }), status: null }, makePlan({ pk: 3 })]
    const texts = results.map((r) => JSON.stringify(r, null, 1))
    const page = readListPage({ count: 3, results }, { texts })
    expect(page.plans.map((p) => p.json)).toEqual([texts[0], texts[2]])
    expect(readListPage({ count: 3, results }, { texts: texts.slice(1) }).plans.map((p) => p.json)).toEqual([undefined, undefined])
    expect(readListPage({ count: 3, results }, { texts: [undefined, undefined, texts[2]] }).plans.map((p) => p.json)).toEqual([undefined, texts[2]])
    expect(readListPage({ count: 3, results }).plans.every((p) => !('json' in p))).toBe(true)
  })

  it("measures a plan by the text the cache would keep, when the page's text is at hand", () => {
    // Written out compactly the plan is small; as the server wrote it (wide indentation) it is too large.
    const big = { ...makePlan({ pk: 9 }), extra: Array.from({ length: 60_000 }, () => 1) }
    const wide = JSON.stringify(big, null, 10)
    expect(JSON.stringify(big).length).toBeLessThan(MAX_PLAN_BYTES)
    expect(wide.length).toBeGreaterThan(MAX_PLAN_BYTES)
    const results = [makePlan({ pk: 8 }), big]
    const page = readListPage({ results }, { texts: [JSON.stringify(results[0]), wide] })
    expect(page.plans.map((p) => p.pk)).toEqual([8])
    expect(page.rejected).toEqual([{ pk: 9, reason: expect.stringMatching(/as JSON, more than the 512 KB/) }])
    expect(readListPage({ results }).plans.map((p) => p.pk)).toEqual([8, 9])
  })

  it('flags unusable counts and refuses a body without results', () => {
    expect(readListPage({ count: -5, results: [] })).toMatchObject({ count: null, badCount: -5 })
    expect(readListPage({ count: '12', results: [] })).toMatchObject({ count: null, badCount: '12' })
    expect(readListPage({ results: [] })).toMatchObject({ count: null, badCount: undefined })
    expect(() => readListPage({ count: 1 })).toThrow(/without a results array/)
    expect(() => readListPage([])).toThrow(expect.objectContaining({ kind: 'malformed_response' }))
  })
})

describe('readStatuses', () => {
  it('reads the status map in server order', () => {
    expect(readStatuses({ cancellation_plan_statuses: { waiting: 'Bekliyor', completed: 'Tamamlandı' } })).toEqual([
      { key: 'waiting', label: 'Bekliyor' },
      { key: 'completed', label: 'Tamamlandı' },
    ])
    expect(() => readStatuses({})).toThrow(expect.objectContaining({ kind: 'malformed_response' }))
  })
})
