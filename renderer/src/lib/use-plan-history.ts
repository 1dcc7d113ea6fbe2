import { ref, watch } from 'vue'
import type { PlanSummary, TimelineEvent } from '../../../preload/contract'
import { call } from '../bridge'

/**
 * The open plan's timeline and the other plans of its order, loaded when the plan opens and again
 * whenever `changed` changes (the queue moved, a sync brought a new copy). An older, slower answer
 * never replaces a newer one, and another plan's never shows under this one.
 */
export function usePlanHistory(watched: () => { pk: number | null; open: boolean; changed: unknown }) {
  const timeline = ref<TimelineEvent[]>([])
  const related = ref<PlanSummary[]>([])
  const error = ref<string | null>(null)
  let generation = 0

  async function load(pk: number): Promise<void> {
    const mine = ++generation
    try {
      const [events, others] = await Promise.all([call('plans:timeline', { pk }), call('plans:related', { pk })])
      if (mine !== generation) return
      timeline.value = events
      related.value = others
      error.value = null
    } catch (err) {
      if (mine === generation) error.value = (err as Error).message
    }
  }

  watch(
    () => watched(),
    (now, before) => {
      if (now.pk !== before?.pk) {
        generation++
        timeline.value = []
        related.value = []
        error.value = null
      }
      if (now.pk !== null && now.open) void load(now.pk)
    },
    { immediate: true },
  )

  return { timeline, related, error }
}
