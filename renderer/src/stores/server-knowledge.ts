/**
 * What PlanDesk learned about the server it shows (main keeps it per server, in the cache): the
 * status changes the server refused, with its words and when (the status choices mark them),
 * and the transaction types its payment plans use (the payment-plan dialog's choices).
 * Reloaded after the queue moves (a refusal may have been learned) and after syncs.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LearnedRefusal } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { afterQuiet } from '../lib/after-quiet'

/** Quiet period before reloading after a burst of events. */
const RELOAD_DELAY_MS = 300

export const useServerKnowledgeStore = defineStore('serverKnowledge', () => {
  const refusals = ref<LearnedRefusal[]>([])
  const transactionTypes = ref<string[]>(['refund'])
  let unsubscribers: Array<() => void> = []

  async function load(): Promise<void> {
    const [r, t] = await Promise.all([call('plans:refusals').catch(() => null), call('plans:transactionTypes').catch(() => null)])
    if (r) refusals.value = r
    if (t && t.length > 0) transactionTypes.value = t
  }

  const reloadSoon = afterQuiet(() => load(), RELOAD_DELAY_MS)

  async function init(): Promise<void> {
    if (unsubscribers.length === 0) unsubscribers = [bridge.on('outbox:changed', reloadSoon), bridge.on('plans:changed', reloadSoon)]
    await load()
  }

  /** What the server said when it refused `from` → `to`, or null. */
  function refusal(from: string, to: string): LearnedRefusal | null {
    return refusals.value.find((r) => r.from === from && r.to === to) ?? null
  }

  return { refusals, transactionTypes, load, init, refusal }
})
