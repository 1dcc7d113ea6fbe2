/**
 * The plans list: the person's search (text, filters, sort) and the rows it finds. The list is
 * as long as the search's count from the first answer on (`rows` has a place for every match),
 * and the rows are fetched a page at a time for the places in view, so the scroll bar's length
 * and position mean the whole list: dragging it to the end shows the last plans. What is open
 * (plan-detail.ts) and what is checked (plan-bulk.ts) are kept apart from it.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { PlanSummary, SearchQuery, SearchResult, ViewSearch } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { coalesced } from '../lib/coalesce'
import { placeRows, placesComplete } from '../lib/list-places'
import { compactSearch, editFilters, emptyFilters, toQuery, type FilterKey, type Filters } from '../lib/view-search'
import { useStatusesStore } from './statuses'

export const PAGE = 200
/** plans:search answers at most this many rows at once. */
export const MAX_PAGE = 1000
/** Pages fetched at once while the view moves (a fast drag asks only for where it ends up). */
const PARALLEL = 2
/**
 * A new search's first answer carries the places the table draws, not a whole page: as the person
 * types, each keystroke's answer is a fraction of the size, read and drawn sooner. The rest of the
 * first page follows once the typing pauses (REST_AFTER_MS), or as soon as the view reaches a place
 * not fetched yet. Before the table has said what it draws (the first search), FIRST places: a
 * tall window's worth.
 */
const FIRST = 50
export const REST_AFTER_MS = 300

export const usePlanListStore = defineStore('planList', () => {
  const filters = reactive<Filters>(emptyFilters())
  /** The search as stored and compared (empty fields left out). */
  const currentSearch = computed<ViewSearch>(() => compactSearch({ ...filters }))
  /** Bumped to ask the search box for the keyboard focus ("/"). */
  const focusRequest = ref(0)
  /**
   * A place for every match of the search, in order; a place not fetched yet is empty (a hole).
   * Shallow: replaced whole when rows arrive, never changed in place.
   */
  const rows = shallowRef<Array<PlanSummary | undefined>>([])
  const total = ref(0)
  /** A new search is on its way (the rows shown are the previous search's). */
  const loading = ref(false)
  /** Counts the answers of a new search (not of a refresh or a page): the list shows them from the top. */
  const newResults = ref(0)
  /** Counts the searches started (a new search ends a selection of "all matching" the previous one). */
  const searches = ref(0)
  const error = ref<string | null>(null)

  /** Answers of an older search or refresh are dropped. */
  let generation = 0
  /** Where a page starts by keyset (the nextCursor of the page before it): cheaper than an offset deep down. */
  let cursors = new Map<number, string>()
  let inFlight = new Set<number>()
  /** Pages whose fetch failed: not asked again until the list is loaded again (a search, a refresh). */
  let failed = new Set<number>()
  /** Callers of ensureRow waiting for a page already on its way. */
  const waiting: Array<() => void> = []
  /** The places on screen (first, last), as the table reports them. */
  let view: [number, number] = [0, FIRST - 1]
  /** Fetches the rest of a new search's first page when the typing pauses. */
  let restTimer: ReturnType<typeof setTimeout> | undefined
  let unsubscribe: (() => void) | null = null

  function query(offset: number, limit = PAGE): SearchQuery {
    return { ...toQuery(filters), sort: filters.sort, offset, limit }
  }

  /** Puts an answer's rows at their places, the list resized to the answer's count. */
  function place(at: number, result: SearchResult): void {
    rows.value = placeRows(rows.value, at, result)
    total.value = result.total
  }

  /** Runs the search from the top (the filters changed); an older, slower answer never replaces a newer one. */
  async function search(): Promise<void> {
    searches.value++
    await load(0, Math.min(PAGE, view[1] - view[0] + 1), true)
  }

  /**
   * Search as the person types, with no debounce: when no search is running the keystroke's
   * search starts at once; one typed during a search runs right after it, with the text as it
   * is by then (the keystrokes in between are skipped, never queued). Resolves when the list
   * shows the latest text.
   */
  const searchTyped = coalesced(search)

  /**
   * A barcode scanner types an order or invoice number and Enter: when the search finds exactly
   * one plan, its pk (the caller opens it); otherwise null and the list shows the matches.
   */
  async function onlyMatch(): Promise<number | null> {
    await searchTyped()
    return total.value === 1 && rows.value[0] ? rows.value[0].pk : null
  }

  /** Fetches again what is on screen (after an edit or a sync), keeping the list where it is scrolled. */
  async function refresh(): Promise<void> {
    const first = Math.floor(view[0] / PAGE) * PAGE
    await load(first, Math.min(MAX_PAGE, Math.max(PAGE, view[1] + 1 - first)))
  }

  /** A new generation of the list: the rows from `offset` (the rest are fetched as they come into view). */
  async function load(offset: number, limit: number, fromTop = false): Promise<void> {
    const mine = ++generation
    cursors = new Map()
    inFlight = new Set()
    failed = new Set()
    clearTimeout(restTimer)
    loading.value = fromTop
    try {
      const result = await call('plans:search', query(offset, limit))
      if (mine !== generation) return
      rows.value = []
      place(offset, result)
      // A cursor is kept for where a page starts; a new search's shorter first answer ends inside one.
      const end = offset + result.rows.length
      if (result.nextCursor && end % PAGE === 0) cursors.set(end / PAGE, result.nextCursor)
      error.value = null
      if (fromTop) {
        // The table goes back to its top: the same number of places in sight, from the first.
        view = [0, view[1] - view[0]]
        newResults.value++
        restTimer = setTimeout(() => {
          if (mine === generation && !inFlight.has(0) && !placesComplete(rows.value, total.value, 0, PAGE - 1)) void fetchPage(0, mine)
        }, REST_AFTER_MS)
      }
      pump()
    } catch (err) {
      if (mine === generation) error.value = (err as Error).message
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** The table shows the places `first` to `last`: their rows are fetched if they are not here yet. */
  function showRange(first: number, last: number): void {
    view = [Math.max(0, first), Math.max(0, last)]
    pump()
  }

  /** Resolves once the row at `index` is here (or cannot be had); true when it is. */
  async function ensureRow(index: number): Promise<boolean> {
    if (index < 0 || index >= total.value) return false
    if (rows.value[index]) return true
    const page = Math.floor(index / PAGE)
    if (!inFlight.has(page)) await fetchPage(page, generation)
    else await new Promise<void>((ok) => waiting.push(ok))
    return Boolean(rows.value[index])
  }

  /** Fetches the pages of the places in view not fetched yet, a few at a time, nearest to the view's start first. */
  function pump(): void {
    const mine = generation
    const [first, last] = view
    for (let page = Math.floor(first / PAGE); page <= Math.floor(Math.min(last, total.value - 1) / PAGE) && inFlight.size < PARALLEL; page++) {
      const here = placesComplete(rows.value, total.value, Math.max(first, page * PAGE), Math.min(last, (page + 1) * PAGE - 1))
      if (inFlight.has(page) || failed.has(page) || here) continue
      void fetchPage(page, mine).then(() => {
        if (mine === generation) pump()
      })
    }
  }

  async function fetchPage(page: number, mine: number): Promise<void> {
    inFlight.add(page)
    try {
      const q = query(page * PAGE)
      const cursor = cursors.get(page)
      const result = await call('plans:search', cursor ? { ...q, offset: undefined, cursor } : q)
      if (mine !== generation) return
      place(page * PAGE, result)
      if (result.rows.length === 0) failed.add(page)
      if (result.nextCursor) cursors.set(page + 1, result.nextCursor)
    } catch (err) {
      if (mine !== generation) return
      failed.add(page)
      error.value = (err as Error).message
    } finally {
      if (mine === generation) inFlight.delete(page)
      waiting.splice(0).forEach((ok) => ok())
    }
  }

  /** The first search and the statuses' labels; asked once, however often it is called (the start asks it before the window is drawn). */
  let started: Promise<void> | null = null
  function init(): Promise<void> {
    const statuses = useStatusesStore()
    unsubscribe ??= bridge.on('plans:changed', () => {
      void refresh()
      void statuses.loadStatuses()
    })
    return (started ??= Promise.all([search(), statuses.loadStatuses()]).then(() => undefined))
  }

  /** Clears the text and every filter (the sort stays), shows a saved search, or removes one filter: then searches. */
  function clearFilters(): void {
    editFilters.clear(filters)
    void search()
  }
  function applySearch(s: ViewSearch, run = true): void {
    editFilters.replace(filters, s)
    if (run) void search()
  }
  function removeFilter(key: FilterKey | 'text'): void {
    editFilters.remove(filters, key)
    void search()
  }

  return {
    filters, currentSearch, focusRequest, rows, total, loading, newResults, searches, error,
    query, search, searchTyped, onlyMatch, refresh, showRange, ensureRow, init, clearFilters, applySearch, removeFilter,
  }
})
