import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { StatusLabel } from '../../../preload/contract'
import { call } from '../bridge'
import { i18n } from '../i18n'

/** The plan statuses the cache knows (plans:statuses) and their labels in the person's language. */
export const useStatusesStore = defineStore('statuses', () => {
  const statuses = ref<StatusLabel[]>([])
  const { t, te, locale } = i18n.global
  /**
   * The person's language first for the statuses PlanDesk knows, so labels follow a language
   * switch even offline; the server's label for any status it adds.
   */
  const statusLabel = computed(() => {
    void locale.value
    return new Map(statuses.value.map((s) => [s.key, te(`status.${s.key}`) ? t(`status.${s.key}`) : s.label]))
  })

  async function loadStatuses(): Promise<void> {
    statuses.value = await call('plans:statuses').catch(() => [])
  }

  return { statuses, statusLabel, loadStatuses }
})
