/** The plan selected in the list and the one open in the detail, and moving between them from the keyboard. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { PlanDetail, PlanStatus } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { usePlanListStore } from './plan-list'

export const usePlanDetailStore = defineStore('planDetail', () => {
  const list = usePlanListStore()
  const selectedPk = ref<number | null>(null)
  const detail = ref<PlanDetail | null>(null)
  const detailError = ref<string | null>(null)
  const detailOpen = ref(false)
  /**
   * A decision asked for from the keyboard on the open plan: `status` proposes it (the plan's
   * status control asks to confirm, as for a click), null puts the focus on the status choice.
   */
  const decisionRequest = ref<{ pk: number; status: PlanStatus | null; seq: number } | null>(null)
  let unsubscribe: (() => void) | null = null

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

  /** The open plan again (after an edit or a sync); nothing when no plan is open. */
  async function reloadOpen(): Promise<void> {
    if (selectedPk.value !== null && detailOpen.value) await reloadDetail()
  }

  async function openDetail(pk: number): Promise<void> {
    detailOpen.value = true
    await select(pk)
  }

  function closeDetail(): void {
    detailOpen.value = false
  }

  function init(): void {
    unsubscribe ??= bridge.on('plans:changed', () => void reloadOpen())
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
    const rows = list.rows
    if (!rows.length) return null
    const index = rows.findIndex((r) => r.pk === selectedPk.value)
    const next = index < 0 ? 0 : index + by
    if (next < 0 || next >= rows.length) return null
    if (next >= rows.length - 5) void list.loadMore()
    return rows[next].pk
  }

  return {
    selectedPk, detail, detailError, detailOpen, decisionRequest,
    select, reloadDetail, reloadOpen, openDetail, closeDetail, init, requestDecision, neighbour,
  }
})

/** The list and the open plan both show the cache as it is now (after a local edit or a sync). */
export async function refreshPlans(): Promise<void> {
  await Promise.all([usePlanListStore().refresh(), usePlanDetailStore().reloadOpen()])
}
