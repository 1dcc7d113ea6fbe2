/**
 * The one retry policy of PlanDesk, for pull and push alike (docs/design-rules.md §3.8): exponential
 * backoff with full jitter (a random delay between 0 and min(cap, base × 2^(attempt−1))),
 * never sooner than the server's Retry-After. Full jitter spreads the retries of many
 * workstations that lost the same server at the same moment.
 */
import { sleep } from '../store/lease'

export interface RetryPolicy {
  baseMs: number
  capMs: number
  /** 0 ≤ random() < 1; injectable for tests. */
  random: () => number
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1_000, capMs: 5 * 60_000, random: Math.random }

/** The delay before attempt `attempt + 1`, after `attempt` failed attempts (attempt ≥ 1). */
export function backoffDelay(attempt: number, policy: RetryPolicy = DEFAULT_RETRY, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)))
  const jittered = Math.floor(policy.random() * ceiling)
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, policy.capMs))
}

/** Whether a failed read may succeed if sent again: 5xx, network, time-out, a cut or garbled answer. */
export function isRetryableRead(e: unknown): boolean {
  const kind = (e as { kind?: unknown } | null)?.kind
  return kind === 'server' || kind === 'network' || kind === 'timeout' || kind === 'malformed_response'
}

export interface RetryNotice {
  /** The attempt that failed (1 = the first try). */
  attempt: number
  /** How long until the next try. */
  inMs: number
  error: unknown
}

export interface RetryOptions {
  /** Tries in all (the first one included) before the error is thrown. */
  attempts: number
  policy?: RetryPolicy
  signal?: AbortSignal
  /** Told before each wait. */
  onRetry?: (n: RetryNotice) => void
}


/**
 * Runs a READ with the retry policy: a retryable failure is tried again after a backoff with
 * full jitter (never sooner than Retry-After), up to `attempts` tries; anything else, or the
 * last failure, is thrown. Never use it for a change: its outcome after a failure is unknown
 * (the outbox reads back instead).
 */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (e) {
      if (attempt >= opts.attempts || !isRetryableRead(e) || opts.signal?.aborted) throw e
      const retryAfter = (e as { retryAfterMs?: number }).retryAfterMs
      const inMs = backoffDelay(attempt, opts.policy ?? DEFAULT_RETRY, retryAfter)
      opts.onRetry?.({ attempt, inMs, error: e })
      await sleep(inMs, opts.signal)
      if (opts.signal?.aborted) throw e
    }
  }
}
