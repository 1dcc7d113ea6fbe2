/** The plans checked for one decision on many: explicit plan numbers, or every plan the current search finds. */
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { call } from '../bridge'
import { MAX_BULK } from '../../../preload/domain'
import { MAX_PAGE, usePlanListStore } from './plan-list'

/** "All N matching this search" stops here: one decision should not silently become tens of thousands (main refuses more). */
export { MAX_BULK } from '../../../preload/domain'

export const usePlanBulkStore = defineStore('planBulk', () => {
  const list = usePlanListStore()
  const checked = ref<Set<number>>(new Set())
  const allMatching = ref(false)
  const checkedCount = computed(() => (allMatching.value ? list.total : checked.value.size))
  let lastToggled: number | null = null

  // "All matching" meant the previous search; explicitly checked plans stay checked.
  watch(
    () => list.searches,
    () => {
      allMatching.value = false
      lastToggled = null
    },
    { flush: 'sync' },
  )

  /**
   * Checks or unchecks a plan. With `range` (shift-click), every plan between the last one
   * toggled and this one takes this one's new state.
   */
  function toggleChecked(pk: number, range = false): void {
    const rows = list.rows
    const next = new Set(allMatching.value ? loadedPks() : checked.value)
    allMatching.value = false
    const on = !next.has(pk)
    const index = rows.findIndex((r) => r?.pk === pk)
    if (range && lastToggled !== null && index >= 0) {
      const from = rows.findIndex((r) => r?.pk === lastToggled)
      if (from >= 0) {
        const [a, b] = from < index ? [from, index] : [index, from]
        for (const r of rows.slice(a, b + 1)) {
          if (!r) continue
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

  /** The plans of the list fetched so far (the places not fetched yet are skipped). */
  function loadedPks(): number[] {
    const pks: number[] = []
    for (const r of list.rows) if (r) pks.push(r.pk)
    return pks
  }

  /** Checks every plan loaded in the list, or unchecks them all. */
  function checkLoaded(on: boolean): void {
    allMatching.value = false
    checked.value = on ? new Set(loadedPks()) : new Set()
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
      const order = new Map<number, number>()
      list.rows.forEach((r, i) => r && order.set(r.pk, i))
      return [...checked.value].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a - b)
    }
    const pks: number[] = []
    for (let offset = 0; offset < MAX_BULK; offset += MAX_PAGE) {
      const page = await call('plans:search', list.query(offset, Math.min(MAX_PAGE, MAX_BULK - offset)))
      pks.push(...page.rows.map((r) => r.pk))
      if (page.rows.length === 0 || pks.length >= page.total) break
    }
    return pks
  }

  return { checked, allMatching, checkedCount, toggleChecked, checkLoaded, checkAllMatching, clearChecked, isChecked, checkedPks }
})
