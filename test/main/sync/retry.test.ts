import { describe, expect, it } from 'vitest'
import { OmnitronError } from '../../../main/omnitron'
import { backoffDelay, isRetryableRead, withRetry } from '../../../main/sync/retry'

const top = { baseMs: 100, capMs: 1_000, random: () => 0.999999 }

describe('the retry policy', () => {
  it('doubles the ceiling with each failure, caps it, and draws below it (full jitter)', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, top))).toEqual([99, 199, 399, 799, 999, 999])
    expect(backoffDelay(3, { ...top, random: () => 0 })).toBe(0)
    expect(backoffDelay(3, { ...top, random: () => 0.5 })).toBe(200)
  })

  it('never retries sooner than Retry-After, within the cap', () => {
    expect(backoffDelay(1, { ...top, random: () => 0 }, 700)).toBe(700)
    expect(backoffDelay(1, { ...top, random: () => 0 }, 60_000)).toBe(1_000)
  })

  it('retries only reads that may succeed again', () => {
    for (const kind of ['server', 'network', 'timeout', 'malformed_response'] as const) expect(isRetryableRead(new OmnitronError(kind, 'x'))).toBe(true)
    for (const kind of ['validation', 'auth', 'forbidden', 'not_found'] as const) expect(isRetryableRead(new OmnitronError(kind, 'x'))).toBe(false)
  })

  it('withRetry tries again after each retryable failure, tells each wait, and throws the last failure', async () => {
    let calls = 0
    const waits: number[] = []
    const ok = await withRetry(
      async () => {
        if (++calls < 3) throw new OmnitronError('server', 'HTTP 503', { retryAfterMs: 5 })
        return 'done'
      },
      { attempts: 5, policy: { baseMs: 1, capMs: 10, random: () => 0 }, onRetry: (n) => waits.push(n.inMs) },
    )
    expect(ok).toBe('done')
    expect(waits).toEqual([5, 5])
    calls = 0
    await expect(withRetry(async () => { calls++; throw new OmnitronError('timeout', 'slow') }, { attempts: 3, policy: { baseMs: 1, capMs: 1, random: () => 0 } })).rejects.toThrow('slow')
    expect(calls).toBe(3)
    calls = 0
    await expect(withRetry(async () => { calls++; throw new OmnitronError('auth', 'no') }, { attempts: 3 })).rejects.toThrow('no')
    expect(calls).toBe(1)
  })
})
