import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import type { PlanDetail, PlanStatus, PlanSummary, SearchQuery, StatusLabel, ViewSearch } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { i18n } from '../i18n'
import { compactSearch, filterFields, toQuery, type FilterKey } from '../lib/view-search'

const PAGE = 200
/** plans:search answers at most this many rows at once. */
const MAX_PAGE = 1000
/** "All N matching this search" stops here: one decision should not silently become tens of thousands. */
export const MAX_BULK = 5000

/** The list's search: every field of the contract's query the person can set, plus relative date presets. */
export type Filters = Required<Pick<ViewSearch, 'text' | 'statuses' | 'sort' | 'hasPendingEdits'>> &
  Omit<ViewSearch, 'text' | 'statuses' | 'sort' | 'hasPendingEdits'>

export const DEFAULT_SORT = '-modified_date' as const

/** Every key present (reactive() tracks only the keys it starts with). */
function emptyFilters(sort: Filters['sort'] = DEFAULT_SORT): Filters {
  return {
    text: '',
    statuses: [],
    sort,
    hasPendingEdits: false,
    planType: undefined,
    channelType: undefined,
    channelIds: undefined,
    storeRemoteId: undefined,
    staffRemoteId: undefined,
    createdFrom: undefined,
    createdTo: undefined,
    createdPreset: undefined,
    modifiedFrom: undefined,
    modifiedTo: undefined,
    modifiedPreset: undefined,
    invoiceNumber: undefined,
    orderNumber: undefined,
    customerId: undefined,
  }
}

export const usePlansStore = defineStore('plans', () => {
  const filters = reactive<Filters>(emptyFilters())
  /** The search as stored and compared (empty fields left out). */
  const currentSearch = computed<ViewSearch>(() => compactSearch({ ...filters }))
  /** Bumped to ask the search box for the keyboard focus ("/"). */
  const focusRequest = ref(0)
  /**
   * A decision asked for from the keyboard on the open plan: `status` proposes it (the plan's
   * status control asks to confirm, as for a click), null puts the focus on the status choice.
   */
  const decisionRequest = ref<{ pk: number; status: PlanStatus | null; seq: number } | null>(null)
  // Shallow: rows are replaced whole, never changed in place; a deep proxy of every loaded row costs on each page.
  const rows = shallowRef<PlanSummary[]>([])
  const total = ref(0)
  const loading = ref(false)
  /** Counts the answers of a new search (not of a refresh or a next window): the list shows them from the top. */
  const newResults = ref(0)
  const error = ref<string | null>(null)
  const statuses = ref<StatusLabel[]>([])
  const selectedPk = ref<number | null>(null)
  const detail = ref<PlanDetail | null>(null)
  const detailError = ref<string | null>(null)
  const detailOpen = ref(false)
  const hasMore = computed(() => rows.value.length < total.value)
  // Bulk selection: explicit plan numbers, or every plan matching the current search.
  const checked = ref<Set<number>>(new Set())
  const allMatching = ref(false)
  const checkedCount = computed(() => (allMatching.value ? total.value : checked.value.size))
  let lastToggled: number | null = null
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

  const { t, te, locale } = i18n.global
  /**
   * The person's language first for the statuses PlanDesk knows, so labels follow a language
   * switch even offline; the server's label for any status it adds.
   */
  const statusLabel = computed(() => {
    void locale.value
    return new Map(statuses.value.map((s) => [s.key, te(`status.${s.key}`) ? t(`status.${s.key}`) : s.label]))
  })

  function query(offset: number, limit = PAGE): SearchQuery {
    return { ...toQuery(filters), sort: filters.sort, offset, limit }
  }

  /** Runs the search from the top (the filters changed); an older, slower answer never replaces a newer one. */
  async function search(): Promise<void> {
    // "All matching" meant the previous search; explicitly checked plans stay checked.
    allMatching.value = false
    lastToggled = null
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
    if (selectedPk.value !== null && detailOpen.value) await reloadDetail()
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

  async function loadStatuses(): Promise<void> {
    statuses.value = await call('plans:statuses').catch(() => [])
  }

  async function select(pk: number | null): Promise<void> {
    selectedPk.value = pk
    detail.value = null
    detailError.value = null
    if (pk === null) return
    await reloadDetail()
  }

  /** Fetches the selected plan again, keeping the old copy on screen meanwhile (no flicker). */
  async function reloadDetail(): Promise<void> {
    const pk = selectedPk.value
    if (pk === null) return
    try {
      const d = await call('plans:get', { pk })
      if (selectedPk.value === pk) {
        detail.value = d
        detailError.value = null
      }
    } catch (err) {
      if (selectedPk.value === pk) detailError.value = (err as Error).message
    }
  }

  async function openDetail(pk: number): Promise<void> {
    detailOpen.value = true
    await select(pk)
  }

  function closeDetail(): void {
    detailOpen.value = false
  }

  // --- bulk selection -----------------------------------------------------------------------

  /**
   * Checks or unchecks a plan. With `range` (shift-click), every plan between the last one
   * toggled and this one takes this one's new state.
   */
  function toggleChecked(pk: number, range = false): void {
    const next = new Set(allMatching.value ? rows.value.map((r) => r.pk) : checked.value)
    allMatching.value = false
    const on = !next.has(pk)
    const index = rows.value.findIndex((r) => r.pk === pk)
    if (range && lastToggled !== null && index >= 0) {
      const from = rows.value.findIndex((r) => r.pk === lastToggled)
      if (from >= 0) {
        const [a, b] = from < index ? [from, index] : [index, from]
        for (const r of rows.value.slice(a, b + 1)) {
          if (on) next.add(r.pk)
          else next.delete(r.pk)
        }
      }
    }
    if (on) next.add(pk)
    else next.delete(pk)
    lastToggled = pk
    checked.value = next
  }

  /** Checks every plan loaded in the list, or unchecks them all. */
  function checkLoaded(on: boolean): void {
    allMatching.value = false
    checked.value = on ? new Set(rows.value.map((r) => r.pk)) : new Set()
  }

  function checkAllMatching(): void {
    allMatching.value = true
  }

  function clearChecked(): void {
    allMatching.value = false
    checked.value = new Set()
    lastToggled = null
  }

  function isChecked(pk: number): boolean {
    return allMatching.value || checked.value.has(pk)
  }

  /** The plan numbers a bulk decision applies to, in list order; pages through the search for "all matching". */
  async function checkedPks(): Promise<number[]> {
    if (!allMatching.value) {
      const order = new Map(rows.value.map((r, i) => [r.pk, i]))
      return [...checked.value].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a - b)
    }
    const pks: number[] = []
    for (let offset = 0; offset < MAX_BULK; offset += MAX_PAGE) {
      const page = await call('plans:search', query(offset, Math.min(MAX_PAGE, MAX_BULK - offset)))
      pks.push(...page.rows.map((r) => r.pk))
      if (page.rows.length === 0 || pks.length >= page.total) break
    }
    return pks
  }

  async function init(): Promise<void> {
    unsubscribe ??= bridge.on('plans:changed', () => {
      void refresh()
      void loadStatuses()
    })
    await Promise.all([search(), loadStatuses()])
  }

  /** Asks the open plan's status control for a decision (see decisionRequest). */
  function requestDecision(status: PlanStatus | null): void {
    const pk = detailOpen.value ? (detail.value?.summary.pk ?? null) : null
    if (pk === null) return
    decisionRequest.value = { pk, status, seq: (decisionRequest.value?.seq ?? 0) + 1 }
  }

  /**
   * The plan `by` rows after (or before) the selected one, loading the next page when the
   * selection nears the end of what is loaded; null at either end.
   */
  function neighbour(by: 1 | -1): number | null {
    const list = rows.value
    if (!list.length) return null
    const index = list.findIndex((r) => r.pk === selectedPk.value)
    const next = index < 0 ? 0 : index + by
    if (next < 0 || next >= list.length) return null
    if (next >= list.length - 5) void loadMore()
    return list[next].pk
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
    filters, currentSearch, focusRequest, decisionRequest, requestDecision, neighbour, applySearch, removeFilter, rows, total, loading, newResults, error, statuses, statusLabel, selectedPk, detail, detailError, detailOpen, hasMore,
    checked, allMatching, checkedCount,
    search, searchTyped, onlyMatch, refresh, loadMore, loadStatuses, select, reloadDetail, openDetail, closeDetail, init, clearFilters,
    toggleChecked, checkLoaded, checkAllMatching, clearChecked, isChecked, checkedPks,
  }
})
