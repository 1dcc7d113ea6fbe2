import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { AppInfo } from '../../preload/contract'
import { bridgeEvents } from './bridge-events'

const INFO: AppInfo = { version: '1.0.0', host: 'web', demo: true, serverUrl: null, dataDir: '/data', notices: ['Demo mode.'] }

describe('the app store', () => {
  const events = bridgeEvents()
  beforeEach(() => {
    vi.resetModules()
    setActivePinia(createPinia())
    const answers: Record<string, unknown> = {
      'app:info': INFO,
      'settings:get': {},
      'auth:status': { signedIn: true },
      'app:storage': { writable: true, decisions: true },
    }
    vi.stubGlobal('window', {
      plandesk: { host: 'web', on: events.on, invoke: vi.fn(async (c: string) => ({ ok: true, value: answers[c] })) },
    })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('shows the notices main adds after start-up (a check that found damage), with the window open', async () => {
    const { useAppStore } = await import('../../renderer/src/stores/app')
    const app = useAppStore()
    await app.load()
    expect(app.info?.notices).toEqual(['Demo mode.'])
    events.emit('app:notices', ['Demo mode.', '2 cached plans were damaged and will be fetched again at the next sync.'])
    expect(app.info?.notices).toEqual(['Demo mode.', '2 cached plans were damaged and will be fetched again at the next sync.'])
    expect(app.info?.version).toBe('1.0.0')
  })
})
