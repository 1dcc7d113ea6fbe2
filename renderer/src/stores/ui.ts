import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SavedView, SearchQuery, Theme, UiState, UiStatePatch, ViewSearch } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { compactSearch, toQuery } from '../lib/view-search'

/** How long the search waits before it is written to main (typing must not write a file per key). */
export const SAVE_SEARCH_MS = 400
/** Live counts are refreshed once the cache has not changed for this long. */
const COUNTS_MS = 1500

function newId(): string {
  return `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
}

/**
 * The review workspace kept by main between launches (ui:get / ui:set): the last route, the
 * list's search, the saved views with their live counts, and the theme.
 */
export const useUiStore = defineStore('ui', () => {
  const loaded = ref(false)
  const lastRoute = ref('/plans')
  const search = ref<ViewSearch>({})
  const views = ref<SavedView[]>([])
  const theme = ref<Theme>('system')
  /** View id → how many plans it finds now (null while unknown). */
  const counts = ref<Record<string, number | null>>({})
  const error = ref<string | null>(null)
  /** Whether the system asks for dark colours (follows the OS while the theme is "system"). */
  const systemDark = ref(false)
  const dark = computed(() => theme.value === 'dark' || (theme.value === 'system' && systemDark.value))

  let searchTimer: ReturnType<typeof setTimeout> | null = null
  let countsTimer: ReturnType<typeof setTimeout> | null = null
  let unsubscribe: (() => void) | null = null
  let countGeneration = 0

  function take(state: UiState): void {
    lastRoute.value = state.lastRoute
    search.value = state.search
    views.value = state.views
    theme.value = state.theme
  }

  async function load(): Promise<void> {
    try {
      take(await call('ui:get'))
      error.value = null
    } catch (err) {
      // The app works without its workspace: defaults, and the reason on screen.
      error.value = (err as Error).message
    }
    loaded.value = true
    unsubscribe ??= bridge.on('plans:changed', () => scheduleCounts())
  }

  async function save(patch: UiStatePatch): Promise<void> {
    try {
      // Plain data: Electron's IPC clones its arguments and cannot clone Vue's reactive proxies.
      take(await call('ui:set', JSON.parse(JSON.stringify(patch)) as UiStatePatch))
      error.value = null
    } catch (err) {
      error.value = (err as Error).message
      throw err
    }
  }

  /** Remembers the list's search (debounced). */
  function saveSearch(s: ViewSearch): void {
    const next = compactSearch(s)
    search.value = next
    if (searchTimer) clearTimeout(searchTimer)
    searchTimer = setTimeout(() => {
      searchTimer = null
      void save({ search: next }).catch(() => undefined)
    }, SAVE_SEARCH_MS)
  }

  /** Writes a pending search at once (before the window closes). */
  async function flush(): Promise<void> {
    if (!searchTimer) return
    clearTimeout(searchTimer)
    searchTimer = null
    await save({ search: search.value }).catch(() => undefined)
  }

  function saveRoute(path: string): void {
    if (path === lastRoute.value) return
    lastRoute.value = path
    void save({ lastRoute: path }).catch(() => undefined)
  }

  async function setTheme(next: Theme): Promise<void> {
    theme.value = next
    await save({ theme: next })
  }

  /** Replaces the views whole; on failure the old list stays. */
  async function saveViews(next: SavedView[]): Promise<void> {
    const before = views.value
    views.value = next
    try {
      await save({ views: next })
    } catch (err) {
      views.value = before
      throw err
    }
  }

  async function createView(name: string, s: ViewSearch): Promise<SavedView> {
    const view: SavedView = { id: newId(), name: name.trim(), search: compactSearch(s) }
    await saveViews([...views.value, view])
    void countView(view)
    return view
  }

  /** A renamed built-in view keeps its name in every language. */
  async function renameView(id: string, name: string): Promise<void> {
    await saveViews(views.value.map((v) => (v.id === id ? { id: v.id, name: name.trim(), search: v.search } : v)))
  }

  async function updateViewSearch(id: string, s: ViewSearch): Promise<void> {
    await saveViews(views.value.map((v) => (v.id === id ? { ...v, search: compactSearch(s) } : v)))
    const view = views.value.find((v) => v.id === id)
    if (view) void countView(view)
  }

  /** Moves a view up (-1) or down (+1) in the list. */
  async function moveView(id: string, delta: -1 | 1): Promise<void> {
    const list = [...views.value]
    const i = list.findIndex((v) => v.id === id)
    const j = i + delta
    if (i < 0 || j < 0 || j >= list.length) return
    ;[list[i], list[j]] = [list[j], list[i]]
    await saveViews(list)
  }

  async function deleteView(id: string): Promise<void> {
    await saveViews(views.value.filter((v) => v.id !== id))
  }

  async function countView(view: SavedView): Promise<void> {
    const generation = countGeneration
    try {
      const res = await call('plans:search', JSON.parse(JSON.stringify({ ...toQuery(view.search), limit: 1 })) as SearchQuery)
      if (generation === countGeneration) counts.value = { ...counts.value, [view.id]: res.total }
    } catch {
      if (generation === countGeneration) counts.value = { ...counts.value, [view.id]: null }
    }
  }

  /** Counts every view now (one small search each, answered by the cache). */
  async function refreshCounts(): Promise<void> {
    countGeneration++
    await Promise.all(views.value.map((v) => countView(v)))
  }

  /** After the cache has been quiet for a moment: a bulk decision changes it many times in a row, and counting between each would slow it down. */
  function scheduleCounts(): void {
    if (countsTimer) clearTimeout(countsTimer)
    countsTimer = setTimeout(() => {
      countsTimer = null
      void refreshCounts()
    }, COUNTS_MS)
  }

  return {
    loaded, lastRoute, search, views, theme, counts, error, systemDark, dark,
    load, saveSearch, flush, saveRoute, setTheme, createView, renameView, updateViewSearch, moveView, deleteView, refreshCounts,
  }
})
