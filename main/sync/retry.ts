/**
 * The one retry policy of PlanDesk, for pull and push alike (DESIGN.md §3.8): exponential
 * backoff with full jitter (a random delay between 0 and min(cap, base × 2^(attempt−1))),
 * never sooner than the server's Retry-After. Full jitter spreads the retries of many
 * workstations that lost the same server at the same moment.
 */
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
