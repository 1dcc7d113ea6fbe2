import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { PlanDetail, PlanSummary, SearchQuery, StatusLabel } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { i18n } from '../i18n'

const PAGE = 200

export type Filters = Required<Pick<SearchQuery, 'text' | 'statuses' | 'sort'>> & Pick<SearchQuery, 'planType'>

export const usePlansStore = defineStore('plans', () => {
  const filters = reactive<Filters>({ text: '', statuses: [], sort: '-modified_date', planType: undefined })
  const rows = ref<PlanSummary[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const statuses = ref<StatusLabel[]>([])
  const selectedPk = ref<number | null>(null)
  const detail = ref<PlanDetail | null>(null)
  const detailError = ref<string | null>(null)
  const hasMore = computed(() => rows.value.length < total.value)
  let generation = 0
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

  function query(offset: number): SearchQuery {
    const q: SearchQuery = { sort: filters.sort, offset, limit: PAGE }
    if (filters.text.trim()) q.text = filters.text.trim()
    if (filters.statuses.length) q.statuses = [...filters.statuses]
    if (filters.planType) q.planType = filters.planType
    return q
  }

  /** Runs the search from the top; an older, slower answer never replaces a newer one. */
  async function search(): Promise<void> {
    const mine = ++generation
    loading.value = true
    try {
      const result = await call('plans:search', query(0))
      if (mine !== generation) return
      rows.value = result.rows
      total.value = result.total
      error.value = null
    } catch (err) {
      if (mine === generation) error.value = (err as Error).message
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (loading.value || !hasMore.value) return
    const mine = generation
    loading.value = true
    try {
      const result = await call('plans:search', query(rows.value.length))
      if (mine !== generation) return
      rows.value = rows.value.concat(result.rows)
      total.value = result.total
    } catch (err) {
      error.value = (err as Error).message
    } finally {
      loading.value = false
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
    try {
      const d = await call('plans:get', { pk })
      if (selectedPk.value === pk) detail.value = d
    } catch (err) {
      if (selectedPk.value === pk) detailError.value = (err as Error).message
    }
  }

  async function init(): Promise<void> {
    unsubscribe ??= bridge.on('plans:changed', () => {
      void search()
      void loadStatuses()
      if (selectedPk.value !== null) void select(selectedPk.value)
    })
    await Promise.all([search(), loadStatuses()])
  }

  function clearFilters(): void {
    filters.text = ''
    filters.statuses = []
    filters.planType = undefined
    void search()
  }

  return {
    filters, rows, total, loading, error, statuses, statusLabel, selectedPk, detail, detailError, hasMore,
    search, loadMore, loadStatuses, select, init, clearFilters,
  }
})
