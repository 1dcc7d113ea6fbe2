import { useRouter } from 'vue-router'
import { useOutboxStore } from '../stores/outbox'

/**
 * Moving between screens through the router, so the back button retraces the person's steps.
 * Closing something that was opened from the list goes back (one history entry, not two);
 * closing a deep link opened from outside goes to the list.
 */
export function useNav() {
  const router = useRouter()
  const outbox = useOutboxStore()

  function cameFrom(pattern: RegExp): boolean {
    const back = router.options.history.state.back
    return typeof back === 'string' && pattern.test(back)
  }

  return {
    openPlan: (pk: number) => router.push({ name: 'plan', params: { pk: String(pk) } }),
    /** The open detail moves to another plan of the list (replaced: back still returns to the list). */
    movePlan: (pk: number) => router.replace({ name: 'plan', params: { pk: String(pk) } }),
    /** The drawer also reports closing when the route closed it (the back button): then there is nothing to do. */
    closePlan: () => {
      if (router.currentRoute.value.name !== 'plan') return
      return cameFrom(/^\/plans$/) ? router.back() : router.push({ name: 'plans' })
    },
    showPlans: () => router.push({ name: 'plans' }),
    /** The Changes view, optionally narrowed to one plan's changes. */
    showChanges: (planPk: number | null = null) => {
      if (planPk !== null) {
        outbox.filters.view = 'all'
        outbox.setPlanFilter(planPk)
      }
      return router.push({ name: 'changes' })
    },
    openSettings: () => router.push({ name: 'settings' }),
    showOverview: () => router.push({ name: 'overview' }),
    closeSettings: () => {
      if (router.currentRoute.value.name !== 'settings') return
      return cameFrom(/^\/(plans|changes|overview)/) ? router.back() : router.push({ name: 'plans' })
    },
  }
}
