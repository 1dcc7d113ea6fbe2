import { describe, expect, it } from 'vitest'
import { SyncCancelled, minus, newTally, throwIfCancelled } from '../../../main/sync/context'

describe('sync context helpers', () => {
  it('takes the overlap off a time, never before the epoch', () => {
    expect(minus('2026-01-01T00:02:00.000Z', 120_000)).toBe('2026-01-01T00:00:00.000Z')
    expect(minus('1970-01-01T00:00:01.000Z', 5_000)).toBe('1970-01-01T00:00:00.000Z')
  })

  it('throws SyncCancelled once the signal aborted', () => {
    const ac = new AbortController()
    expect(() => throwIfCancelled(ac.signal)).not.toThrow()
    ac.abort()
    expect(() => throwIfCancelled(ac.signal)).toThrow(SyncCancelled)
    expect(newTally()).toEqual({ added: 0, updated: 0, removed: 0, unchanged: 0, skipped: [], warnings: [], incomplete: false })
  })
})
