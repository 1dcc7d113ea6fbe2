import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { PlanOverview } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { afterQuiet } from '../lib/after-quiet'
import { lastDays } from '../lib/overview-days'

/** The overview covers this many days of refunds. */
export const OVERVIEW_DAYS = 30
/** Counted again once the cache has been quiet this long (a sync or a bulk decision changes it many times in a row). */
const REFRESH_MS = 800

/** The overview screen's numbers (plans:overview), kept fresh while the cache changes. */
export const useOverviewStore = defineStore('overview', () => {
  const data = ref<PlanOverview | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let generation = 0
  let unsubscribe: Array<() => void> | null = null

  async function load(now = new Date()): Promise<void> {
    const mine = ++generation
    loading.value = true
    try {
      const result = await call('plans:overview', { days: lastDays(OVERVIEW_DAYS, now) })
      if (mine !== generation) return
      data.value = result
      error.value = null
    } catch (err) {
      if (mine === generation) error.value = (err as Error).message
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  const schedule = afterQuiet(() => load(), REFRESH_MS)

  /** Loads now and follows the cache's changes (once). */
  async function init(): Promise<void> {
    unsubscribe ??= [bridge.on('plans:changed', schedule), bridge.on('outbox:changed', schedule)]
    await load()
  }

  return { data, loading, error, load, init }
})
