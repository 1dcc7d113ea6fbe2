import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionState } from '../../../preload/contract'
import { ConnectivityMonitor } from '../../../main/app/connectivity'

describe('ConnectivityMonitor', () => {
  afterEach(() => vi.useRealTimers())

  function monitor(probe: () => Promise<void>) {
    const changes: ConnectionState[] = []
    const m = new ConnectivityMonitor({
      probe,
      onChange: (s) => changes.push(s),
      serverUrl: () => 'https://o.example.com',
      onlineIntervalMs: 1000,
      offlineIntervalMs: 100,
      maxOfflineIntervalMs: 400,
    })
    return { m, changes }
  }

  it('goes online when the probe answers and offline when the network fails', async () => {
    let fail = false
    const { m, changes } = monitor(async () => {
      if (fail) throw Object.assign(new Error('connect ECONNREFUSED'), { kind: 'network' })
    })
    await m.check()
    expect(m.current.status).toBe('online')
    fail = true
    await m.check()
    expect(m.current.status).toBe('offline')
    expect(m.current.detail).toContain('ECONNREFUSED')
    expect(changes.map((c) => c.status)).toEqual(['online', 'offline'])
    m.stop()
  })

  it('tells a server error (5xx) apart from an unreachable server, and backs off the same way', async () => {
    const { m, changes } = monitor(async () => {
      throw Object.assign(new Error('The server failed (HTTP 503).'), { kind: 'server' })
    })
    await m.check()
    expect(m.current).toMatchObject({ status: 'server-error', detail: 'The server failed (HTTP 503).' })
    m.reportFailure(Object.assign(new Error('timed out'), { kind: 'timeout' }))
    expect(m.current.status).toBe('offline')
    m.reportSuccess()
    expect(changes.map((c) => c.status)).toEqual(['server-error', 'offline', 'online'])
    m.stop()
  })

  it('reports signed-out on 401 and ignores errors unrelated to reachability', async () => {
    const { m } = monitor(async () => {
      throw Object.assign(new Error('Invalid token'), { kind: 'auth' })
    })
    await m.check()
    expect(m.current.status).toBe('signed-out')
    m.reportFailure(Object.assign(new Error('bad'), { kind: 'validation' }))
    expect(m.current.status).toBe('signed-out')
    m.stop()
  })

  it('backs off while offline and notices the server coming back', async () => {
    vi.useFakeTimers()
    let up = false
    const probe = vi.fn(async () => {
      if (!up) throw Object.assign(new Error('down'), { kind: 'timeout' })
    })
    const { m } = monitor(probe)
    m.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(probe).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(probe).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(150)
    expect(probe).toHaveBeenCalledTimes(2) // next delay doubled to 200
    await vi.advanceTimersByTimeAsync(60)
    expect(probe).toHaveBeenCalledTimes(3)
    up = true
    await vi.advanceTimersByTimeAsync(400)
    expect(m.current.status).toBe('online')
    m.stop()
  })

  it('never starts polling from a one-off check (background work off)', async () => {
    vi.useFakeTimers()
    const probe = vi.fn(async () => undefined)
    const { m } = monitor(probe)
    await m.check()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(probe).toHaveBeenCalledTimes(1)
  })

  it('coalesces concurrent checks into one probe', async () => {
    const probe = vi.fn(async () => undefined)
    const { m } = monitor(probe)
    await Promise.all([m.check(), m.check(), m.check()])
    expect(probe).toHaveBeenCalledTimes(1)
    m.stop()
  })
})
