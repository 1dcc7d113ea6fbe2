/**
 * The queue of decisions made here (main's outbox) as the renderer sees it: the summary the
 * header badge shows, the Changes view's page of entries, and every action on them. Each
 * action answers from the cache at once; sending happens in main, in the background.
 *
 * main pushes `outbox:changed` (with a fresh summary) on every state change; the entries and
 * the plans list (whose markers show pending, failed and conflicting plans) are reloaded after
 * a short quiet period, so a bulk decision of hundreds of plans reloads them a few times, not
 * hundreds.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type {
  CreatePaymentPlanArgs,
  IpcError,
  OutboxEntry,
  OutboxState,
  OutboxSummary,
  PlanStatus,
  ResolveArgs,
} from '../../../preload/contract'
import { OPEN_STATES, WAITING_STATES } from '../../../preload/domain'
import { asIpcError, bridge, call } from '../bridge'
import { usePlansStore } from './plans'

/** The colour of each state's tag, wherever an entry's state is shown. */
export const STATE_TAG: Record<OutboxState, 'primary' | 'success' | 'danger' | 'warning' | 'info'> = {
  pending: 'primary',
  sending: 'primary',
  applied: 'success',
  failed: 'danger',
  conflict: 'warning',
  needs_checking: 'warning',
  discarded: 'info',
}

/** The Changes view's tabs and the states each shows. */
export const OUTBOX_VIEWS = {
  all: null,
  open: OPEN_STATES,
  waiting: WAITING_STATES,
  failed: ['failed'],
  conflict: ['conflict'],
  needs_checking: ['needs_checking'],
  applied: ['applied'],
  discarded: ['discarded'],
} as const satisfies Record<string, readonly OutboxState[] | null>
export type OutboxView = keyof typeof OUTBOX_VIEWS

const PAGE = 100
/** Quiet period before reloading after `outbox:changed` (a burst of changes reloads once). */
export const REFRESH_DELAY_MS = 250

export interface PlanInfo {
  orderNumber: string | null
  currency: string | null
}

export interface BulkResult {
  queued: OutboxEntry[]
  failed: Array<{ pk: number; error: IpcError }>
}

export const useOutboxStore = defineStore('outbox', () => {
  const summary = ref<OutboxSummary | null>(null)
  const entries = ref<OutboxEntry[]>([])
  const total = ref(0)
  const filters = reactive<{ view: OutboxView; planPk: number | null }>({ view: 'all', planPk: null })
  const loading = ref(false)
  const error = ref<IpcError | null>(null)
  /** Bumped on every change, for views that show a part of the queue (a plan's timeline). */
  const version = ref(0)
  /** Entry ids with an action on its way (their buttons show it). */
  const busy = ref<Set<number>>(new Set())
  /** Order number and currency of the plans the Changes view shows (the entries carry only the pk). */
  const plans = ref<Map<number, PlanInfo>>(new Map())

  const counts = computed(() => {
    const c = summary.value?.counts
    return {
      waiting: (c?.pending ?? 0) + (c?.sending ?? 0),
      failed: c?.failed ?? 0,
      conflict: c?.conflict ?? 0,
      needsChecking: c?.needs_checking ?? 0,
      open: summary.value?.open ?? 0,
    }
  })
  /** Open changes of the person signed in: what quitting now would leave unsent. */
  const ownOpen = computed(() => Math.max(0, (summary.value?.open ?? 0) - (summary.value?.waitingForOthers ?? 0)))
  const hasMore = computed(() => entries.value.length < total.value)

  let unsubscribers: Array<() => void> = []
  let timer: ReturnType<typeof setTimeout> | null = null
  let generation = 0
  /** outbox:changed events seen; a summary asked for before the latest one is older than it. */
  let events = 0

  async function init(): Promise<void> {
    if (unsubscribers.length === 0) {
      unsubscribers = [
        bridge.on('outbox:changed', (s) => {
          events++
          summary.value = s
          changed()
        }),
        // A new session (sign-in, sign-out): whose changes wait for whom has changed.
        bridge.on('plans:changed', ({ pks }) => {
          if (pks === 'all') void loadSummary()
        }),
      ]
    }
    await Promise.all([loadSummary(), load()])
  }

  function changed(): void {
    version.value++
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void load()
      void usePlansStore().refresh()
    }, REFRESH_DELAY_MS)
  }

  async function loadSummary(): Promise<void> {
    const seen = events
    try {
      const s = await call('outbox:summary')
      // An event that arrived meanwhile carries a newer summary than this answer.
      if (seen === events) summary.value = s
    } catch {
      // The badge keeps its last counts; the next event corrects them.
    }
  }

  /** Loads the Changes view's entries from the top (as many as are shown, at least a page). */
  async function load(limit = Math.max(PAGE, entries.value.length)): Promise<void> {
    const mine = ++generation
    loading.value = true
    try {
      const states = OUTBOX_VIEWS[filters.view]
      const page = await call('outbox:list', {
        ...(states ? { states: [...states] } : {}),
        ...(filters.planPk !== null ? { planPk: filters.planPk } : {}),
        limit: Math.min(1000, limit),
      })
      if (mine !== generation) return
      entries.value = page.entries
      total.value = page.total
      error.value = null
      void loadPlanInfo(page.entries)
    } catch (err) {
      if (mine === generation) error.value = asIpcError(err)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (loading.value || !hasMore.value) return
    await load(entries.value.length + PAGE)
  }

  function setView(view: OutboxView): void {
    filters.view = view
    void load(PAGE)
  }

  function setPlanFilter(pk: number | null): void {
    filters.planPk = pk
    void load(PAGE)
  }

  /** Order numbers and currencies for entries whose plans were not looked up yet. */
  async function loadPlanInfo(list: OutboxEntry[]): Promise<void> {
    const missing = [...new Set(list.map((e) => e.planPk))].filter((pk) => !plans.value.has(pk))
    if (missing.length === 0) return
    const found = await Promise.all(
      missing.map(async (pk) => {
        try {
          const d = await call('plans:get', { pk })
          return [pk, { orderNumber: d.summary.orderNumber, currency: d.summary.currency }] as const
        } catch {
          return [pk, { orderNumber: null, currency: null }] as const
        }
      }),
    )
    const next = new Map(plans.value)
    for (const [pk, info] of found) next.set(pk, info)
    plans.value = next
  }

  /** Puts an entry's new state in the list at once, before the reload brings everything else. */
  function replace(entry: OutboxEntry): void {
    const i = entries.value.findIndex((e) => e.id === entry.id)
    if (i >= 0) entries.value.splice(i, 1, entry)
  }

  async function act(id: number, fn: () => Promise<OutboxEntry>): Promise<OutboxEntry> {
    busy.value = new Set(busy.value).add(id)
    try {
      const entry = await fn()
      replace(entry)
      changed()
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
    const seen = events
    const s = await call('outbox:push')
    if (seen === events) summary.value = s
    changed()
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
    version.value++
    await Promise.all([usePlansStore().refresh(), loadSummary()])
  }

  return {
    summary, entries, total, filters, loading, error, version, busy, plans, counts, ownOpen, hasMore,
    init, load, loadMore, loadSummary, setView, setPlanFilter, retry, discard, resolve, push, setStatus, createPaymentPlan, bulk,
  }
})
