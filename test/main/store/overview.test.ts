import { describe, expect, it } from 'vitest'
import type { OverviewQuery } from '../../../preload/contract'
import { PER_DAY_SQL } from '../../../main/store/overview'
import { addEdit, memoryStore } from './helpers'

/** Local days of a store in UTC+3, as the renderer sends them (its midnight is 21:00 UTC the day before). */
const DAYS: OverviewQuery['days'] = [
  { day: '2026-03-10', from: '2026-03-09T21:00:00.000Z', to: '2026-03-10T21:00:00.000Z' },
  { day: '2026-03-11', from: '2026-03-10T21:00:00.000Z', to: '2026-03-11T21:00:00.000Z' },
  { day: '2026-03-12', from: '2026-03-11T21:00:00.000Z', to: '2026-03-12T21:00:00.000Z' },
]

/**
 * Five plans, counted by hand:
 *   1 waiting   cancel  10 Mar 10:00Z (local 10 Mar)  100.00 TRY  pending edit → approved
 *   2 waiting   refund  10 Mar 22:30Z (local 11 Mar)   50.50 TRY
 *   3 approved  refund  11 Mar 05:00Z (local 11 Mar)   20.00 EUR
 *   4 completed cancel  11 Mar 06:00Z (local 11 Mar)   30.25 TRY  pending payment plan (status unchanged)
 *   5 waiting   cancel   1 Mar (outside the days)     999.00 TRY  an applied edit (no longer open)
 */
function seeded() {
  const store = memoryStore([
    { pk: 1, status: 'waiting', plan_type: 'cancel', created: '2026-03-10T10:00:00Z', refund: 100, currency: 'try' },
    { pk: 2, status: 'waiting', plan_type: 'refund', created: '2026-03-10T22:30:00Z', refund: 50.5, currency: 'try' },
    { pk: 3, status: 'approved', plan_type: 'refund', created: '2026-03-11T05:00:00Z', refund: 20, currency: 'eur' },
    { pk: 4, status: 'completed', plan_type: 'cancel', created: '2026-03-11T06:00:00Z', refund: 30.25, currency: 'try' },
    { pk: 5, status: 'waiting', plan_type: 'cancel', created: '2026-03-01T12:00:00Z', refund: 999, currency: 'try' },
  ])
  addEdit(store.db, 1, { targetStatus: 'approved' })
  addEdit(store.db, 4, { kind: 'payment_plan' })
  addEdit(store.db, 5, { targetStatus: 'cancelled', state: 'applied' })
  return store
}

const sorted = <T extends { count: number }>(list: T[], key: (t: T) => string) => [...list].sort((a, b) => key(a).localeCompare(key(b)))

describe('PlanStore.overview', () => {
  it('counts statuses as the person sees them, types, and local changes', () => {
    const o = seeded().overview({ days: DAYS })
    expect(o.total).toBe(5)
    expect(sorted(o.byStatus, (s) => s.status)).toEqual([
      { status: 'approved', count: 2 },
      { status: 'completed', count: 1 },
      { status: 'waiting', count: 2 },
    ])
    expect(sorted(o.byType, (t) => t.planType)).toEqual([
      { planType: 'cancel', count: 3 },
      { planType: 'refund', count: 2 },
    ])
    expect(o.localChanges).toEqual({ open: 2, plans: 2 })
  })

  it('totals refunds per local day, one series per currency, never adding currencies together', () => {
    const o = seeded().overview({ days: DAYS })
    expect(o.days).toEqual([
      { day: '2026-03-10', count: 1 },
      { day: '2026-03-11', count: 3 },
      { day: '2026-03-12', count: 0 },
    ])
    expect(o.refunds).toEqual([
      {
        currency: 'TRY',
        days: [
          { day: '2026-03-10', total: 100, count: 1 },
          { day: '2026-03-11', total: 80.75, count: 2 },
          { day: '2026-03-12', total: 0, count: 0 },
        ],
      },
      {
        currency: 'EUR',
        days: [
          { day: '2026-03-10', total: 0, count: 0 },
          { day: '2026-03-11', total: 20, count: 1 },
          { day: '2026-03-12', total: 0, count: 0 },
        ],
      },
    ])
  })

  it('agrees with the list: each count is what the same filter finds', () => {
    const store = seeded()
    const o = store.overview({ days: DAYS })
    for (const s of o.byStatus) expect(store.searchPlans({ statuses: [s.status as 'waiting'], limit: 1 }).total).toBe(s.count)
    for (const t of o.byType) expect(store.searchPlans({ planType: t.planType as 'cancel', limit: 1 }).total).toBe(t.count)
    for (const [i, d] of o.days.entries()) {
      // The list's upper bound is the last millisecond of the day (view-search.ts dayEnd).
      const createdTo = new Date(Date.parse(DAYS[i].to) - 1).toISOString()
      expect(store.searchPlans({ createdFrom: DAYS[i].from, createdTo, limit: 1 }).total).toBe(d.count)
    }
    expect(store.searchPlans({ hasPendingEdits: true, limit: 1 }).total).toBe(o.localChanges.plans)
  })

  it('answers an empty cache with zeros', () => {
    const o = memoryStore().overview({ days: DAYS })
    expect(o).toEqual({ total: 0, byStatus: [], byType: [], days: DAYS.map((d) => ({ day: d.day, count: 0 })), refunds: [], localChanges: { open: 0, plans: 0 } })
  })

  it('reads each day as a range of the created-date index', () => {
    const store = seeded()
    const plan = store.db
      .prepare(`EXPLAIN QUERY PLAN ${PER_DAY_SQL}`)
      .all(JSON.stringify(DAYS)) as Array<{ detail: string }>
    expect(plan.map((r) => r.detail).join('\n')).toMatch(/SEARCH p USING INDEX idx_plans_created_date \(created_date>\? AND created_date<\?\)/)
  })
})
