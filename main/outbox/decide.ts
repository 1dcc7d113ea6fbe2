/**
 * The outbox's one rule for exactly-once (read back before every send that follows an unknown
 * outcome, and just before every first send): given the server's current state of a plan,
 * what becomes of a change made against an earlier state of it. Pure: no SQLite, no HTTP.
 */
import type { PlanServerState } from '../../preload/contract'
import { paymentPlanLines, userName } from '../domain'
import type { CheckedPlan } from '../omnitron'
import type { OutboxPayload, OutboxRow } from './repo'

export type Decision = { kind: 'applied'; result: string } | { kind: 'conflict' } | { kind: 'needs_checking'; why: string } | { kind: 'send' }

/** The server state a change is compared with (plus whether the server sent a payment_plan at all). */
export interface ReadState extends PlanServerState {
  hasPaymentPlan: boolean
}

export function stateOf(plan: CheckedPlan): ReadState {
  const raw = plan.raw
  return {
    status: plan.status,
    modifiedDate: plan.modifiedDate,
    paymentPlan: raw.payment_plan === undefined ? null : raw.payment_plan,
    by: userName(raw.last_updated_by),
    hasPaymentPlan: Object.prototype.hasOwnProperty.call(raw, 'payment_plan'),
  }
}

export function snapshot(s: ReadState): PlanServerState {
  return { status: s.status, modifiedDate: s.modifiedDate, paymentPlan: s.paymentPlan, by: s.by ?? null }
}

/** A conflict in words: who changed the plan on the server, and when (the server copy's last_updated_by and modified_date). */
export function conflictResult(server: PlanServerState): string {
  return `${server.by ?? 'Someone else'} changed this plan on the server (${server.modifiedDate}) after the change was made here.`
}

/**
 * A payment plan as a comparable string: its lines in order, each its transaction type and its
 * items sorted. Amounts are left out: the server works them out from the items (and a change
 * queued by an older PlanDesk may carry one the server did not keep).
 */
function canonicalPaymentPlan(v: unknown): string | null {
  const lines = paymentPlanLines(v)
  return lines === null ? null : JSON.stringify(lines.map((l) => [l.transactionType, [...l.orderItems].sort((a, b) => a - b)]))
}

export function samePaymentPlan(server: unknown, sent: OutboxPayload): boolean {
  if (!('payment_plan' in sent)) return false
  const a = canonicalPaymentPlan(server)
  return a !== null && a === canonicalPaymentPlan(sent.payment_plan)
}

/** Whether the server's state shows what the change asks for. */
export function showsChange(row: Pick<OutboxRow, 'kind' | 'payload' | 'target_status'>, server: PlanServerState): boolean {
  if (row.kind === 'status') return server.status === row.target_status
  return samePaymentPlan(server.paymentPlan, JSON.parse(row.payload) as OutboxPayload)
}

/**
 * What to do with a change, given the server's current state:
 * - the server already shows it → applied (a lost response, a crash after the send, or someone
 *   made the same change), never sent again;
 * - unchanged since the base it was made against → send;
 * - a payment plan sent before, on a server that does not show payment plans, on a plan that
 *   changed → needs checking (the read-back cannot tell whether it was created);
 * - otherwise someone else changed the plan → conflict.
 * An empty base_modified (re-based on its applied predecessor without a read-back) compares the
 * status alone.
 */
export function decide(row: Pick<OutboxRow, 'kind' | 'payload' | 'target_status' | 'base_status' | 'base_modified' | 'attempts'>, server: ReadState): Decision {
  if (showsChange(row, server)) {
    return {
      kind: 'applied',
      result: row.attempts > 0 ? 'Applied (confirmed by reading the plan back after an unanswered attempt).' : 'The server already shows this change.',
    }
  }
  const unchanged = row.base_modified !== '' ? server.modifiedDate === row.base_modified : server.status === row.base_status
  if (unchanged) return { kind: 'send' }
  if (row.kind === 'payment_plan' && row.attempts > 0 && !server.hasPaymentPlan) {
    return {
      kind: 'needs_checking',
      why: 'The plan changed on the server after this payment plan was sent, and the server does not show payment plans, so PlanDesk cannot tell whether it was created.',
    }
  }
  return { kind: 'conflict' }
}
