/**
 * The local cache of server plans: open (with integrity check and migrations), query, and the
 * write operations sync needs. Knows SQLite and nothing of HTTP.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Database } from 'better-sqlite3'
import type { OverviewQuery, PlanDetail, PlanFacets, PlanOverview, PlanSummary, SearchQuery, SearchResult, StatusLabel, SyncResult, SyncScope, SyncState, TimelineEvent } from '../../preload/contract'
import { SyncScopeSchema } from '../../preload/contract'
import { openDatabase, type OpenDatabaseHooks, pageCacheKib, SCAN_PAGE_CACHE_KIB, WALK_PAGE_CACHE_KIB, withPageCache } from './db'
import { CacheLease, type LeaseName, type LeaseOptions } from './lease'
import { isDiskFull } from '../domain/errors'
import { DiskFullError, isDiskFullAtOpen, keepReserve, releaseReserve } from './disk'
import { NotACacheError, classifyCacheFile, headerVersion, isCorruptionError, moveAside, quickCheck } from './integrity'
import {
  attachOutbox,
  carryCacheOutbox,
  checkOutboxFile,
  keptWords,
  mergeOutboxRows,
  openDecisions,
  openDecisionsIn,
  OUTBOX_SCHEMA,
  outboxFileFor,
  readMeta,
  readSalvage,
  writeMeta,
} from '../outbox/file'
import { SchemaTooNewError } from './migrations'
import { type PagePlan, PlanWriter } from './plans'
import { DamagedRecordError, PlanQueries, findDamagedRecords } from './search'
import { FacetQueries } from './facets'
import { OverviewQueries } from './overview'
import { ServerKnowledge } from './knowledge'
import { ChannelRepo, StateRepo, StatusRepo } from './state'
import { PlanHistory } from './timeline'
import type { ApplyCounts, ApplyOptions, PlanInput, SyncStateKey } from './types'

export { defaultDataDir, defaultCacheFile, cacheFileFor } from './paths'
export { CacheLease, LeaseBusyError, LeaseLostError } from './lease'
export type { HeldLease, LeaseHolder, LeaseName } from './lease'
export { SchemaTooNewError, LATEST_VERSION } from './migrations'
export { NotACacheError } from './integrity'
export { checkInBackground, type BackgroundCheck, type CacheCheckOutcome } from './cache-check'
export { DamagedRecordError } from './search'
export { foldText } from './fold'
export { orderPagePlans, type PagePlan } from './plans'
export type { ApplyCounts, ApplyOptions, PlanInput, SyncStateKey } from './types'

export class PlanStore {
  private readonly writer: PlanWriter
  private readonly queries: PlanQueries
  private readonly overviewQueries: OverviewQueries
  private readonly facetQueries: FacetQueries
  private readonly state: StateRepo
  private readonly statusRepo: StatusRepo
  private readonly history: PlanHistory
  readonly channels: ChannelRepo
  /** What the cache learned about its server: refused status changes, payment-plan transaction types. */
  readonly knowledge: ServerKnowledge
  private closed = false
  /** Walks running (see walking). */
  private walks = 0
  private cacheHeld = false

  constructor(
    /** Exposed for tests and the outbox; other callers use the methods. */
    readonly db: Database,
    readonly file: string,
    /** The outbox's file attached to this cache's connection (null: in memory). */
    readonly outboxFile: string | null = null,
  ) {
    this.writer = new PlanWriter(db)
    this.queries = new PlanQueries(db)
    this.overviewQueries = new OverviewQueries(db)
    this.facetQueries = new FacetQueries(db)
    this.state = new StateRepo(db)
    this.statusRepo = new StatusRepo(db)
    this.history = new PlanHistory(db)
    this.channels = new ChannelRepo(db)
    this.knowledge = new ServerKnowledge(db)
  }

  // --- queries (contract shapes) --------------------------------------------------------------
  searchPlans(q: SearchQuery): SearchResult {
    return this.queries.search(q)
  }

  /**
   * Builds again one of the short texts' match sets a change of the plans' text dropped
   * (short-text.ts); true while more are left. Each takes up to a few tens of milliseconds at
   * 100,000 plans, so callers run one at a time between other work.
   */
  rebuildShortTextMatches(): boolean {
    return this.db.transaction(() => this.queries.shortText.rebuildOne())()
  }

  /** The overview's counts and refund totals. */
  overview(q: OverviewQuery): PlanOverview {
    return this.overviewQueries.overview(q)
  }

  /** The channels (named), stores, staff and currencies of the cached plans, with counts. */
  facets(): PlanFacets {
    return this.facetQueries.facets()
  }

  /** Throws DamagedRecordError (code 'storage') for a plan whose stored copy is unreadable, and marks it for the next sync. */
  getPlan(pk: number): PlanDetail | null {
    try {
      return this.queries.get(pk)
    } catch (e) {
      if (e instanceof DamagedRecordError) {
        try {
          this.markForRefetch([pk])
        } catch {
          // Read-only or busy: the record check at the next checked open finds it again.
        }
      }
      throw e
    }
  }

  /** The server side of the plan's timeline (its creation, the status changes syncs saw), newest first; null when it is not cached. */
  planHistory(pk: number): TimelineEvent[] | null {
    return this.history.serverEvents(pk)
  }

  /** Other cached plans of the same order, oldest first; null when the plan is not cached. */
  relatedPlans(pk: number): PlanSummary[] | null {
    return this.queries.related(pk)
  }

  /**
   * Forgets the stored hash of these plans, so the next sync rewrites them instead of skipping
   * them as unchanged; an incremental sync asks the server for them by pk (pksToRefetch).
   */
  markForRefetch(pks: readonly number[]): void {
    if (pks.length === 0) return
    const st = this.db.prepare("UPDATE plans SET raw_hash = '' WHERE pk = ?")
    this.transaction(() => {
      for (const pk of pks) st.run(pk)
    })
  }

  /**
   * The record check's finding: these plans' stored server records are damaged, so the next
   * sync fetches them again. Returns the line the person is told (none when nothing was found).
   */
  refetchDamaged(damaged: readonly number[]): string[] {
    if (damaged.length === 0) return []
    try {
      this.markForRefetch(damaged)
    } catch (e) {
      // A full disk: the next check finds them again.
      if (!isDiskFull(e)) throw e
    }
    return [
      damaged.length === 1
        ? `1 cached plan was damaged and will be fetched again at the next sync (plan ${damaged[0]}).`
        : `${damaged.length} cached plans were damaged and will be fetched again at the next sync.`,
    ]
  }

  /** Plans marked for fetching again (their stored copy was found damaged). */
  pksToRefetch(): number[] {
    return this.db.prepare("SELECT pk FROM plans WHERE raw_hash = '' ORDER BY pk").pluck().all() as number[]
  }

  statuses(): StatusLabel[] {
    return this.statusRepo.list()
  }

  /** The stored part of the sync state; `running` is always false and `lastError` null here (the engine/app own those). */
  syncState(): SyncState {
    return {
      running: false,
      lastFullSyncAt: this.state.get<string>('lastFullSyncAt'),
      lastSyncAt: this.state.get<string>('lastSyncAt'),
      lastReconcileAt: this.state.get<string>('lastReconcileAt'),
      cursor: this.state.get<string>('cursor'),
      planCount: this.planCount(),
      lastError: null,
      lastResult: this.state.get<SyncResult>('lastResult'),
    }
  }

  /** The sync scope of this cache (one setting for every process that opens it). */
  scope(): SyncScope {
    const parsed = SyncScopeSchema.safeParse(this.state.get('scope') ?? {})
    return parsed.success ? parsed.data : {}
  }

  setScope(scope: SyncScope): void {
    this.transaction(() => this.state.set('scope', Object.keys(scope).length > 0 ? scope : null))
  }

  /**
   * A handle on one of the cross-process leases (see lease.ts). The push lease lives in the
   * outbox's file with the queue it guards: a cache rebuilt (or moved aside by another process)
   * while a replay runs cannot let a second process replay the same queue.
   */
  lease(name: LeaseName, opts: LeaseOptions): CacheLease {
    return new CacheLease(this.db, name, { ...opts, schema: name === 'push' ? OUTBOX_SCHEMA : 'main' })
  }

  planCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM plans').get() as { n: number }).n
  }

  // --- what sync needs ------------------------------------------------------------------------
  /**
   * Runs a sync's walk of the server's pages with the cache's own commits written to the WAL
   * without waiting for the disk (synchronous = NORMAL on the cache's file; the outbox's file
   * stays FULL). Every page commits together with the walk's progress, so a commit a power cut
   * takes back is a page the resumed walk reads again, and SQLite keeps the file consistent either
   * way; a process killed at any moment loses nothing it committed (the system has the WAL). An
   * fsync a page was 1.5 s of a 20,000-plan first sync (about 7 ms a commit on this machine).
   * Must not be called inside a transaction (SQLite ignores the setting there).
   */
  async walking<T>(fn: () => Promise<T>): Promise<T> {
    if (this.walks++ === 0) this.db.pragma('main.synchronous = NORMAL')
    try {
      return await fn()
    } finally {
      if (--this.walks === 0 && !this.closed) {
        this.db.pragma('main.synchronous = FULL')
        // The full size again, for the file as the walk left it (a first sync grows it from nothing).
        this.db.pragma(`main.cache_size = -${pageCacheKib(this.db)}`)
      }
      if (this.walks === 0) this.cacheHeld = false
    }
  }

  /**
   * Holds SQLite's page cache of the cache's file at WALK_PAGE_CACHE_KIB until the walk that
   * runs ends (walking): for a long walk, a first sync, whose writes fill any cache with pages
   * they do not read again. Its full size (pageCacheKib) serves searches. With 8 MB the built
   * CLI's first sync of 100,000 plans took no longer and peaked lower (main/native/threads.ts);
   * searches meanwhile read through the smaller cache. Outside a walk it does nothing.
   */
  holdPageCache(): void {
    if (this.walks === 0 || this.cacheHeld || this.closed) return
    this.db.pragma(`main.cache_size = -${WALK_PAGE_CACHE_KIB}`)
    this.cacheHeld = true
  }

  /**
   * Runs fn in one write transaction (nested calls become savepoints). IMMEDIATE: the write
   * lock is taken (waiting up to the busy timeout) before fn reads anything, so another
   * process's commit can never make the transaction fail half-way.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }

  /** Writes server copies of plans (see PlanWriter.apply and ApplyOptions; `markUnchanged: false` for incremental walks). */
  applyPlans(plans: readonly PlanInput[], runId: number, opts: ApplyOptions = {}): ApplyCounts {
    return this.writer.apply(plans, runId, opts)
  }

  /** Writes several pages of server copies in one transaction, each with the time it was asked for (see PlanWriter.applyPages). */
  applyPages(pages: ReadonlyArray<{ plans: readonly PlanInput[]; readAt?: string }>, runId: number, opts: Pick<ApplyOptions, 'markUnchanged'> = {}): ApplyCounts {
    return this.writer.applyPages(pages, runId, opts)
  }

  /** Writes plans of pages, ordered by orderPagePlans, in one transaction (see PlanWriter.applyOrdered). */
  applyOrdered(plans: readonly PagePlan[], runId: number, opts: Pick<ApplyOptions, 'markUnchanged'> = {}): ApplyCounts {
    return this.writer.applyOrdered(plans, runId, opts)
  }

  /**
   * Writes fresh server copies of a few plans outside a sync (after the outbox applied edits
   * to them). Each keeps its seen_run, so a full sync walking at the same time in another
   * process neither counts it as seen nor as missing because of this write.
   */
  refreshPlans(plans: readonly PlanInput[]): void {
    const seen = this.db.prepare('SELECT seen_run, modified_date FROM plans WHERE pk = ?')
    this.transaction(() => {
      for (const p of plans) {
        const row = seen.get(p.pk) as { seen_run: number; modified_date: string } | undefined
        // Never over a newer copy another process's sync committed meanwhile.
        if (row && p.modifiedDate >= row.modified_date) this.writer.apply([p], row.seen_run)
      }
    })
  }

  removePlans(pks: readonly number[]): { removed: number[]; keptPending: number[] } {
    return this.writer.remove(pks)
  }

  touchPlans(pks: readonly number[], runId: number): void {
    this.writer.touch(pks, runId)
  }

  /** Plans a run did not see (full sync bookkeeping). */
  pksNotSeen(runId: number): number[] {
    return (this.db.prepare('SELECT pk FROM plans WHERE seen_run <> ? ORDER BY pk').all(runId) as Array<{ pk: number }>).map((r) => r.pk)
  }

  /** Plans whose last sighting was by one of these runs. */
  pksSeenBy(runIds: readonly number[]): number[] {
    if (runIds.length === 0) return []
    const rows = this.db.prepare(`SELECT pk FROM plans WHERE seen_run IN (${runIds.map(() => '?').join(',')}) ORDER BY pk`).all(...runIds)
    return (rows as Array<{ pk: number }>).map((r) => r.pk)
  }

  allPks(): number[] {
    return (this.db.prepare('SELECT pk FROM plans ORDER BY pk').all() as Array<{ pk: number }>).map((r) => r.pk)
  }

  replaceStatuses(list: ReadonlyArray<StatusLabel>): void {
    this.statusRepo.replace(list)
  }

  getState<T>(key: SyncStateKey): T | null {
    return this.state.get<T>(key)
  }

  setState(key: SyncStateKey, value: unknown): void {
    this.state.set(key, value)
  }

  nextRunId(): number {
    return this.state.nextRunId()
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    // No forced checkpoint here: it would need the write lock and stall (or kill) another
    // process's sync. SQLite folds the WAL back by itself when the last connection closes.
    this.db.close()
  }
}

export interface OpenStoreResult {
  store: PlanStore
  /** Things the person must be told (e.g. a damaged cache was moved aside). */
  notices: string[]
  /** Opened on a full disk (in the space kept for it): the session starts read-only. */
  diskFull: boolean
}

/**
 * Opens (creating if needed) the cache, with the outbox's file beside it attached (created if
 * needed; a damaged one is salvaged first, main/outbox/file.ts). A damaged cache is moved aside
 * and replaced by a fresh cache, with a notice that says the unsent decisions are kept (they
 * are not in it; a cache written before the outbox had a file has its decisions salvaged
 * first); so is a cache that went missing or empty. A cache from a newer PlanDesk is refused
 * (SchemaTooNewError), and a file that is not a PlanDesk cache at all (a document, another
 * program's database) is refused (NotACacheError, which says how many unsent decisions its
 * outbox file keeps): neither is ever moved or written.
 */
export function openStore(opts: {
  file: string
  /**
   * The whole-file and record checks: at open (true, the default), not at all (false: a quick
   * read-only command), or 'later': the caller runs them after the first answers
   * (cache-check.ts checkInBackground).
   */
  check?: CheckAtOpen
  /** The data folder, where PlanDesk keeps a little disk space for opening on a full disk (disk.ts, RESERVE_BYTES). */
  reserveDir?: string
}): OpenStoreResult {
  const { file } = opts
  if (file === ':memory:') return { store: new PlanStore(openDatabase(file, outboxHooks(':memory:')), file, null), notices: [], diskFull: false }
  try {
    const opened = openFileStore(file, outboxFileFor(file), opts.check)
    if (opts.reserveDir) keepReserve(opts.reserveDir)
    return opened
  } catch (e) {
    if (!isDiskFullAtOpen(e, file)) throw e
    // The disk is full: the space kept for this lets the cache and the outbox open.
    if (!opts.reserveDir || !releaseReserve(opts.reserveDir)) throw new DiskFullError(file)
    try {
      const opened = openFileStore(file, outboxFileFor(file), false)
      return { ...opened, diskFull: true }
    } catch (again) {
      if (isDiskFullAtOpen(again, file)) throw new DiskFullError(file)
      throw again
    }
  }
}

/** A failure of the outbox's file while the cache opens: never taken for damage of the cache. */
class OutboxOpenError extends Error {
  override readonly name = 'OutboxOpenError'
  constructor(override readonly cause: unknown) {
    super((cause as Error).message)
  }
}

function outboxHooks(outboxFile: string): OpenDatabaseHooks {
  return {
    attach: (db) => {
      try {
        attachOutbox(db, outboxFile)
        carryCacheOutbox(db)
      } catch (e) {
        throw new OutboxOpenError(e)
      }
    },
    carry: (db) => void carryCacheOutbox(db),
  }
}

function openCache(file: string, outboxFile: string): Database {
  try {
    return openDatabase(file, outboxHooks(outboxFile))
  } catch (e) {
    throw e instanceof OutboxOpenError ? e.cause : e
  }
}

/** The cache versions that held the outbox themselves (003 to 008). */
function heldOutbox(file: string): boolean {
  const v = headerVersion(file)
  return v === null || (v >= 3 && v < 9)
}

function openFileStore(file: string, outboxFile: string, check: CheckAtOpen | undefined): OpenStoreResult {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const found = classifyCacheFile(file)
  if (found.kind === 'foreign') {
    const open = openDecisionsIn(outboxFile)
    throw new NotACacheError(file, found.reason, open === null ? null : { open, file: outboxFile })
  }
  const notices = checkOutboxFile(outboxFile)
  const checkNow = check !== false && check !== 'later'
  let db: Database | null = null
  let problem: string | null = null
  try {
    db = openCache(file, outboxFile)
    // The whole-file check reads every page (1.4 s at 100,000 plans): writing CLI commands run
    // it here, the app after its first answers ('later'); a quick read-only CLI command skips
    // it, and a damaged page it meets still fails with SQLite's corruption error.
    // Through a small page cache: the check reads every page once.
    const opened = db
    problem = checkNow ? withPageCache(opened, SCAN_PAGE_CACHE_KIB, () => quickCheck(opened)) : null
  } catch (e) {
    if (e instanceof SchemaTooNewError || !isCorruptionError(e)) {
      closeQuietly(db)
      throw e
    }
    problem = (e as Error).message
  }
  if (problem === null && db) {
    const store = new PlanStore(db, ownerOnly(file), outboxFile)
    // A cache that went missing (deleted, or emptied to 0 bytes) since this outbox was last used with one.
    if (found.kind === 'new' && readMeta(db, 'cacheSeen') !== null) {
      notices.push(`The cache was missing or empty, so a fresh cache was built; the next sync downloads your plans again. ${keptWords(openDecisions(db))}`)
    }
    noteCacheSeen(db)
    return { store, notices: [...notices, ...(checkNow ? checkRecords(store) : [])], diskFull: false }
  }
  closeQuietly(db)
  // A cache written before the outbox had its own file still holds decisions: whatever of them
  // can be read goes to the outbox's file before the cache is moved aside.
  const salvaged = heldOutbox(file) ? readSalvage(file, { indexes: false }).rows : []
  const movedTo = moveAside(file)
  const fresh = openCache(file, outboxFile)
  const fromCache = salvaged.length > 0 ? mergeOutboxRows(fresh, salvaged, 'salvage') : 0
  noteCacheSeen(fresh)
  const kept = keptWords(openDecisions(fresh))
  notices.push(
    `The cache was damaged (${problem}); it was moved aside to ${movedTo} and a fresh cache was built. The next sync downloads your plans again. ${kept}` +
      (fromCache > 0 ? ` ${fromCache} of them ${fromCache === 1 ? 'was' : 'were'} read from the damaged cache.` : ''),
  )
  return { store: new PlanStore(fresh, ownerOnly(file), outboxFile), notices, diskFull: false }
}

function noteCacheSeen(db: Database): void {
  if (readMeta(db, 'cacheSeen') !== null) return
  try {
    db.transaction(() => writeMeta(db, 'cacheSeen', new Date().toISOString())).immediate()
  } catch (e) {
    // A full disk: said again at the next open.
    if (!isDiskFull(e)) throw e
  }
}

/**
 * The record check (with the whole-file check): plans whose stored server JSON is unreadable
 * are marked so the next sync fetches them again; one line says how many.
 */
function checkRecords(store: PlanStore): string[] {
  return store.refetchDamaged(withPageCache(store.db, SCAN_PAGE_CACHE_KIB, () => findDamagedRecords(store.db)))
}

export type CheckAtOpen = boolean | 'later'

function closeQuietly(db: Database | null): void {
  try {
    db?.close()
  } catch {
    // already unusable
  }
}

/** The cache holds customer and order data: readable by its owner only (WAL files follow). */
function ownerOnly(file: string): string {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f)) chmodSync(f, 0o600)
  }
  return file
}
