import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SavedView, Theme, UiState, UiStatePatch, ViewSearch } from '../../../preload/contract'
import { call } from '../bridge'
import { compactSearch } from '../lib/view-search'

/** How long the search waits before it is written to main (typing must not write a file per key). */
export const SAVE_SEARCH_MS = 400

/**
 * The review workspace kept by main between launches (ui:get / ui:set): the last route, the
 * list's search, the saved views (their actions and counts are in saved-views.ts), and the theme.
 */
export const useUiStore = defineStore('ui', () => {
  const loaded = ref(false)
  const lastRoute = ref('/plans')
  const search = ref<ViewSearch>({})
  const views = ref<SavedView[]>([])
  const theme = ref<Theme>('system')
  const error = ref<string | null>(null)
  /** Whether the system asks for dark colours (follows the OS while the theme is "system"). */
  const systemDark = ref(false)
  const dark = computed(() => theme.value === 'dark' || (theme.value === 'system' && systemDark.value))

  let searchTimer: ReturnType<typeof setTimeout> | null = null

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

  return { loaded, lastRoute, search, views, theme, error, systemDark, dark, load, save, saveSearch, flush, saveRoute, setTheme }
})
