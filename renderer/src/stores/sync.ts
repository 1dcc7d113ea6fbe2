import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { IpcError, SyncProgress, SyncResult, SyncState } from '../../../preload/contract'
import { bridge, call } from '../bridge'

export const useSyncStore = defineStore('sync', () => {
  const state = ref<SyncState | null>(null)
  const progress = ref<SyncProgress | null>(null)
  const lastResult = ref<SyncResult | null>(null)
  const lastError = ref<IpcError | null>(null)
  const running = computed(() => progress.value !== null || Boolean(state.value?.running))
  /** 0..100 when the total is known, null otherwise (indeterminate bar). */
  const percent = computed(() => {
    const p = progress.value
    if (!p || !p.plansTotal) return null
    return Math.min(100, Math.round((p.plansDone / p.plansTotal) * 100))
  })
  const unsubscribers: (() => void)[] = []

  async function refresh(): Promise<void> {
    state.value = await call('sync:state')
    lastError.value = state.value.lastError
  }

  async function init(): Promise<void> {
    if (unsubscribers.length === 0) {
      unsubscribers.push(
        bridge.on('sync:progress', (p) => (progress.value = p.phase === 'done' ? null : p)),
        bridge.on('sync:finished', ({ result, error }) => {
          progress.value = null
          if (result) lastResult.value = result
          lastError.value = error
          void refresh()
        }),
      )
    }
    await refresh().catch(() => undefined)
  }

  async function start(args: { full?: boolean; reconcile?: boolean } = {}): Promise<void> {
    lastError.value = null
    progress.value = { kind: args.full ? 'full' : 'incremental', phase: 'starting', pagesDone: 0, pagesTotal: null, plansDone: 0, plansTotal: null, rate: 0 }
    try {
      lastResult.value = await call('sync:start', args)
    } catch (err) {
      const e = err as IpcError
      if (e.code !== 'busy') lastError.value = { code: e.code ?? 'internal', message: e.message }
    } finally {
      progress.value = null
      await refresh().catch(() => undefined)
    }
  }

  async function cancel(): Promise<void> {
    await call('sync:cancel')
  }

  return { state, progress, lastResult, lastError, running, percent, init, refresh, start, cancel }
})
