/** The one rule for what a plan shows while changes made here are open, state by state. */
import { describe, expect, it } from 'vitest'
import { planShown, type PlanChange } from '../../../main/domain'
import { OUTBOX_STATES, type OutboxState } from '../../../main/outbox/states'

const REFUSAL = { code: 'validation' as const, message: 'Cancellation plan in final status "completed" cannot be changed.' }
const THEIRS = { status: 'rejected', modifiedDate: '2026-03-02T09:15:00.000Z', paymentPlan: null, by: 'Kerem Aydemir' }

function change(state: OutboxState, extra: Partial<PlanChange> = {}): PlanChange {
  return {
    id: 1,
    state,
    kind: 'status',
    targetStatus: 'waiting_supplier',
    lastError: state === 'failed' ? REFUSAL : null,
    result: null,
    server: state === 'conflict' || state === 'needs_checking' ? THEIRS : null,
    ...extra,
  }
}

/** One status change "completed → waiting_supplier" in each state, on a plan the server holds as completed. */
const BY_STATE: Record<OutboxState, { status: string; localState: string | null; reason: unknown; server: unknown }> = {
  pending: { status: 'waiting_supplier', localState: 'pending', reason: null, server: null },
  sending: { status: 'waiting_supplier', localState: 'pending', reason: null, server: null },
  needs_checking: { status: 'waiting_supplier', localState: 'needs_checking', reason: null, server: THEIRS },
  failed: { status: 'completed', localState: 'failed', reason: REFUSAL, server: null },
  conflict: { status: 'completed', localState: 'conflict', reason: null, server: THEIRS },
  applied: { status: 'completed', localState: null, reason: null, server: null },
  discarded: { status: 'completed', localState: null, reason: null, server: null },
}

describe('planShown', () => {
  it('covers every outbox state', () => {
    expect(Object.keys(BY_STATE).sort()).toEqual([...OUTBOX_STATES].sort())
  })

  it.each(OUTBOX_STATES)('a status change that is %s', (state) => {
    const want = BY_STATE[state]
    const shown = planShown('completed', [change(state)])
    expect(shown.status).toBe(want.status)
    expect(shown.serverStatus).toBe('completed')
    expect(shown.localState).toBe(want.localState)
    expect(shown.pendingEdits).toBe(want.localState === null ? 0 : 1)
    if (want.localState === null) expect(shown.note).toBeNull()
    else expect(shown.note).toEqual({ entryId: 1, state: want.localState, kind: 'status', mine: 'waiting_supplier', reason: want.reason, server: want.server })
  })

  it('shows a plan without changes as the server holds it', () => {
    expect(planShown('waiting', [])).toEqual({ status: 'waiting', serverStatus: 'waiting', pendingEdits: 0, localState: null, note: null })
  })

  it("a refusal without the server's error body keeps the words it was settled with", () => {
    const note = planShown('completed', [change('failed', { lastError: null, result: 'The server refused the change: no.' })]).note
    expect(note?.reason).toEqual({ code: 'validation', message: 'The server refused the change: no.' })
  })

  it('a change waiting behind a refused one still shows, and the refusal names the plan', () => {
    const shown = planShown('approved', [
      change('failed', { id: 4, targetStatus: 'waiting' }),
      change('pending', { id: 7, targetStatus: 'completed' }),
    ])
    expect(shown).toMatchObject({ status: 'completed', pendingEdits: 2, localState: 'failed', note: { entryId: 4, mine: 'waiting', reason: REFUSAL } })
  })

  it('the newest of the most urgent changes speaks for the plan; a payment plan never changes the status', () => {
    const shown = planShown('waiting', [
      change('pending', { id: 2, targetStatus: 'approved' }),
      change('failed', { id: 3, kind: 'payment_plan', targetStatus: null }),
      change('failed', { id: 5, kind: 'payment_plan', targetStatus: null }),
      change('applied', { id: 9, targetStatus: 'rejected' }),
    ])
    expect(shown).toMatchObject({ status: 'approved', pendingEdits: 3, localState: 'failed', note: { entryId: 5, kind: 'payment_plan', mine: null } })
  })

  it('changes given out of order are taken in the order they were made', () => {
    const shown = planShown('waiting', [change('pending', { id: 8, targetStatus: 'rejected' }), change('pending', { id: 3, targetStatus: 'approved' })])
    expect(shown.status).toBe('rejected')
  })
})
