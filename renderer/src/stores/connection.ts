import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ConnectionState } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { useOutboxStore } from './outbox'

/**
 * The connection as the person is told about it, precisely:
 * online; offline (this computer has no network); unreachable (it has, but the server does not
 * answer); server-error (the server answers with 5xx); sign-in (the server no longer accepts the
 * sign-in: sign in again); signed-out (nobody signed in yet); checking (at start-up).
 */
export type ConnectionLook = 'online' | 'offline' | 'unreachable' | 'server-error' | 'sign-in' | 'signed-out' | 'checking'

const SERVER_FAILED = /The server failed \(HTTP \d+\)|Unexpected HTTP \d+ from the server|server answered with an error/
const SIGN_IN_REFUSED = /no longer accepts your sign-in|did not accept the sign-in/

export function connectionLook(state: ConnectionState, opts: { browserOnline: boolean; paused: boolean }): ConnectionLook {
  const status = state.status as string
  if (status === 'online') return opts.paused ? 'sign-in' : 'online'
  if (status === 'server-error') return 'server-error'
  if (status === 'offline') {
    if (!opts.browserOnline) return 'offline'
    // Main before it had a status of its own for 5xx: the detail says which it was.
    return SERVER_FAILED.test(state.detail ?? '') ? 'server-error' : 'unreachable'
  }
  if (status === 'signed-out') return opts.paused || SIGN_IN_REFUSED.test(state.detail ?? '') ? 'sign-in' : 'signed-out'
  return opts.browserOnline ? 'checking' : 'offline'
}

export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>({ status: 'checking', serverUrl: null, detail: null, since: new Date().toISOString() })
  /** The browser's (Chromium's, in Electron too) own idea of whether this computer has a network. */
  const browserOnline = ref(typeof navigator === 'undefined' || navigator.onLine !== false)
  const look = computed<ConnectionLook>(() =>
    connectionLook(state.value, { browserOnline: browserOnline.value, paused: useOutboxStore().summary?.paused === 'sign-in' }),
  )
  let unsubscribe: (() => void) | null = null

  async function init(): Promise<void> {
    if (!unsubscribe) {
      unsubscribe = bridge.on('connection:changed', (next) => (state.value = next))
      if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
        window.addEventListener('online', () => {
          browserOnline.value = true
          void check().catch(() => undefined)
        })
        window.addEventListener('offline', () => (browserOnline.value = false))
      }
    }
    try {
      state.value = await call('connection:get')
    } catch {
      // The status bar keeps showing "checking"; the next event corrects it.
    }
  }

  async function check(): Promise<void> {
    state.value = await call('connection:check')
  }

  return { state, browserOnline, look, init, check }
})
