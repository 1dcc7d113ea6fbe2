/** The plan selected in the list and the one open in the detail, and moving between them from the keyboard. */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { PlanDetail, PlanStatus } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { usePeopleStore } from './people'
import { usePlanListStore } from './plan-list'

export const usePlanDetailStore = defineStore('planDetail', () => {
  const list = usePlanListStore()
  const people = usePeopleStore()
  const selectedPk = ref<number | null>(null)
  const detail = ref<PlanDetail | null>(null)
  const detailError = ref<string | null>(null)
  const detailOpen = ref(false)
  /**
   * A decision asked for from the keyboard on the open plan: `status` proposes it (the plan's
   * status control asks to confirm, as for a click), null puts the focus on the status choice.
   * It waits for the plan's detail if that is still on its way (the plan just moved), and
   * `confirmed` carries an Enter pressed before the confirmation was on screen, so no key is lost.
   */
  const decisionRequest = ref<DecisionRequest | null>(null)
  /** Where the selected plan was in the list when last seen there (it may leave the list after a decision). */
  let lastIndex: number | null = null
  let unsubscribe: (() => void) | null = null
  // A new search's list: where the selected plan once was means nothing in it.
  watch(
    () => list.newResults,
    () => (lastIndex = null),
  )

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
      people.learn(d.server)
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
    const pk = detailOpen.value ? selectedPk.value : null
    if (pk === null) return
    decisionRequest.value = { pk, status, seq: (decisionRequest.value?.seq ?? 0) + 1, taken: false, confirmed: false }
  }

  /** A decision asked for and not yet on screen (its plan's detail is still on its way). */
  function decisionWaiting(): boolean {
    return decisionRequest.value !== null && !decisionRequest.value.taken
  }

  /** Enter pressed before the waiting decision's confirmation showed: it confirms as soon as it shows. */
  function confirmWaiting(): void {
    if (decisionRequest.value && !decisionRequest.value.taken) decisionRequest.value = { ...decisionRequest.value, confirmed: true }
  }

  /** The status control took the request (showed its confirmation, or the status choice). */
  function takeDecision(seq: number): DecisionRequest | null {
    const req = decisionRequest.value
    if (!req || req.seq !== seq || req.taken) return null
    decisionRequest.value = { ...req, taken: true }
    return req
  }

  /** Where the selected plan is in the list, or where it was when it has left the list (a decision took it out of the filter). */
  function selectedIndex(): number | null {
    const index = selectedPk.value === null ? -1 : list.rows.findIndex((r) => r?.pk === selectedPk.value)
    if (index >= 0) lastIndex = index
    return index >= 0 ? index : selectedPk.value === null ? null : lastIndex
  }

  /**
   * The plan `by` places after (or before) the selected one, fetched if it is not here yet; null
   * at either end. A selected plan that left the list counts from where it was: the plan now in
   * its place comes next.
   */
  async function neighbour(by: 1 | -1): Promise<number | null> {
    if (list.total === 0) return null
    const at = selectedIndex()
    const stillThere = at !== null && list.rows[at]?.pk === selectedPk.value
    const next = at === null ? 0 : by > 0 && !stillThere ? at : at + by
    if (next < 0 || next >= list.total) return null
    return (await list.ensureRow(next)) ? (list.rows[next]?.pk ?? null) : null
  }

  /**
   * The plan that follows `pk` in the list as it stands now; null when `pk` is last or not in the
   * list. Asked before a decision: where the selected plan stood is remembered too, so j goes on
   * from there even once the decision took the plan out of the list.
   */
  async function planAfter(pk: number): Promise<number | null> {
    if (pk === selectedPk.value) selectedIndex()
    const index = list.rows.findIndex((r) => r?.pk === pk)
    if (index < 0 || index + 1 >= list.total) return null
    return (await list.ensureRow(index + 1)) ? (list.rows[index + 1]?.pk ?? null) : null
  }

  /** Shows another plan in the open detail at once (the route follows); the list keeps its place. */
  function moveTo(pk: number): Promise<void> {
    selectedIndex()
    return openDetail(pk)
  }

  return {
    selectedPk, detail, detailError, detailOpen, decisionRequest,
    select, reloadDetail, reloadOpen, openDetail, closeDetail, init, requestDecision, decisionWaiting, confirmWaiting, takeDecision, neighbour, planAfter, moveTo,
  }
})

export interface DecisionRequest {
  pk: number
  status: PlanStatus | null
  seq: number
  /** The status control has shown it. */
  taken: boolean
  /** Enter was pressed before it showed. */
  confirmed: boolean
}

/** The list and the open plan both show the cache as it is now (after a local edit or a sync). */
export async function refreshPlans(): Promise<void> {
  await Promise.all([usePlanListStore().refresh(), usePlanDetailStore().reloadOpen()])
}
