/**
 * The outbox in words for the terminal: a change, its state, why it waits, when it is tried next,
 * and why the queue is stopped.
 */
import type { OutboxEntry, OutboxState, OutboxSummary, WaitReason } from '../../preload/contract'
import type { ReplayResult } from '../outbox/replay'
import { waitsForPerson } from '../outbox/states'

export function describeChange(e: OutboxEntry): string {
  if (e.kind === 'status') return `status → ${e.targetStatus}`
  const lines = e.paymentPlan ?? []
  return `payment plan: ${lines.map((l) => `${l.transactionType} items ${l.orderItems.join(',')}`).join('; ')}`
}

export function stateWords(e: OutboxEntry): string {
  if (e.waitingFor) return `waiting for ${e.waitingFor} to sign in`
  return e.state.replace('_', ' ')
}

/** A state as the end of "which ..." (the change a waiting one is behind). */
const STATE_CLAUSE: Record<OutboxState, string> = {
  pending: 'waits to be sent',
  sending: 'is being sent',
  applied: 'is applied',
  failed: 'the server refused (retry or discard it)',
  conflict: 'is in conflict with a change on the server (resolve it)',
  needs_checking: 'is to be checked (retry it or mark it done)',
  discarded: 'is discarded',
}

/** Why a waiting change waits, in words (main/outbox/wait-reason.ts). */
export function waitWords(w: WaitReason): string {
  switch (w.kind) {
    case 'author':
      return `waits for ${w.who} to sign in: it is sent with their sign-in`
    case 'behind':
      return `waits behind change ${w.entryId} of the same plan, which ${w.state === 'pending' ? `waits for ${w.author} to sign in` : STATE_CLAUSE[w.state]}`
    case 'sign_in':
      return 'waits for a new sign-in: the server no longer accepts the current one (run "plandesk login")'
    case 'identity':
      return `is stopped: the token in use belongs to ${w.account ?? 'another account'}, not to its author; it is sent once its author signs in with a password (plandesk login --username NAME)`
    case 'retry_at':
      return `waits until the next automatic try at ${localTime(w.at)}`
    case 'due':
      return 'is sent at the next push'
  }
}

/** HH:MM:SS in this computer's time zone. */
export function localTime(iso: string): string {
  return new Date(iso).toTimeString().slice(0, 8)
}

/** Why an open change stands where it does: why it waits, or what the person must look at. */
export function whyWords(e: OutboxEntry): string {
  // The last try's error only where the change waits on its own account (not behind another's or its author's sign-in).
  const ownTry = e.waitReason?.kind === 'retry_at' || e.waitReason?.kind === 'due'
  if (e.waitReason) return waitWords(e.waitReason) + (e.lastError && ownTry ? ` (last try: ${e.lastError.message})` : '')
  return waitsForPerson(e.state) ? (e.result ?? e.lastError?.message ?? '') : ''
}

export function entryLine(e: OutboxEntry): string {
  const why = whyWords(e)
  return `Change ${e.id} (plan ${e.planPk}, ${describeChange(e)}) is ${e.state.replace('_', ' ')}${why ? `: ${why}` : ''}\n`
}

export function summaryLine(s: OutboxSummary): string {
  const c = s.counts
  const paused = s.paused === 'identity' ? ` Stopped: the token belongs to ${s.tokenAccount}.` : s.paused ? ' Paused: sign in again.' : ''
  return `Queue: ${c.pending + c.sending} waiting, ${c.failed} failed, ${c.conflict} in conflict, ${c.needs_checking} to check, ${c.applied} applied.${paused}\n`
}

/** Why the queue is paused, in words, or null when it is not. */
export function pauseMessage(paused: ReplayResult['paused'], account: string | null | undefined, author: string | null, what: string): string | null {
  if (paused === 'identity') {
    return `The token in use belongs to ${account ?? 'another account'}, not to ${author}: the server recorded ${account ?? 'another account'} as the maker of a change sent with it. ${author}'s changes are stopped and ${what}; sign in as ${author} with a password (plandesk login --username ${author}).`
  }
  if (paused === 'sign-in') return `The server no longer accepts your sign-in: run "plandesk login"; ${what}.`
  return null
}

/** When a change that could not be sent is tried again by itself, in words: "in 42 s (07:31:08)". */
export function nextTryWords(at: string | null, now = Date.now()): string {
  if (at === null) return 'when the server answers again'
  const s = Math.max(1, Math.round((Date.parse(at) - now) / 1000))
  const clock = new Date(at).toLocaleTimeString('en-GB', { hour12: false })
  return s < 120 ? `in ${s} s (${clock})` : `in ${Math.round(s / 60)} min (${clock})`
}
