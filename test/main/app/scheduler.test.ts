import { afterEach, describe, expect, it, vi } from 'vitest'
import { SyncScheduler } from '../../../main/app/scheduler'

describe('SyncScheduler', () => {
  afterEach(() => vi.useRealTimers())

  function make(over: Partial<ConstructorParameters<typeof SyncScheduler>[0]> = {}) {
    const run = vi.fn(async () => undefined)
    const s = new SyncScheduler({
      run,
      isOnline: () => true,
      isRunning: () => false,
      lastReconcileAt: () => new Date().toISOString(),
      intervalMs: 1000,
      reconcileEveryMs: 10_000,
      onError: vi.fn(),
      ...over,
    })
    return { s, run }
  }

  it('syncs incrementally on every interval while online', async () => {
    vi.useFakeTimers()
    const { s, run } = make()
    s.start()
    await vi.advanceTimersByTimeAsync(3000)
    expect(run).toHaveBeenCalledTimes(3)
    expect(run).toHaveBeenCalledWith({})
    s.stop()
  })

  it('does nothing offline or while a sync runs', async () => {
    const offline = make({ isOnline: () => false })
    await offline.s.tick()
    expect(offline.run).not.toHaveBeenCalled()
    const busy = make({ isRunning: () => true })
    await busy.s.tick()
    expect(busy.run).not.toHaveBeenCalled()
  })

  it('reconciles when the last reconciliation is older than its interval', async () => {
    const { s, run } = make({ lastReconcileAt: () => new Date(Date.now() - 20_000).toISOString() })
    await s.tick()
    expect(run).toHaveBeenCalledWith({ reconcile: true })
  })

  it('runs a plain (first, full) sync when nothing was ever synced', async () => {
    const { s, run } = make({ lastReconcileAt: () => null })
    await s.tick()
    expect(run).toHaveBeenCalledWith({})
  })

  it('reports a failed run instead of throwing', async () => {
    const onError = vi.fn()
    const { s } = make({ run: vi.fn(async () => Promise.reject(new Error('boom'))), onError })
    await s.tick()
    expect(onError).toHaveBeenCalled()
  })
})
