import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ConnectionState } from '../../../preload/contract'
import { bridge, call } from '../bridge'

export const useConnectionStore = defineStore('connection', () => {
  const state = ref<ConnectionState>({ status: 'checking', serverUrl: null, detail: null, since: new Date().toISOString() })
  let unsubscribe: (() => void) | null = null

  async function init(): Promise<void> {
    unsubscribe ??= bridge.on('connection:changed', (next) => (state.value = next))
    try {
      state.value = await call('connection:get')
    } catch {
      // The status bar keeps showing "checking"; the next event corrects it.
    }
  }

  async function check(): Promise<void> {
    state.value = await call('connection:check')
  }

  return { state, init, check }
})
