/**
 * SyncEngine: one sync at a time, cancellable, with progress events and a result.
 *
 * run({full}) chooses: a full sync when asked, when the cache has no cursor yet, when a full
 * sync was interrupted (it resumes), or when the scope changed since the last full sync;
 * otherwise incremental. run({reconcile}) then adds a reconciliation pass (skipped after a
 * complete full sync, which removes unlisted plans itself). Statuses are
 * fetched first (cheap, and it surfaces auth problems before any page is written); channel
 * types are learnt last and never fail the run.
 *
 * Errors: a second run while one is running rejects with SyncBusyError (kind 'busy'); auth,
 * network and server failures reject with the client's OmnitronError (pages committed before
 * the failure stay, and the next run resumes). cancel() makes run() resolve with
 * `cancelled: true`.
 */
import type { SyncProgress, SyncResult, SyncScope } from '../../preload/contract'
import { OmnitronError, type OmnitronClient } from '../omnitron'
import type { HeldLease, PlanStore } from '../store'
import { learnChannelTypes } from './channels'
import { type PlanReader, type RunContext, SyncCancelled, commit, newTally } from './context'
import { ProgressTracker } from './progress'
import { runFull, runIncremental } from './pull'
import { runReconcile } from './reconcile'
import { isRetryableRead, type RetryPolicy, withRetry } from './retry'
import { scopeFilters, scopeKey } from './scope'

/** A plan skipped by both the pull and the reconciliation is reported once. */
function dedupeSkipped(list: SyncResult['skipped']): SyncResult['skipped'] {
  const seen = new Set<string>()
  return list.filter((s) => {
    const key = `${s.pk}\u0000${s.reason}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export class SyncBusyError extends Error {
  override readonly name = 'SyncBusyError'
  readonly kind = 'busy' as const
  readonly code = 'busy' as const
  constructor() {
    super('A sync is already running.')
  }
}

export interface SyncEngineOptions {
  store: PlanStore
  client: OmnitronClient
  scope?: SyncScope
  /** Plans per page; default 100. */
  pageSize?: number
  /** How far the incremental cursor reaches back; default 2 minutes. */
  overlapMs?: number
  /** Learn channel types after a sync; default true. */
  learnChannels?: boolean
  /**
   * Reconcile by itself when the last reconciliation (or complete full sync) is older than
   * this; default never (the app's scheduler asks with run({reconcile: true}) instead).
   */
  reconcileEveryMs?: number
  now?: () => Date
  /** Checked inside every write transaction of a run (the session passes its lease's assertHeld). */
  guard?: () => void
  /** The lease `guard` checks, as data (RunContext.heldLease). */
  heldLease?: HeldLease
  /**
   * Reads that fail with a 5xx, a network error, a time-out or a cut answer are tried again
   * with the shared retry policy (backoff with full jitter, Retry-After honoured), up to this
   * many tries each; default 8 tries with 0.5 s base and 30 s cap.
   */
  retry?: { attempts: number; policy: RetryPolicy }
}

export const PULL_RETRY = { attempts: 8, policy: { baseMs: 500, capMs: 30_000, random: Math.random } }

export interface SyncRunArgs {
  full?: boolean
  reconcile?: boolean
}

export class SyncEngine {
  private store: PlanStore
  private client: OmnitronClient
  private scope: SyncScope
  private readonly pageSize: number
  private readonly overlapMs: number
  private readonly learnChannels: boolean
  private readonly reconcileEveryMs: number | null
  private readonly now: () => Date
  private readonly guard: (() => void) | undefined
  private readonly heldLease: HeldLease | undefined
  private readonly retry: { attempts: number; policy: RetryPolicy }
  private controller: AbortController | null = null

  constructor(opts: SyncEngineOptions) {
    this.store = opts.store
    this.client = opts.client
    this.scope = opts.scope ?? {}
    this.pageSize = opts.pageSize ?? 100
    this.overlapMs = opts.overlapMs ?? 120_000
    this.learnChannels = opts.learnChannels ?? true
    this.reconcileEveryMs = opts.reconcileEveryMs ?? null
    this.now = opts.now ?? (() => new Date())
    this.guard = opts.guard
    this.heldLease = opts.heldLease
    this.retry = opts.retry ?? PULL_RETRY
  }

  /** The client, with reads that ride out a bad connection (each retry is reported as progress). */
  private reader(signal: AbortSignal, progress: ProgressTracker): PlanReader {
    const client = this.client
    const retry = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
      withRetry(fn, {
        attempts: this.retry.attempts,
        policy: this.retry.policy,
        signal,
        onRetry: (n) => progress.retrying(what, n.attempt + 1, n.inMs, (n.error as Error)?.message ?? String(n.error)),
      })
    return {
      baseUrl: client.baseUrl,
      listPage: (filters, page, limit, opts) => retry(`page ${page}`, () => client.listPage(filters, page, limit, opts)),
      statuses: (opts) => retry('the status list', () => client.statuses(opts)),
    }
  }

  get running(): boolean {
    return this.controller !== null
  }

  /** The next run uses this scope; a changed scope makes it a full sync. */
  setScope(scope: SyncScope): void {
    this.scope = { ...scope }
  }

  setClient(client: OmnitronClient): void {
    this.client = client
  }

  /** Asks the running sync to stop after the current request; false when none runs. */
  cancel(): boolean {
    if (!this.controller) return false
    this.controller.abort(new SyncCancelled())
    return true
  }

  async run(args: SyncRunArgs = {}, onProgress?: (p: SyncProgress) => void): Promise<SyncResult> {
    if (this.controller) throw new SyncBusyError()
    const controller = new AbortController()
    this.controller = controller
    try {
      return await this.runOnce(args, controller, onProgress ?? (() => {}))
    } finally {
      this.controller = null
    }
  }

  private async runOnce(args: SyncRunArgs, controller: AbortController, onProgress: (p: SyncProgress) => void): Promise<SyncResult> {
    const started = Date.now()
    const store = this.store
    const key = scopeKey(this.scope)
    const cursor = store.getState<string>('cursor')
    const full =
      args.full === true ||
      cursor === null ||
      store.getState('fullProgress') !== null ||
      store.getState<string>('scopeKey') !== key
    const lastReconcile = store.getState<string>('lastReconcileAt')
    const reconcile =
      args.reconcile === true ||
      (this.reconcileEveryMs !== null &&
        (lastReconcile === null || this.now().getTime() - Date.parse(lastReconcile) >= this.reconcileEveryMs))
    const progress = new ProgressTracker(full ? 'full' : 'incremental', onProgress)
    const reader = this.reader(controller.signal, progress)
    const ctx: RunContext = {
      store,
      guard: this.guard,
      heldLease: this.heldLease,
      client: reader,
      filters: scopeFilters(this.scope, this.now()),
      scopeKey: key,
      pageSize: this.pageSize,
      overlapMs: this.overlapMs,
      signal: controller.signal,
      progress,
      now: this.now,
      tally: newTally(),
    }
    let cancelled = false
    let ranReconcile = false
    try {
      progress.report('starting')
      const statuses = await reader.statuses({ signal: controller.signal })
      if (statuses.length > 0) commit(ctx, () => store.replaceStatuses(statuses))
      // A complete full sync already removed what the server no longer lists.
      const reconciled = full ? await runFull(ctx) : (await runIncremental(ctx, cursor!), false)
      if (reconcile && !reconciled) {
        ranReconcile = true
        await runReconcile(ctx)
      }
      if (this.learnChannels) {
        try {
          await learnChannelTypes(store, reader, {
            includeUnresolved: full,
            signal: controller.signal,
            warn: (w) => ctx.tally.warnings.push(w),
          })
        } catch (e) {
          if (controller.signal.aborted) throw e
          ctx.tally.warnings.push(`Channel types could not be learnt: ${(e as Error).message}`)
        }
      }
    } catch (e) {
      // Only our own cancel() ends a run quietly; every other failure rejects.
      if (!(controller.signal.aborted && (e instanceof SyncCancelled || (e as Error)?.name === 'AbortError'))) {
        if (e instanceof OmnitronError && isRetryableRead(e)) {
          // Retries ran out: say so, and that nothing already synced is lost.
          throw new OmnitronError(
            e.kind,
            `${e.message.replace(/\.$/, '')} (tried ${this.retry.attempts} ${this.retry.attempts === 1 ? 'time' : 'times'}). What was synced so far is kept: the next sync continues from there.`,
            { ...(e.status !== undefined ? { status: e.status } : {}), ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}), cause: e },
          )
        }
        throw e
      }
      cancelled = true
    }
    const t = ctx.tally
    const result: SyncResult = {
      kind: full ? 'full' : ranReconcile ? 'reconcile' : 'incremental',
      added: t.added,
      updated: t.updated,
      removed: t.removed,
      unchanged: t.unchanged,
      skipped: dedupeSkipped(t.skipped),
      warnings: t.warnings,
      durationMs: Date.now() - started,
      cancelled,
      complete: !cancelled && !t.incomplete && t.skipped.length === 0,
    }
    commit(ctx, () => store.setState('lastResult', result))
    progress.report('done')
    return result
  }
}
