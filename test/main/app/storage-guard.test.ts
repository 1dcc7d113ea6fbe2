import { afterEach, describe, expect, it, vi } from 'vitest'
import type { StorageState } from '../../../preload/contract'
import { StorageGuard } from '../../../main/app/storage-guard'
import { DISK_FULL_DECISIONS_MESSAGE, DISK_FULL_MESSAGE, errorShape, isDiskFull } from '../../../main/domain/errors'

/** What better-sqlite3 throws when a write finds the disk full. */
function sqliteFull(): Error {
  return Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
}

function guard(probe: () => boolean = () => false) {
  const changes: StorageState[] = []
  const g = new StorageGuard({ probe, probeEveryMs: 1_000, onChange: (s) => changes.push(s) })
  return { g, changes }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('a full disk', () => {
  it('is recognised from SQLite and from Node', () => {
    expect(isDiskFull(sqliteFull())).toBe(true)
    expect(isDiskFull(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))).toBe(true)
    expect(isDiskFull(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(false)
    expect(isDiskFull(null)).toBe(false)
  })

  it('crosses the bridge as disk_full with the message for the person, never as "internal"', () => {
    expect(errorShape(sqliteFull())).toEqual({ code: 'disk_full', message: DISK_FULL_MESSAGE })
    expect(errorShape(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })).code).toBe('disk_full')
  })
})

describe('StorageGuard', () => {
  it('passes writes through while the disk has room', () => {
    const { g, changes } = guard()
    expect(g.write(() => 42)).toBe(42)
    expect(g.writable).toBe(true)
    expect(changes).toEqual([])
  })

  it('turns read-only on the first full-disk failure, says so once, and refuses later writes before they reach SQLite', () => {
    const { g, changes } = guard()
    expect(() =>
      g.write(() => {
        throw sqliteFull()
      }),
    ).toThrow(expect.objectContaining({ code: 'disk_full', message: DISK_FULL_MESSAGE }))
    expect(g.writable).toBe(false)
    expect(changes).toHaveLength(1)
    expect(changes[0]).toMatchObject({ writable: false, detail: DISK_FULL_MESSAGE })

    const write = vi.fn(() => 1)
    expect(() => g.write(write)).toThrow(expect.objectContaining({ code: 'disk_full' }))
    expect(write).not.toHaveBeenCalled()
    g.noteFailure(sqliteFull())
    expect(changes).toHaveLength(1)
    g.stop()
  })

  it('lets other errors through untouched and stays writable', async () => {
    const { g } = guard()
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
    expect(() =>
      g.write(() => {
        throw busy
      }),
    ).toThrow(busy)
    await expect(g.writeAsync(() => Promise.reject(busy))).rejects.toBe(busy)
    expect(g.writable).toBe(true)
  })

  it('probes on a timer while read-only and is writable again once a probe write commits', () => {
    vi.useFakeTimers()
    let room = false
    const probe = vi.fn(() => room)
    const { g, changes } = guard(probe)
    g.noteFailure(sqliteFull())
    vi.advanceTimersByTime(1_000)
    expect(probe).toHaveBeenCalledTimes(1)
    expect(g.writable).toBe(false)
    room = true
    vi.advanceTimersByTime(1_000)
    expect(probe).toHaveBeenCalledTimes(2)
    expect(g.writable).toBe(true)
    expect(changes.map((c) => c.writable)).toEqual([false, true])
    // No more probes once writable.
    vi.advanceTimersByTime(10_000)
    expect(probe).toHaveBeenCalledTimes(2)
  })

  it('treats a probe that throws as "still full" and stops probing when stopped', () => {
    vi.useFakeTimers()
    const probe = vi.fn((): boolean => {
      throw new Error('closed')
    })
    const { g } = guard(probe)
    g.noteFailure(sqliteFull())
    expect(g.probeNow()).toBe(false)
    g.stop()
    vi.advanceTimersByTime(10_000)
    expect(probe).toHaveBeenCalledTimes(1)
  })

  it('still takes decisions while read-only when one fits where they go, and says which it is', () => {
    vi.useFakeTimers()
    let decisionFits = true
    const changes: StorageState[] = []
    const g = new StorageGuard({ probe: () => false, probeDecisions: () => decisionFits, probeEveryMs: 1_000, onChange: (s) => changes.push(s) })
    g.startReadOnly()
    expect(g.current).toMatchObject({ writable: false, decisions: true, detail: DISK_FULL_DECISIONS_MESSAGE })
    expect(() => g.write(() => 1)).toThrow(expect.objectContaining({ code: 'disk_full' }))
    expect(g.writeDecision(() => 7)).toBe(7)
    // A decision that no longer fits: refused in words, and decisions stay refused until a probe finds room.
    expect(() =>
      g.writeDecision(() => {
        throw sqliteFull()
      }),
    ).toThrow(expect.objectContaining({ code: 'disk_full', message: DISK_FULL_MESSAGE }))
    expect(g.current).toMatchObject({ writable: false, decisions: false })
    const decide = vi.fn(() => 1)
    expect(() => g.writeDecision(decide)).toThrow(expect.objectContaining({ code: 'disk_full' }))
    expect(decide).not.toHaveBeenCalled()
    decisionFits = true
    vi.advanceTimersByTime(1_000)
    expect(g.decisions).toBe(true)
    expect(changes.map((c) => [c.writable, c.decisions])).toEqual([
      [false, true],
      [false, false],
      [false, true],
    ])
    g.stop()
  })

  it('without a place for decisions apart, refuses them with everything else', () => {
    const { g } = guard()
    g.startReadOnly()
    expect(g.current).toMatchObject({ writable: false, decisions: false, detail: DISK_FULL_MESSAGE })
    expect(() => g.writeDecision(() => 1)).toThrow(expect.objectContaining({ code: 'disk_full' }))
    g.stop()
  })
})
