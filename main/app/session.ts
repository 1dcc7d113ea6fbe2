/**
 * ServerSession: everything PlanDesk holds for one server and one signed-in person, created by
 * {@link openSession} and disposed as a unit: the cache (shared by every process that opens
 * the same data folder), the API client, the pull sync and the outbox replay, and the cache's
 * cross-process leases that make those two run once at a time per cache. Signing in, signing
 * out, switching server or language replace the whole session; nothing swaps its parts.
 *
 * The Electron app, the web host and the `plandesk` CLI all open sessions this way.
 */
import type {
  IpcError,
  BulkResult,
  BulkScope,
  BulkSetStatusArgs,
  BulkStatusArgs,
  CreatePaymentPlanArgs,
  Language,
  OutboxEntry,
  OutboxListQuery,
  OutboxManyArgs,
  OutboxManyResult,
  OutboxPage,
  OutboxSummary,
  PlanServerState,
  ResolveArgs,
  SetStatusArgs,
  StorageState,
  SyncProgress,
  SyncResult,
  SyncScope,
  TimelineEvent,
} from '../../preload/contract'
import { AppError, errorShape } from '../domain/errors'
import { OmnitronClient } from '../omnitron'
import { type CacheLease, type CheckAtOpen, type LeaseHolder, openStore, type PlanStore } from '../store'
import { bulkScope, queueBulk, queuePaymentPlan, queueStatusChange } from '../outbox/queue'
import { OutboxRepo, type OutboxRow } from '../outbox/repo'
import { TokenAccounts } from '../outbox/accounts'
import { OutboxReplayer, outboxSummary, type ReplayPause, type ReplayResult } from '../outbox/replay'
import type { WaitContext } from '../outbox/wait-reason'
import { allows, type OutboxAction } from '../outbox/states'
import { keepReserve, probeDecisions, probeWritable, RESERVE_BYTES } from '../store/disk'
import { mergeTimeline } from '../store/timeline'
import { cacheFileFor } from '../store/paths'
import { SyncEngine, type SyncRunArgs } from '../sync'
import type { RetryPolicy } from '../sync/retry'
import { StorageGuard } from './storage-guard'

/** A plan's timeline lists at most this many of its changes made here (the newest). */
const TIMELINE_CHANGES = 1000

export interface SessionTarget {
  /** Demo data (the built-in simulator) rather than a configured server. */
  demo: boolean
  /** The server, in checkServerUrl's normal form; null when none is configured yet. */
  serverUrl: string | null
}

export interface SessionCredentials {
  username: string | null
  token: string
  /** 'password': a password sign-in gave the token for this user (see outbox/accounts.ts). */
  verified?: 'password'
}

export interface OpenSessionOptions {
  dataDir: string
  target: SessionTarget
  /** Who is signed in; null when nobody is. */
  credentials: SessionCredentials | null
  /** What this process is, as other processes waiting for a lease are told ("the PlanDesk app", "plandesk sync"). */
  purpose: string
  language?: Language
  /** Another cache file than the data folder's (the CLI's --db). */
  cacheFile?: string
  /** The cache's whole-file and record checks: at open (true, the default), never (false), or run by the caller after the first answers ('later', see startup-check.ts). */
  check?: CheckAtOpen
  /** Pull sync tuning (CLI options, tests). */
  pageSize?: number
  reconcileEveryMs?: number
  /** API client time-outs (tests). */
  timeoutMs?: number
  /** Pull sync: tries per read and the retry policy (tests shorten it); default PULL_RETRY. */
  pullRetry?: { attempts: number; policy: RetryPolicy }
  /** Outbox replay: plans at once (default 8) and the retry policy (tests shorten it). */
  pushConcurrency?: number
  retry?: RetryPolicy
  /** Applied and discarded changes older than this many days are pruned at open; default 30. */
  historyDays?: number
  /** What the running app wants to hear from the outbox replay. */
  hooks?: SessionHooks
}

export interface SessionHooks {
  /** An outbox entry changed state (queued, sending, applied, ...). */
  outboxChanged?: (summary: OutboxSummary) => void
  /** A replay applied edits: time to pull what the server made of them. */
  applied?: (count: number) => void
  serverOk?: () => void
  serverError?: (err: unknown) => void
  /** The disk filled up (the session is read-only) or has room again. */
  storageChanged?: (state: StorageState) => void
}

export interface SessionSyncOptions {
  /** Wait for another process's sync of this cache instead of failing with 'busy'. */
  wait: boolean
  onProgress?: (p: SyncProgress) => void
  /** Told once when the sync has to wait for another process. */
  onWaiting?: (holder: LeaseHolder) => void
}

export class ServerSession {
  readonly store: PlanStore
  readonly client: OmnitronClient | null
  readonly serverUrl: string | null
  readonly username: string | null
  readonly demo: boolean
  /** Things the person must be told about opening this session (a damaged cache moved aside, ...). */
  readonly notices: string[]
  private readonly token: string | null
  private readonly verified: 'password' | undefined
  /** Whose the token is, as far as known (outbox/accounts.ts); null without a token and a user name. */
  private readonly accounts: TokenAccounts | null
  private readonly engine: SyncEngine | null
  private readonly pullLease: CacheLease
  private readonly pushLease: CacheLease
  readonly outbox: OutboxRepo
  /** Read-only mode while the disk is full: every write of this session goes through it. */
  readonly storage: StorageGuard
  private readonly replayer: OutboxReplayer | null
  private readonly hooks: SessionHooks
  private readonly closing = new AbortController()
  private current: Promise<SyncResult> | null = null
  /** Ends the current run's wait for another process's lease (cancelSync, close). */
  private waitStop: AbortController | null = null
  private closed = false

  constructor(opts: OpenSessionOptions) {
    const { target } = opts
    this.demo = target.demo
    this.serverUrl = target.serverUrl
    // The data folder keeps a little space for opening on a full disk (not beside a --db file elsewhere).
    const opened = openStore({ file: opts.cacheFile ?? cacheFileFor(opts.dataDir, target), check: opts.check, reserveDir: opts.cacheFile ? undefined : opts.dataDir })
    this.store = opened.store
    this.notices = [...opened.notices]
    let client: OmnitronClient | null = null
    if (target.serverUrl) {
      try {
        client = new OmnitronClient({
          baseUrl: target.serverUrl,
          token: opts.credentials?.token ?? null,
          language: opts.language ?? 'en',
          ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
        })
      } catch (err) {
        // An unusable saved address must not stop PlanDesk from starting: say so, stay signed out.
        this.notices.push(`${errorShape(err).message} Choose another server in Settings.`)
      }
    }
    this.client = client
    this.token = client ? (opts.credentials?.token ?? null) : null
    this.username = this.token ? (opts.credentials?.username ?? null) : null
    this.verified = this.token ? opts.credentials?.verified : undefined
    this.pullLease = this.store.lease('pull', { purpose: opts.purpose })
    this.pushLease = this.store.lease('push', { purpose: opts.purpose })
    this.hooks = opts.hooks ?? {}
    this.outbox = new OutboxRepo(this.store.db)
    // Opened in the space kept for a full disk: writable again only once that space is back too.
    let borrowed = opened.diskFull
    this.storage = new StorageGuard({
      probe: () => probeWritable(this.store.db, this.store.file, borrowed ? RESERVE_BYTES : 0),
      probeDecisions: () => probeDecisions(this.store.db),
      onChange: (state) => {
        if (this.closed) return
        this.hooks.storageChanged?.(state)
        // Space is back: the space kept for a full disk is written again, and what waited is sent now.
        if (state.writable && !opts.cacheFile) keepReserve(opts.dataDir)
        if (state.writable) borrowed = false
        if (state.decisions) this.afterLocalChange()
      },
    })
    if (opened.diskFull) {
      this.storage.startReadOnly()
      this.notices.unshift(
        this.storage.decisions
          ? 'The disk is full, so PlanDesk started read-only, in the little space it keeps for this: your decisions are still saved and sent, but nothing is synced until some disk space is freed.'
          : 'The disk is full, so PlanDesk started read-only: it cannot save decisions or sync until some disk space is freed. Everything saved so far is safe.',
      )
    }
    try {
      this.storage.writeDecision(() => this.outbox.prune(new Date(Date.now() - (opts.historyDays ?? 30) * 86_400_000).toISOString()))
      // A status an applied change set that the cache lost (a crash between the outbox's commit and the cache's).
      if (this.storage.writable) this.storage.write(() => this.outbox.showAppliedStatuses())
    } catch (e) {
      // A full disk at start-up: open read-only (the guard says so); pruning waits for the next start.
      if ((e as AppError).code !== 'disk_full') throw e
    }
    this.accounts = client && this.author !== null ? new TokenAccounts(this.store.db, client.baseUrl, this.token!, this.author, () => this.storage.decisions) : null
    if (this.verified === 'password') this.accounts?.signedInWithPassword()
    this.replayer =
      client && this.author !== null
        ? new OutboxReplayer({
            outbox: this.outbox,
            client,
            author: this.author!,
            lease: this.pushLease,
            concurrency: opts.pushConcurrency,
            retry: opts.retry,
            onChange: () => this.outboxChanged(),
            onApplied: (n) => this.hooks.applied?.(n),
            refresh: (plans) => this.store.refreshPlans(plans),
            transition: (t) => this.learnTransition(t),
            onServerOk: () => this.hooks.serverOk?.(),
            onServerError: (e) => this.hooks.serverError?.(e),
            canWrite: () => this.storage.decisions,
            onError: (e) => this.storage.noteFailure(e),
            identity: this.accounts ?? undefined,
          })
        : null
    this.engine = client
      ? new SyncEngine({
          store: this.store,
          client,
          scope: this.store.scope(),
          pageSize: opts.pageSize,
          reconcileEveryMs: opts.reconcileEveryMs,
          guard: () => this.pullLease.assertHeld(),
          heldLease: this.pullLease.asHeld(),
          retry: opts.pullRetry,
        })
      : null
  }

  /**
   * Whose edits this session makes and replays: the signed-in user name. Null when signed out,
   * and for a token given without a user name: edits are never made or sent on behalf of an
   * unknown person (the server records who made each one).
   */
  get author(): string | null {
    return this.token === null ? null : this.username
  }

  get signedIn(): boolean {
    return this.token !== null
  }

  /** Who this session acts for (to reopen it unchanged but for a setting); null when signed out. */
  get credentials(): SessionCredentials | null {
    return this.token === null ? null : { username: this.username, token: this.token, ...(this.verified ? { verified: this.verified } : {}) }
  }

  /** True while this process runs a sync of the cache (another process's sync is not counted). */
  get syncing(): boolean {
    return this.current !== null
  }

  scope(): SyncScope {
    return this.store.scope()
  }

  /** Changes the scope of this cache; the next sync is a full one (exactly one: see SyncEngine). */
  setScope(scope: SyncScope): void {
    this.storage.write(() => this.store.setScope(scope))
  }

  /**
   * One sync of this cache at a time, across processes. Inside this process a plain request
   * while one runs joins it (its result is this request's result); a full or reconciling one
   * waits for it and then runs. Across processes the cache's pull lease decides: with
   * `wait` the sync waits for the other process's sync to finish, without it it fails at once
   * with a 'busy' error that names the other process.
   */
  async sync(args: SyncRunArgs, opts: SessionSyncOptions): Promise<SyncResult> {
    if (this.closed) throw new AppError('cancelled', 'PlanDesk is closing.')
    if (!this.engine || !this.token) throw new AppError('auth', 'Sign in to a server before syncing.')
    this.storage.assertWritable()
    while (this.current) {
      if (!args.full && !args.reconcile) return this.current
      await this.current.catch(() => undefined)
    }
    const run = this.storage.writeAsync(() => this.runLeased(this.engine!, args, opts))
    this.current = run
    try {
      return await run
    } finally {
      if (this.current === run) this.current = null
    }
  }

  private async runLeased(engine: SyncEngine, args: SyncRunArgs, opts: SessionSyncOptions): Promise<SyncResult> {
    const stop = new AbortController()
    this.waitStop = stop
    try {
      const result = await this.pullLease.run(
        () => {
          this.waitStop = null
          // Another process may have changed the scope since this session opened.
          engine.setScope(this.store.scope())
          return engine.run(args, opts.onProgress)
        },
        { wait: opts.wait, signal: AbortSignal.any([stop.signal, this.closing.signal]), onWaiting: opts.onWaiting },
      )
      if (result === undefined) throw new AppError('cancelled', 'The sync was cancelled while it waited for another PlanDesk.')
      return result
    } finally {
      if (this.waitStop === stop) this.waitStop = null
    }
  }

  /** Asks the running sync (or its wait for another process) to stop; false when none runs in this process. */
  cancelSync(): boolean {
    if (this.waitStop) {
      this.waitStop.abort()
      return true
    }
    return this.engine?.cancel() ?? false
  }

  // --- offline decisions (the outbox) -----------------------------------------------------------

  private requireAuthor(): string {
    const author = this.author
    if (author === null) {
      throw new AppError(
        'auth',
        this.signedIn
          ? 'Sign in with your user name to make changes: the server records who made each one (plandesk login --username NAME, or PLANDESK_USERNAME with PLANDESK_TOKEN).'
          : 'Sign in to make changes: the server records who made each one.',
      )
    }
    return author
  }

  /**
   * What a status change sent to the server taught: a refusal as invalid is kept (per server, in
   * its cache) to mark that choice; an acceptance forgets an earlier refusal of the same change.
   */
  private learnTransition(t: { from: string; to: string; refused: IpcError | null; at: string }): void {
    try {
      this.storage.write(() => {
        if (t.refused) this.store.knowledge.learnRefusal(t.from, t.to, t.refused.message, t.at)
        else this.store.knowledge.forgetRefusal(t.from, t.to)
      })
    } catch {
      // A full disk: the next refusal teaches it again.
    }
  }

  /** Queues a status change (durable when this returns) and starts sending it if it can. */
  setStatus(args: SetStatusArgs): OutboxEntry {
    const author = this.requireAuthor()
    const row = this.storage.writeDecision(() => queueStatusChange(this.store, this.outbox, args, author))
    this.afterLocalChange()
    return this.entryOf(row)
  }

  createPaymentPlan(args: CreatePaymentPlanArgs): OutboxEntry {
    const author = this.requireAuthor()
    const row = this.storage.writeDecision(() => queuePaymentPlan(this.store, this.outbox, args, author))
    this.afterLocalChange()
    return this.entryOf(row)
  }

  /** What a bulk decision would do (from the cache alone). */
  bulkScope(args: BulkStatusArgs): BulkScope {
    return bulkScope(this.store, args)
  }

  /** A bulk decision: one entry per plan that changes, one batch, one durable write; sending starts if it can. */
  bulkSetStatus(args: BulkSetStatusArgs): BulkResult {
    const author = this.requireAuthor()
    const result = this.storage.writeDecision(() => queueBulk(this.store, this.outbox, args, author))
    this.afterLocalChange()
    return result
  }

  outboxPage(q: OutboxListQuery = {}): OutboxPage {
    return this.outbox.page(q, this.waitContext())
  }

  /** What an entry's wait reason depends on beyond the outbox: who is signed in, and whether (and why) sending is paused. */
  private waitContext(): Omit<WaitContext, 'now'> {
    return { author: this.author, ...this.pause() }
  }

  /** Why sending is paused: a token known to be someone else's stops the queue before any replay has run. */
  private pause(): { paused: ReplayPause; tokenAccount: string | null } {
    const other = this.accounts?.otherAccount() ?? null
    return { paused: this.replayer?.paused ?? (other !== null ? 'identity' : null), tokenAccount: this.replayer?.pausedAccount ?? other }
  }

  private entryOf(row: OutboxRow): OutboxEntry {
    return this.outbox.entries([row], this.waitContext())[0]
  }

  /** The plan's timeline, newest first: creation, the status changes syncs saw, and this plan's changes made here; null when the plan is not cached. */
  timeline(pk: number): TimelineEvent[] | null {
    // One snapshot: a sync or a replay committing between the two reads cannot split an event.
    return this.store.db
      .transaction(() => {
        const server = this.store.planHistory(pk)
        return server && mergeTimeline(server, this.outboxPage({ planPk: pk, limit: TIMELINE_CHANGES }).entries)
      })
      .deferred()
  }

  /** The signed-in person's edits that have not reached the server (open, not someone else's). */
  ownOpenEdits(): number {
    const summary = this.outboxSummary()
    return Math.max(0, summary.open - summary.waitingForOthers)
  }

  outboxSummary(): OutboxSummary {
    const { paused, tokenAccount } = this.pause()
    return outboxSummary(this.outbox, this.author, paused, tokenAccount)
  }

  private entryOrThrow(id: number) {
    const row = this.outbox.get(id)
    if (!row) throw new AppError('not_found', `There is no queued change ${id}.`)
    return row
  }

  /**
   * Checks an entry's state and changes it in ONE write transaction, so a replay (here or in
   * another process) that settles it meanwhile is never overwritten, nor overwrites this.
   */
  private changeEntry(id: number, change: (row: OutboxRow) => OutboxRow | null): OutboxEntry {
    const next = this.storage.writeDecision(() => this.outbox.tx(() => change(this.entryOrThrow(id))))
    if (!next) throw new AppError('busy', `Change ${id} changed meanwhile; look at it again.`)
    this.afterLocalChange()
    return this.entryOf(next)
  }

  /** Sends a failed, waiting or needs-checking edit again now. */
  retry(id: number): OutboxEntry {
    return this.changeEntry(id, (row) => this.retryRow(row))
  }

  /** Drops an open edit; the plan shows the server's value again. */
  discard(id: number): OutboxEntry {
    return this.changeEntry(id, (row) => this.discardRow(row))
  }

  /**
   * The Changes view's selection: each change retried or discarded in ONE write, those the
   * state table does not allow (or that moved on meanwhile) reported with why.
   */
  many(args: OutboxManyArgs): OutboxManyResult {
    const result: OutboxManyResult = { done: [], skipped: [] }
    this.storage.writeDecision(() =>
      this.outbox.tx(() => {
        for (const id of args.ids) {
          try {
            // Each in a savepoint of its own: one that cannot be done leaves the others as they are.
            const next = this.outbox.tx(() => {
              const row = this.entryOrThrow(id)
              return args.action === 'retry' ? this.retryRow(row) : this.discardRow(row)
            })
            if (!next) throw new AppError('busy', `Change ${id} changed meanwhile; look at it again.`)
            result.done.push(id)
          } catch (e) {
            result.skipped.push({ id, error: errorShape(e) })
          }
        }
      }),
    )
    if (result.done.length > 0) this.afterLocalChange()
    return result
  }

  /** Discards every refused change of one bulk decision (one write); returns how many. */
  discardFailedOfBatch(batch: string): number {
    const rows = this.outbox.list({ batch, states: ['failed'], limit: 1_000_000 }).rows
    const n = this.storage.writeDecision(() => this.outbox.tx(() => rows.filter((row) => this.discardRow(row) !== null).length))
    if (n > 0) this.afterLocalChange()
    return n
  }

  private retryRow(row: OutboxRow): OutboxRow | null {
    const id = row.id
    if (!allows(row.state, 'retry')) {
      throw new AppError('validation', `Change ${id} is ${row.state.replace('_', ' ')}; only a failed, waiting or unchecked change can be retried.`)
    }
    if (row.state === 'needs_checking' && row.server_snapshot) {
      // Sending again is the person's decision: compare with what the server showed at the check.
      this.outbox.rebase(id, JSON.parse(row.server_snapshot) as PlanServerState)
    }
    return this.outbox.settle(id, { state: 'pending', nextAttemptAt: null }, undefined, [row.state])
  }

  private discardRow(row: OutboxRow): OutboxRow | null {
    const id = row.id
    // `sending` with its request in flight cannot be taken back; one left by a process that
    // died (nobody holds the push lease) can.
    if (row.state === 'sending' && this.pushLease.holder() !== null) {
      throw new AppError('busy', `Change ${id} is being sent right now; try again in a moment.`)
    }
    if (row.state !== 'sending' && !allows(row.state, 'discard')) throw new AppError('validation', `Change ${id} is already ${row.state}.`)
    return this.outbox.settle(id, { state: 'discarded', result: `Discarded by ${this.author ?? 'a signed-out user'}.`, nextAttemptAt: null }, undefined, [row.state])
  }

  /** Settles a conflict or an unchecked edit: mine (send it on the server's current state), theirs (discard mine), done (it is applied). */
  resolve(args: ResolveArgs): OutboxEntry {
    return this.changeEntry(args.id, (row) => {
      if (!allows(row.state, args.choice satisfies OutboxAction)) {
        throw new AppError('validation', resolveRefusal(args, row))
      }
      const from = [row.state]
      if (args.choice === 'theirs') {
        return this.outbox.settle(args.id, { state: 'discarded', result: "Discarded: the server's version was kept.", nextAttemptAt: null }, undefined, from)
      }
      if (args.choice === 'done') {
        return this.outbox.settle(args.id, { state: 'applied', result: `Marked as done by ${this.author ?? 'a signed-out user'}.`, nextAttemptAt: null }, undefined, from)
      }
      const server = row.server_snapshot ? (JSON.parse(row.server_snapshot) as PlanServerState) : null
      if (!server) throw new AppError('validation', `Change ${args.id} has no server state to re-base on; retry it instead.`)
      this.outbox.rebase(args.id, server)
      return this.outbox.settle(args.id, { state: 'pending', result: null, nextAttemptAt: null }, undefined, from)
    })
  }

  /**
   * Replays this person's queued edits. `wait`: wait for another process's replay of this
   * cache. `now`: the person asked, so changes waiting for their backoff are tried now too
   * (the automatic retries keep their backoff).
   */
  async push(opts: { wait: boolean; now?: boolean }): Promise<ReplayResult> {
    if (!this.replayer) throw new AppError('auth', 'Sign in to send queued changes.')
    const replayer = this.replayer
    return this.storage.writeDecisionAsync(() => replayer.replay({ wait: opts.wait, now: opts.now, signal: this.closing.signal }))
  }

  /**
   * Replays until none of this person's edits is due within `maxWaitMs` (transient failures
   * are retried after their backoff meanwhile); the CLI's `push`. Returns the totals.
   */
  async drain(opts: { maxWaitMs: number; onWait?: (ms: number) => void }): Promise<ReplayResult> {
    const deadline = Date.now() + opts.maxWaitMs
    const total: ReplayResult = { applied: 0, failed: 0, conflicts: 0, needsChecking: 0, retrying: 0, paused: null, busy: false }
    // The person's own command: the first round tries every waiting change now.
    for (let round = 0; ; round++) {
      const r = await this.push({ wait: true, now: round === 0 })
      total.applied += r.applied
      total.failed += r.failed
      total.conflicts += r.conflicts
      total.needsChecking += r.needsChecking
      total.paused = r.paused
      total.tokenAccount = r.tokenAccount
      const next = r.paused || this.closed ? null : this.outbox.nextDueAt(this.author!)
      if (next === null) return total
      const wait = Math.max(0, Date.parse(next) - Date.now())
      if (Date.now() + wait > deadline) {
        total.retrying = this.outbox.waitingOf(this.author!)
        return total
      }
      opts.onWait?.(wait)
      await new Promise((ok) => setTimeout(ok, wait + 5))
    }
  }

  /** Keeps the queue draining by itself (the app): now, when edits are due, and on kick(). */
  startReplay(): void {
    this.replayer?.start()
  }

  /** The connection came back: the queue drains now, not when each edit's backoff ends (docs/design-rules.md §3.7). */
  reconnected(): void {
    const author = this.author
    if (!this.replayer || author === null || this.closed) return
    if (this.outbox.makeDue(author) > 0) this.outboxChanged()
    this.replayer.kick()
  }

  get replaying(): boolean {
    return this.replayer?.replaying ?? false
  }

  private outboxChanged(): void {
    if (this.closed) return
    try {
      this.hooks.outboxChanged?.(this.outboxSummary())
    } catch {
      // A listener must not break the outbox.
    }
  }

  private afterLocalChange(): void {
    this.outboxChanged()
    this.replayer?.kick()
  }

  /** Stops what runs (a sync is cancelled, a wait for a lease ends), releases the leases and closes the cache. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.closing.abort()
    this.storage.stop()
    this.replayer?.stop()
    this.engine?.cancel()
    await this.current?.catch(() => undefined)
    await this.replayer?.idle()
    this.pullLease.release()
    this.pushLease.release()
    this.store.close()
  }
}

/** Why a resolve choice does not apply to a change in its state, and what does. */
function resolveRefusal(args: ResolveArgs, row: OutboxRow): string {
  const state = row.state.replace('_', ' ')
  if (row.state === 'needs_checking') {
    return args.choice === 'mine'
      ? `Change ${args.id} is to be checked, not in conflict: retry it to send it again.`
      : `Change ${args.id} is to be checked, not in conflict: discard it to keep the server's version.`
  }
  return `Change ${args.id} is ${state}, not ${args.choice === 'done' ? 'a change to check' : 'a conflict'}.`
}

export function openSession(opts: OpenSessionOptions): ServerSession {
  return new ServerSession(opts)
}
