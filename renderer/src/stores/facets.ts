import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { PlanFacets } from '../../../preload/contract'
import { bridge, call } from '../bridge'

/**
 * What the filters can offer (plans:facets): the cache's channels with their names, its stores,
 * staff and currencies, each with how many plans it has. Asked again when the cache changes.
 */
export const useFacetsStore = defineStore('facets', () => {
  const facets = ref<PlanFacets>({ channels: [], stores: [], staff: [], currencies: [] })
  const channelNames = computed(() => new Map(facets.value.channels.filter((c) => c.name !== null).map((c) => [c.id, c.name as string])))
  let unsubscribe: (() => void) | null = null
  let running: Promise<void> | null = null
  let again = false

  /** Loads the choices; a change during a load loads them once more after it. */
  function load(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          facets.value = await call('plans:facets').catch(() => facets.value)
        } while (again)
      } finally {
        running = null
      }
    })()
    return running
  }

  async function init(): Promise<void> {
    unsubscribe ??= bridge.on('plans:changed', () => void load())
    await load()
  }

  /** A channel by its name when the plans give one, else by its number. */
  function channelLabel(id: number): string {
    return channelNames.value.get(id) ?? String(id)
  }

  return { facets, channelNames, init, load, channelLabel }
})
