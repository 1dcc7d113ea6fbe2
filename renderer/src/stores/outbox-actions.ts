/**
 * What the person does to the queue: decide a plan (one or many), and send, retry, discard or
 * settle a change. Each action answers from the cache at once; sending happens in main.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { BulkResult, BulkScope, CreatePaymentPlanArgs, OutboxEntry, OutboxManyResult, OutboxSummary, PlanStatus, ResolveArgs } from '../../../preload/contract'
import { bridge, call } from '../bridge'
import { useOutboxStore } from './outbox'
import { refreshPlans } from './plan-detail'

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

  /**
   * Replays the queue now (the person does not want to wait for the next attempt). Answers the
   * queue as it stood when this push ended: what the person is told about their own request,
   * whatever events the store has seen meanwhile.
   */
  async function push(): Promise<OutboxSummary> {
    let answer: OutboxSummary | null = null
    await outbox.takeSummary(async () => (answer = await call('outbox:push')))
    outbox.changed()
    return answer!
  }

  /** Queues a status change; the plan shows it at once. `force`: the person saw that the server refused it before, and sends it anyway. */
  async function setStatus(pk: number, status: PlanStatus, force = false): Promise<OutboxEntry> {
    const entry = await call('plans:setStatus', { pk, status, ...(force ? { force } : {}) })
    await afterLocal()
    return entry
  }

  /** Retries or discards the Changes view's selection in one step. */
  async function many(action: 'retry' | 'discard', ids: number[]): Promise<OutboxManyResult> {
    const result = await call('outbox:many', { action, ids })
    outbox.changed()
    return result
  }

  /** Discards every refused change of one bulk decision; answers how many. */
  async function discardFailedOfBatch(batch: string): Promise<number> {
    const n = await call('outbox:discardFailedOfBatch', { batch })
    outbox.changed()
    return n
  }

  async function createPaymentPlan(args: CreatePaymentPlanArgs): Promise<OutboxEntry> {
    const entry = await call('plans:createPaymentPlan', args)
    await afterLocal()
    return entry
  }

  /**
   * The entry once it is no longer waiting to be sent (applied, refused, ...), or as it stands
   * when `within` ms passed or `stop()` says so (offline: it will be sent later). Looked at again
   * on each change of the queue or of the connection (a send that cannot reach the server may
   * leave the entry as it was and change only the connection), never on a timer of its own.
   */
  async function outcomeOf(entry: OutboxEntry, within: number, stop: () => boolean = () => false): Promise<OutboxEntry> {
    const settled = (e: OutboxEntry) => e.state !== 'pending' && e.state !== 'sending'
    const look = async (): Promise<OutboxEntry> =>
      (await call('outbox:list', { planPk: entry.planPk, limit: 50 })).entries.find((e) => e.id === entry.id) ?? entry
    let now = await look()
    if (settled(now) || stop()) return now
    return new Promise((done) => {
      let looking = false
      /** A change came while looking: look once more after (the last change must be seen). */
      let again = false
      let finished = false
      const finish = (e: OutboxEntry) => {
        if (finished) return
        finished = true
        clearTimeout(timer)
        offQueue()
        offConnection()
        done(e)
      }
      const timer = setTimeout(() => finish(now), within)
      const lookAgain = (): void => {
        if (looking) {
          again = true
          return
        }
        looking = true
        again = false
        void look()
          .then((e) => {
            now = e
            if (settled(e) || stop()) finish(e)
          })
          .catch(() => undefined)
          .finally(() => {
            looking = false
            if (again && !finished) lookAgain()
          })
      }
      const offQueue = bridge.on('outbox:changed', lookAgain)
      const offConnection = bridge.on('connection:changed', lookAgain)
      // A change between the first look and listening would otherwise go unseen.
      lookAgain()
    })
  }

  /** What a bulk decision would do: the plans by the status they show, those left out and why. */
  function bulkScope(pks: number[], status: PlanStatus): Promise<BulkScope> {
    return call('plans:bulkScope', { pks, status })
  }

  /**
   * One status change for many plans, in one step: one queued entry per plan that changes, all
   * of one bulk decision. `force`: include the plans the server refused this change from before.
   */
  async function bulk(pks: number[], status: PlanStatus, force = false): Promise<BulkResult> {
    const result = await call('plans:bulkSetStatus', { pks, status, ...(force ? { force } : {}) })
    await afterLocal()
    return result
  }

  /** The plans list and the detail show a local edit at once, not after the quiet period. */
  async function afterLocal(): Promise<void> {
    outbox.version++
    await Promise.all([refreshPlans(), outbox.loadSummary()])
  }

  return { busy, retry, discard, resolve, push, setStatus, createPaymentPlan, outcomeOf, bulkScope, bulk, many, discardFailedOfBatch }
})
