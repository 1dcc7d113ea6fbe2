import { describe, expect, it } from 'vitest'
import { checkPlan, normalizeDate, orderStatusCode, readListPage, readStatuses } from '../../../main/omnitron/parse'
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
