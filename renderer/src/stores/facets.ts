import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { PlanFacets } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { afterQuiet } from '../lib/after-quiet'
import { coalesced } from '../lib/coalesce'

/**
 * What the filters can offer (plans:facets): the cache's channels with their names, its stores,
 * staff and currencies, each with how many plans it has. Asked again when the cache changes.
 */
/** How long the cache stays unchanged before the choices are counted again. */
export const QUIET_MS = 2000

export const useFacetsStore = defineStore('facets', () => {
  const facets = ref<PlanFacets>({ channels: [], stores: [], staff: [], currencies: [] })
  const channelNames = computed(() => new Map(facets.value.channels.filter((c) => c.name !== null).map((c) => [c.id, c.name as string])))
  let unsubscribe: (() => void) | null = null
  /** Loads the choices; a change during a load loads them once more after it. */
  const load = coalesced(async () => {
    facets.value = await call('plans:facets').catch(() => facets.value)
  })

  /**
   * Asked again once the cache has been quiet for a moment: a sync changes it page after page,
   * and counting every channel, store and staff member between each would only slow it down.
   */
  const changed = afterQuiet(() => load(), QUIET_MS)

  async function init(): Promise<void> {
    unsubscribe ??= bridge.on('plans:changed', changed)
    await load()
  }

  /** A channel by its name when the plans give one, else by its number. */
  function channelLabel(id: number): string {
    return channelNames.value.get(id) ?? String(id)
  }

  return { facets, channelNames, init, load, channelLabel }
})
