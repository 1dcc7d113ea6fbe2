/**
 * What the person does to the queue: decide a plan (one or many), and send, retry, discard or
 * settle a change. Each action answers from the cache at once; sending happens in main.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CreatePaymentPlanArgs, IpcError, OutboxEntry, PlanStatus, ResolveArgs } from '../../../preload/contract'
import { asIpcError, call } from '../bridge'
import { useOutboxStore } from './outbox'
import { refreshPlans } from './plan-detail'

export interface BulkResult {
  queued: OutboxEntry[]
  failed: Array<{ pk: number; error: IpcError }>
}

export const useOutboxActionsStore = defineStore('outboxActions', () => {
  const outbox = useOutboxStore()
  /** Entry ids with an action on its way (their buttons show it). */
  const busy = ref<Set<number>>(new Set())

  async function act(id: number, fn: () => Promise<OutboxEntry>): Promise<OutboxEntry> {
    busy.value = new Set(busy.value).add(id)
    try {
      const entry = await fn()
      outbox.replace(entry)
      outbox.changed()
      return entry
    } finally {
      const next = new Set(busy.value)
      next.delete(id)
      busy.value = next
    }
  }

  /** Sends a failed, waiting or unchecked change again now. */
  function retry(id: number): Promise<OutboxEntry> {
    return act(id, () => call('outbox:retry', { id }))
  }

  function discard(id: number): Promise<OutboxEntry> {
    return act(id, () => call('outbox:discard', { id }))
  }

  /**
   * Settles a conflict or an unchecked change. After "discard mine" the plan is pulled again,
   * so it shows the server's version rather than the one cached before the conflict.
   */
  async function resolve(id: number, choice: ResolveArgs['choice']): Promise<OutboxEntry> {
    const entry = await act(id, () => call('outbox:resolve', { id, choice }))
    if (choice === 'theirs') void call('sync:start', {}).catch(() => undefined)
    return entry
  }

  /** Replays the queue now (the person does not want to wait for the next attempt). */
  async function push(): Promise<void> {
    await outbox.takeSummary(() => call('outbox:push'))
    outbox.changed()
  }

  /** Queues a status change; the plan shows it at once. */
  async function setStatus(pk: number, status: PlanStatus): Promise<OutboxEntry> {
    const entry = await call('plans:setStatus', { pk, status })
    await afterLocal()
    return entry
  }

  async function createPaymentPlan(args: CreatePaymentPlanArgs): Promise<OutboxEntry> {
    const entry = await call('plans:createPaymentPlan', args)
    await afterLocal()
    return entry
  }

  /**
   * One status change for many plans: one queued entry per plan, in the order given. A plan the
   * change does not apply to (it already has the status, it left the cache) is reported, the
   * others are queued all the same.
   */
  async function bulk(pks: number[], status: PlanStatus, onProgress?: (done: number) => void): Promise<BulkResult> {
    const result: BulkResult = { queued: [], failed: [] }
    for (const pk of pks) {
      try {
        result.queued.push(await call('plans:setStatus', { pk, status }))
      } catch (err) {
        result.failed.push({ pk, error: asIpcError(err) })
      }
      onProgress?.(result.queued.length + result.failed.length)
    }
    await afterLocal()
    return result
  }

  /** The plans list and the detail show a local edit at once, not after the quiet period. */
  async function afterLocal(): Promise<void> {
    outbox.version++
    await Promise.all([refreshPlans(), outbox.loadSummary()])
  }

  return { busy, retry, discard, resolve, push, setStatus, createPaymentPlan, bulk }
})
