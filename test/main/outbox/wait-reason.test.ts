/** Why a waiting change waits, case by case. */
import { describe, expect, it } from 'vitest'
import { waitReason, type QueueHead } from '../../../main/outbox/wait-reason'
import { OUTBOX_STATES } from '../../../main/outbox/states'

const NOW = new Date('2026-03-01T10:00:00.000Z')
const row = (over: Partial<Parameters<typeof waitReason>[0]> = {}) => ({ id: 7, state: 'pending' as const, author: 'demo', next_attempt_at: null, ...over })
const head = (over: Partial<QueueHead> = {}): QueueHead => ({ id: 7, state: 'pending', author: 'demo', ...over })
const ctx = { author: 'demo', paused: null, tokenAccount: null, now: NOW }

describe('waitReason', () => {
  it.each<[string, Parameters<typeof waitReason>, ReturnType<typeof waitReason>]>([
    ['due now', [row(), head(), ctx], { kind: 'due' }],
    ['its backoff ran out', [row({ next_attempt_at: '2026-03-01T09:59:59.000Z' }), head(), ctx], { kind: 'due' }],
    ['until the next automatic try', [row({ next_attempt_at: '2026-03-01T10:00:30.000Z' }), head(), ctx], { kind: 'retry_at', at: '2026-03-01T10:00:30.000Z' }],
    ['the queue waits for a new sign-in', [row({ next_attempt_at: '2026-03-01T10:00:30.000Z' }), head(), { ...ctx, paused: 'sign-in' as const }], { kind: 'sign_in' }],
    [
      "the token is another account's: the queue is stopped",
      [row(), head(), { ...ctx, paused: 'identity' as const, tokenAccount: 'kerem.aydemir' }],
      { kind: 'identity', account: 'kerem.aydemir' },
    ],
    ['behind a conflict on the same plan', [row(), head({ id: 3, state: 'conflict' }), { ...ctx, paused: 'sign-in' as const }], { kind: 'behind', entryId: 3, state: 'conflict', author: 'demo' }],
    ["behind a colleague's change", [row(), head({ id: 2, author: 'ayse' }), ctx], { kind: 'behind', entryId: 2, state: 'pending', author: 'ayse' }],
    ['for its author to sign in', [row({ author: 'ayse' }), head({ id: 2, state: 'failed' }), ctx], { kind: 'author', who: 'ayse' }],
    ['nobody is signed in', [row(), head(), { ...ctx, author: null }], { kind: 'author', who: 'demo' }],
  ])('%s', (_name, args, want) => {
    expect(waitReason(...args)).toEqual(want)
  })

  it('only a waiting (pending) change has a wait reason: the other states say themselves why they stand', () => {
    for (const state of OUTBOX_STATES.filter((s) => s !== 'pending')) expect(waitReason(row({ state }), head({ id: 1, state: 'conflict' }), ctx), state).toBeNull()
  })
})
