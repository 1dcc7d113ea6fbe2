/**
 * The plans list: the person's search (text, filters, sort) and the rows it finds, loaded a
 * window at a time. What is open (plan-detail.ts) and what is checked (plan-bulk.ts) are kept
 * apart from it.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { PlanSummary, SearchQuery, ViewSearch } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { compactSearch, emptyFilters, filterFields, toQuery, type FilterKey, type Filters } from '../lib/view-search'
import { useStatusesStore } from './statuses'

const PAGE = 200
/** plans:search answers at most this many rows at once. */
export const MAX_PAGE = 1000

export const usePlanListStore = defineStore('planList', () => {
  const filters = reactive<Filters>(emptyFilters())
  /** The search as stored and compared (empty fields left out). */
  const currentSearch = computed<ViewSearch>(() => compactSearch({ ...filters }))
  /** Bumped to ask the search box for the keyboard focus ("/"). */
  const focusRequest = ref(0)
  // Shallow: rows are replaced whole, never changed in place; a deep proxy of every loaded row costs on each page.
  const rows = shallowRef<PlanSummary[]>([])
  const total = ref(0)
  const loading = ref(false)
  /** Counts the answers of a new search (not of a refresh or a next window): the list shows them from the top. */
  const newResults = ref(0)
  /** Counts the searches started (a new search ends a selection of "all matching" the previous one). */
  const searches = ref(0)
  const error = ref<string | null>(null)
  const hasMore = computed(() => rows.value.length < total.value)
  let generation = 0
  /** The keyset cursor after the last row loaded (the next page starts there, at the same cost at any depth). */
  let nextCursor: string | undefined
  /**
   * The next window could not be had (the request failed, or an answer added no rows although the
   * total said more): no more are asked for until the list is loaded again (a search, a refresh),
   * so a list scrolled to its end does not ask again and again.
   */
  let moreStuck = false
  let unsubscribe: (() => void) | null = null

  function query(offset: number, limit = PAGE): SearchQuery {
    return { ...toQuery(filters), sort: filters.sort, offset, limit }
  }

  /** Runs the search from the top (the filters changed); an older, slower answer never replaces a newer one. */
  async function search(): Promise<void> {
    searches.value++
    await load(PAGE, true)
  }

  /**
   * Search as the person types, with no debounce: when no search is running the keystroke's
   * search starts at once; one typed during a search runs right after it, with the text as it
   * is by then (the keystrokes in between are skipped, never queued). Resolves when the list
   * shows the latest text.
   */
  let typed: Promise<void> | null = null
  let typedAgain = false
  function searchTyped(): Promise<void> {
    if (typed) {
      typedAgain = true
      return typed
    }
    typed = (async () => {
      try {
        do {
          typedAgain = false
          await search()
        } while (typedAgain)
      } finally {
        typed = null
      }
    })()
    return typed
  }

  /**
   * A barcode scanner types an order or invoice number and Enter: when the search finds exactly
   * one plan, its pk (the caller opens it); otherwise null and the list shows the matches.
   */
  async function onlyMatch(): Promise<number | null> {
    await searchTyped()
    return total.value === 1 && rows.value.length === 1 ? rows.value[0].pk : null
  }

  /** Reloads what is on screen (after an edit or a sync) without losing how far the list was scrolled. */
  async function refresh(): Promise<void> {
    await load(Math.min(MAX_PAGE, Math.max(PAGE, rows.value.length)))
  }

  async function load(limit: number, fromTop = false): Promise<void> {
    const mine = ++generation
    loading.value = true
    try {
      const result = await call('plans:search', query(0, limit))
      if (mine !== generation) return
      rows.value = result.rows
      total.value = result.total
      nextCursor = result.nextCursor
      moreStuck = false
      error.value = null
      if (fromTop) newResults.value++
    } catch (err) {
      if (mine === generation) error.value = (err as Error).message
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (loading.value || !hasMore.value || moreStuck) return
    const mine = generation
    loading.value = true
    try {
      // By keyset when the last answer gave a cursor (an offset costs more the deeper it goes).
      const q = query(rows.value.length)
      const result = await call('plans:search', nextCursor ? { ...q, offset: undefined, cursor: nextCursor } : q)
      if (mine !== generation) return
      if (result.rows.length === 0) moreStuck = true
      rows.value = rows.value.concat(result.rows)
      total.value = result.total
      nextCursor = result.nextCursor
    } catch (err) {
      if (mine !== generation) return
      moreStuck = true
      error.value = (err as Error).message
    } finally {
      // A search started meanwhile owns `loading` now; it clears it when its answer is in.
      if (mine === generation) loading.value = false
    }
  }

  async function init(): Promise<void> {
    const statuses = useStatusesStore()
    unsubscribe ??= bridge.on('plans:changed', () => {
      void refresh()
      void statuses.loadStatuses()
    })
    await Promise.all([search(), statuses.loadStatuses()])
  }

  /** Clears the text and every filter; the sort stays. */
  function clearFilters(): void {
    Object.assign(filters, emptyFilters(filters.sort))
    void search()
  }

  /** Shows a saved (or restored) search: its fields replace the current ones whole. */
  function applySearch(s: ViewSearch, run = true): void {
    Object.assign(filters, emptyFilters(), compactSearch(s))
    if (run) void search()
  }

  /** Removes one filter (a chip's close button). */
  function removeFilter(key: FilterKey | 'text'): void {
    const blank = emptyFilters(filters.sort) as Record<string, unknown>
    const fields = key === 'text' ? ['text'] : filterFields(key)
    for (const f of fields) (filters as Record<string, unknown>)[f] = blank[f]
    void search()
  }

  return {
    filters, currentSearch, focusRequest, rows, total, loading, newResults, searches, error, hasMore,
    query, search, searchTyped, onlyMatch, refresh, loadMore, init, clearFilters, applySearch, removeFilter,
  }
})
