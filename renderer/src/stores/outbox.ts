/**
 * The queue of decisions made here (main's outbox) as the renderer sees it: the summary the
 * header badge shows and the Changes view's page of entries. The actions on them are in
 * outbox-actions.ts; sending happens in main, in the background.
 *
 * main pushes `outbox:changed` (with a fresh summary) on every state change; the entries and
 * the plans list (whose markers show pending, failed and conflicting plans) are reloaded after
 * a short quiet period, so a bulk decision of hundreds of plans reloads them a few times, not
 * hundreds.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { IpcError, OutboxEntry, OutboxSummary } from '../../../preload/contract'
import { asIpcError, bridge, call } from '../bridge'
import { OUTBOX_VIEWS, type OutboxView } from '../lib/outbox-states'
import { usePeopleStore } from './people'
import { refreshPlans } from './plan-detail'

const PAGE = 100
/** Quiet period before reloading after `outbox:changed` (a burst of changes reloads once). */
export const REFRESH_DELAY_MS = 250

export interface PlanInfo {
  orderNumber: string | null
  currency: string | null
}

/** The signed-in person's own open changes in a summary (those of others wait for their authors). */
export function ownOpenOf(s: OutboxSummary | null | undefined): number {
  return Math.max(0, (s?.open ?? 0) - (s?.waitingForOthers ?? 0))
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
  const ownOpen = computed(() => ownOpenOf(summary.value))
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

  /** Something changed in the queue: the entries and the plans follow after the quiet period. */
  function changed(): void {
    version.value++
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void load()
      void refreshPlans()
    }, REFRESH_DELAY_MS)
  }

  /** Asks main for a summary: `ask` answers one; it is taken unless an event brought a newer one meanwhile. */
  async function takeSummary(ask: () => Promise<OutboxSummary>): Promise<void> {
    const seen = events
    const s = await ask()
    if (seen === events) summary.value = s
  }

  async function loadSummary(): Promise<void> {
    // On failure the badge keeps its last counts; the next event corrects them.
    await takeSummary(() => call('outbox:summary')).catch(() => undefined)
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
          usePeopleStore().learn(d.server)
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

  return {
    summary, entries, total, filters, loading, error, version, plans, counts, ownOpen, hasMore,
    init, changed, takeSummary, load, loadMore, loadSummary, setView, setPlanFilter, replace,
  }
})
