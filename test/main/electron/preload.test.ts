import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { EVENT_CHANNEL } from '../../../preload/contract'
import { createBridge } from '../../../preload/index'

describe('preload bridge', () => {
  it('forwards contract channels and refuses anything else without touching IPC', async () => {
    const renderer = Object.assign(new EventEmitter(), { invoke: vi.fn(async () => ({ ok: true, value: 1 })) })
    const bridge = createBridge(renderer as never)
    expect(await bridge.invoke('plans:get', { pk: 1 })).toEqual({ ok: true, value: 1 })
    const res = await (bridge.invoke as (c: string) => Promise<{ ok: boolean }>)('fs:readFile')
    expect(res.ok).toBe(false)
    expect(renderer.invoke).toHaveBeenCalledTimes(1)
  })

  it('delivers only the subscribed event and unsubscribes', () => {
    const renderer = Object.assign(new EventEmitter(), { invoke: vi.fn() })
    const bridge = createBridge(renderer as never)
    const seen: unknown[] = []
    const off = bridge.on('outbox:changed', (p) => seen.push(p))
    renderer.emit(EVENT_CHANNEL, {}, 'sync:progress', { pagesDone: 1 })
    renderer.emit(EVENT_CHANNEL, {}, 'outbox:changed', { pending: 2 })
    off()
    renderer.emit(EVENT_CHANNEL, {}, 'outbox:changed', { pending: 3 })
    expect(seen).toEqual([{ pending: 2 }])
    expect(() => bridge.on('nope' as never, () => undefined)).toThrow(/Unknown event/)
  })
})
