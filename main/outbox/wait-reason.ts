/**
 * Why a waiting change has not been sent yet, worked out from the outbox alone (so it is data
 * beside the entry, never a state of its own). Pure: no SQLite, no HTTP.
 */
import type { OutboxState, OutboxSummary, WaitReason } from '../../preload/contract'

/** The first open change of the entry's plan (the one its plan's queue waits on). */
export interface QueueHead {
  id: number
  state: OutboxState
  author: string
}

export interface WaitContext {
  /** Who is signed in (whose changes this process sends); null when nobody is. */
  author: string | null
  /**
   * Why sending is paused, if it is: 'sign-in', until a new sign-in (the server refused the old
   * one); 'identity', stopped, the token being another account's (`tokenAccount`).
   */
  paused: OutboxSummary['paused']
  /** paused 'identity': the account the token belongs to, as the server recorded it. */
  tokenAccount: string | null
  now: Date
}

/**
 * Why a change waits, or null when it does not (it is being sent, settled, or waits for the
 * person, which its state says). In order: its author must sign in; an earlier change of the same
 * plan goes first; the queue waits for a new sign-in, or for the author's own (the token is
 * another account's); the backoff after a failed attempt; else it is sent at the next pass.
 */
export function waitReason(
  row: { id: number; state: OutboxState; author: string; next_attempt_at: string | null },
  head: QueueHead | null,
  ctx: WaitContext,
): WaitReason | null {
  if (row.state !== 'pending') return null
  if (row.author !== ctx.author) return { kind: 'author', who: row.author }
  if (head !== null && head.id !== row.id) return { kind: 'behind', entryId: head.id, state: head.state, author: head.author }
  if (ctx.paused === 'sign-in') return { kind: 'sign_in' }
  if (ctx.paused === 'identity') return { kind: 'identity', account: ctx.tokenAccount }
  if (row.next_attempt_at !== null && Date.parse(row.next_attempt_at) > ctx.now.getTime()) return { kind: 'retry_at', at: row.next_attempt_at }
  return { kind: 'due' }
}
