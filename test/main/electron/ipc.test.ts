import { describe, expect, it, vi } from 'vitest'
import { ipcMain } from 'electron'
import { CHANNELS } from '../../../preload/contract'
import { registerIpc } from '../../../main/electron/ipc'
import type { Handlers } from '../../../main/ipc/dispatch'

function spyHandlers(): Handlers {
  return Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(() => `result of ${c}`)])) as unknown as Handlers
}

const trusted = { senderFrame: { url: 'plandesk://app/index.html', parent: null } }
const foreign = { senderFrame: { url: 'https://evil.example.com/', parent: null } }
const fake = ipcMain as unknown as { handlers: Map<string, (e: unknown, a?: unknown) => Promise<unknown>> }

describe('registerIpc', () => {
  it('registers exactly one handler per contract channel', () => {
    const dispose = registerIpc(ipcMain as never, spyHandlers())
    expect([...fake.handlers.keys()].sort()).toEqual([...CHANNELS].sort())
    dispose()
    expect(fake.handlers.size).toBe(0)
  })

  it('answers the app’s own frame with an envelope', async () => {
    const handlers = spyHandlers()
    registerIpc(ipcMain as never, handlers)
    const res = await fake.handlers.get('plans:get')!(trusted, { pk: 7 })
    expect(res).toEqual({ ok: true, value: 'result of plans:get' })
    expect(handlers['plans:get']).toHaveBeenCalledWith({ pk: 7 })
  })

  it('runs no handler for a frame it refuses (which frames: checklist.test.ts)', async () => {
    const handlers = spyHandlers()
    registerIpc(ipcMain as never, handlers)
    const res = (await fake.handlers.get('plans:search')!(foreign, {})) as { ok: boolean; error: { code: string } }
    expect(res.ok).toBe(false)
    expect(handlers['plans:search']).not.toHaveBeenCalled()
  })

  it('validates the argument before the handler runs', async () => {
    const handlers = spyHandlers()
    registerIpc(ipcMain as never, handlers)
    const res = (await fake.handlers.get('plans:get')!(trusted, { pk: 'DROP TABLE' })) as {
      ok: boolean
      error: { code: string; fields: Record<string, string[]> }
    }
    expect(res.ok).toBe(false)
    expect(res.error.code).toBe('validation')
    expect(res.error.fields.pk).toBeDefined()
    expect(handlers['plans:get']).not.toHaveBeenCalled()
  })
})
