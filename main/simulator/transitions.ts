/**
 * The plan status transition table the simulator enforces on update_status. Omnitron's own table is
 * not public; this one follows the life of a plan as docs/design-rules.md §4 describes it (a cancellation
 * starts in `waiting`) and is documented in main/simulator/README.md (a test holds the two together). completed, rejected and cancelled are
 * final. Setting a plan to the status it already has is refused too, so a blind retry of an
 * applied edit is visible to the client as an error rather than silently succeeding twice.
 */
import type { PlanStatus } from '../domain'

export const TRANSITIONS: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  waiting: ['approved', 'rejected', 'confirmation_waiting', 'waiting_supplier', 'cancelled'],
  waiting_supplier: ['approved', 'rejected', 'cancelled'],
  confirmation_waiting: ['confirmed', 'rejected', 'cancelled'],
  confirmed: ['approved', 'waiting_for_payment', 'cancelled'],
  approved: ['waiting_for_payment', 'completed', 'manuel_refund_need', 'failed'],
  waiting_for_payment: ['completed', 'manuel_refund_need', 'failed'],
  manuel_refund_need: ['completed', 'failed'],
  failed: ['waiting', 'manuel_refund_need'],
  completed: [],
  rejected: [],
  cancelled: [],
}

export const FINAL_STATUSES: readonly PlanStatus[] = ['completed', 'rejected', 'cancelled']

export function canTransition(from: PlanStatus, to: PlanStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/** The message the server gives for a refused transition (also used by the admin interface). */
export function transitionError(from: PlanStatus, to: PlanStatus): string {
  if (from === to) return `Cancellation plan is already in status "${to}".`
  if (FINAL_STATUSES.includes(from)) {
    return `Cancellation plan in final status "${from}" cannot be changed.`
  }
  return `Cancellation plan status cannot be changed from "${from}" to "${to}".`
}
