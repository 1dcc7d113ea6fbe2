/** The person's saved views (kept in the workspace, ui.ts) and how many plans each finds now. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SavedView, SearchQuery, ViewSearch } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { compactSearch, toQuery } from '../lib/view-search'
import { useUiStore } from './ui'

/** Live counts follow a change at once; a burst of changes (a bulk decision) counts again at most this often. */
export const COUNTS_MS = 500

function newId(): string {
  return `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
}

export const useSavedViewsStore = defineStore('savedViews', () => {
  const ui = useUiStore()
  /** View id → how many plans it finds now (null while unknown). */
  const counts = ref<Record<string, number | null>>({})
  let countsTimer: ReturnType<typeof setTimeout> | null = null
  let lastCount = 0
  let unsubscribers: Array<() => void> = []
  let countGeneration = 0

  /** Counts the views now, and again whenever the cache or the queue of changes moves (a sync, a decision, a change sent or refused). */
  async function init(): Promise<void> {
    if (unsubscribers.length === 0) unsubscribers = [bridge.on('plans:changed', () => scheduleCounts()), bridge.on('outbox:changed', () => scheduleCounts())]
    await refreshCounts()
  }

  /** Replaces the views whole; on failure the old list stays. */
  async function saveViews(next: SavedView[]): Promise<void> {
    const before = ui.views
    ui.views = next
    try {
      await ui.save({ views: next })
    } catch (err) {
      ui.views = before
      throw err
    }
  }

  async function createView(name: string, s: ViewSearch): Promise<SavedView> {
    const view: SavedView = { id: newId(), name: name.trim(), search: compactSearch(s) }
    await saveViews([...ui.views, view])
    void countView(view)
    return view
  }

  /** A renamed built-in view keeps its name in every language. */
  async function renameView(id: string, name: string): Promise<void> {
    await saveViews(ui.views.map((v) => (v.id === id ? { id: v.id, name: name.trim(), search: v.search } : v)))
  }

  async function updateViewSearch(id: string, s: ViewSearch): Promise<void> {
    await saveViews(ui.views.map((v) => (v.id === id ? { ...v, search: compactSearch(s) } : v)))
    const view = ui.views.find((v) => v.id === id)
    if (view) void countView(view)
  }

  /** Moves a view up (-1) or down (+1) in the list. */
  async function moveView(id: string, delta: -1 | 1): Promise<void> {
    const list = [...ui.views]
    const i = list.findIndex((v) => v.id === id)
    const j = i + delta
    if (i < 0 || j < 0 || j >= list.length) return
    ;[list[i], list[j]] = [list[j], list[i]]
    await saveViews(list)
  }

  async function deleteView(id: string): Promise<void> {
    await saveViews(ui.views.filter((v) => v.id !== id))
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
    await Promise.all(ui.views.map((v) => countView(v)))
  }

  /**
   * At once after a change; during a burst (a bulk decision changes the queue hundreds of times)
   * once more every COUNTS_MS, and once after the last change, so the counts never lag behind.
   */
  function scheduleCounts(): void {
    if (countsTimer) return
    const wait = Math.max(0, lastCount + COUNTS_MS - Date.now())
    const run = () => {
      countsTimer = null
      lastCount = Date.now()
      void refreshCounts()
    }
    if (wait === 0) run()
    else countsTimer = setTimeout(run, wait)
  }

  return { counts, init, createView, renameView, updateViewSearch, moveView, deleteView, refreshCounts }
})
