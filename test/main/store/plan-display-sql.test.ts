/**
 * The SQL the cache filters, sorts and counts by (the `plan_local` view) and the rule every
 * summary is made with (planShown, main/domain/plan-display.ts) give the same answers, for every
 * pair of outbox states two status changes of a plan can be in, with a payment plan beside them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { planShown, type PlanChange } from '../../../main/domain'
import { LOCAL_STATE_BY_SEVERITY, OUTBOX_STATES, type OutboxState } from '../../../main/outbox/states'
import type { PlanStore } from '../../../main/store'
import { addEdit, memoryStore } from './helpers'

const THEIRS = { status: 'rejected', modifiedDate: '2026-03-02T09:15:00.000Z', paymentPlan: null, by: 'Kerem Aydemir' }
const REFUSED = { code: 'validation', message: 'Cancellation plan in final status "completed" cannot be changed.' }

interface Case {
  pk: number
  changes: PlanChange[]
}

let store: PlanStore
const cases: Case[] = []

beforeAll(() => {
  const combos: Array<[OutboxState, OutboxState, OutboxState | null]> = []
  for (const a of OUTBOX_STATES) for (const b of OUTBOX_STATES) combos.push([a, b, null])
  for (const c of OUTBOX_STATES) combos.push(['failed', 'pending', c], ['applied', 'applied', c])
  store = memoryStore(combos.map((_, i) => ({ pk: i + 1, status: i % 3 === 0 ? 'completed' : 'approved' })))
  combos.forEach(([a, b, pp], i) => {
    const pk = i + 1
    const changes: PlanChange[] = []
    const add = (state: OutboxState, kind: 'status' | 'payment_plan', target: string | null) => {
      const lastError = state === 'failed' ? REFUSED : null
      const server = state === 'conflict' || state === 'needs_checking' ? THEIRS : null
      const id = addEdit(store.db, pk, { state, kind, targetStatus: target ?? undefined, lastError, server })
      changes.push({ id, state, kind, targetStatus: target, lastError: lastError as PlanChange['lastError'], result: null, server })
    }
    add(a, 'status', 'waiting_supplier')
    if (pp) add(pp, 'payment_plan', null)
    add(b, 'status', 'cancelled')
    cases.push({ pk, changes })
  })
})
afterAll(() => store.close())

function serverStatus(pk: number): string {
  return store.db.prepare('SELECT status FROM plans WHERE pk = ?').pluck().get(pk) as string
}

describe('the plan_local view and planShown', () => {
  it('agree on the status shown, the open count and the marker of every plan', () => {
    const view = store.db.prepare('SELECT COALESCE(o.status, p.status) AS status, COALESCE(o.pending_edits, 0) AS n, o.severity AS severity FROM plans p LEFT JOIN plan_local o ON o.plan_pk = p.pk WHERE p.pk = ?')
    for (const c of cases) {
      const rule = planShown(serverStatus(c.pk), c.changes)
      const sql = view.get(c.pk) as { status: string; n: number; severity: number | null }
      const states = c.changes.map((x) => x.state).join(', ')
      expect(sql.status, states).toBe(rule.status)
      expect(sql.n, states).toBe(rule.pendingEdits)
      expect(sql.severity === null ? null : LOCAL_STATE_BY_SEVERITY.get(sql.severity), states).toBe(rule.localState)
    }
  })

  it('the status filter, the counts and the overview find each plan by the status the rule shows', () => {
    const shown = new Map(cases.map((c) => [c.pk, planShown(serverStatus(c.pk), c.changes).status]))
    const statuses = [...new Set(shown.values())]
    expect(statuses.length).toBeGreaterThan(2)
    for (const s of statuses) {
      const found = store.searchPlans({ statuses: [s as never], limit: 1000, sort: 'pk' })
      const want = cases.filter((c) => shown.get(c.pk) === s).map((c) => c.pk)
      expect(found.rows.map((r) => r.pk), s).toEqual(want)
      expect(found.total, s).toBe(want.length)
      expect(found.rows.every((r) => r.status === s)).toBe(true)
    }
    const overview = store.overview({ days: [{ day: '2026-01-01', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }] })
    expect(Object.fromEntries(overview.byStatus.map((b) => [b.status, b.count]))).toEqual(
      Object.fromEntries(statuses.map((s) => [s, [...shown.values()].filter((v) => v === s).length])),
    )
  })

  it('the summaries of the list, the detail and a sort by status are the rule', () => {
    const rows = store.searchPlans({ limit: 1000, sort: 'status' }).rows
    expect(rows.map((r) => r.status)).toEqual([...rows.map((r) => r.status)].sort())
    for (const c of cases) {
      const rule = planShown(serverStatus(c.pk), c.changes)
      const { summary } = store.getPlan(c.pk)!
      expect({ status: summary.status, pendingEdits: summary.pendingEdits, localState: summary.localState, note: summary.note }).toEqual({
        status: rule.status,
        pendingEdits: rule.pendingEdits,
        localState: rule.localState,
        note: rule.note,
      })
      expect(rows.find((r) => r.pk === c.pk)).toEqual(summary)
    }
  })
})
