import { defineStore } from 'pinia'
import { ref } from 'vue'
import { userName } from '../../../preload/domain'

/**
 * One person, one name. PlanDesk records who made a change here by their username ("demo")
 * while the server names people in plans as "First Last" (created_by, last_updated_by): the
 * plans PlanDesk reads teach it each username's name, and every place that names a person asks
 * here, so a change shows "Deniz Aksoy" whether it was made here or seen on the server.
 */
export const usePeopleStore = defineStore('people', () => {
  const names = ref<Map<string, string>>(new Map())

  /** Learns the people a plan's JSON names (its creator and last updater). */
  function learn(plan: Record<string, unknown> | null | undefined): void {
    let next: Map<string, string> | null = null
    for (const key of ['created_by', 'last_updated_by']) {
      const user = plan?.[key]
      if (typeof user !== 'object' || user === null) continue
      const username = (user as Record<string, unknown>).username
      const name = userName(user)
      if (typeof username !== 'string' || !username || !name || name === username || names.value.get(username) === name) continue
      next ??= new Map(names.value)
      next.set(username, name)
    }
    if (next) names.value = next
  }

  /** The person's name when PlanDesk has seen it, else the username as recorded. */
  function displayName(username: string): string {
    return names.value.get(username) ?? username
  }

  return { names, learn, displayName }
})
