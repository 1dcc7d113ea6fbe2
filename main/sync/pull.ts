/**
 * The pull side: walking list pages and applying each page in one transaction.
 *
 * Full sync: every plan of the scope, page by page. Its progress (next page, the count it
 * saw, the server time it started at) is written in the same transaction as each page, so a
 * sync killed at any point resumes at the page after the last committed one (one page of
 * overlap absorbs plans shifted by inserts). If the count changed meanwhile, the walk restarts
 * at page 1: already-stored plans cost a hash comparison, not a write. Each attempt marks the
 * plans it sees with its own run id; plans seen only by an earlier attempt (on pages the
 * resumed walk did not read again) are asked for by pk at the end, since the server may have
 * deleted them meanwhile. A complete walk removes the cached plans it did not see (it is a
 * reconciliation too), unless the list shrank while it was read, which can hide plans (see runFull).
 *
 * Incremental sync: `modified_date__gte=<cursor>`. The cursor is the server's time (its Date
 * header) when the walk started, minus an overlap, and it is written only after every page of
 * the walk committed. The list has no documented ordering, so page-by-page cursor advances
 * could skip plans; a killed incremental sync therefore re-walks from the old cursor and the
 * JSON-hash comparison turns the repeats into "unchanged" (no duplicates, no gaps). A change
 * made during a sync has a modified_date after the walk started, so the next sync gets it.
 */
import { walkPages, type WalkedPage } from '../omnitron'
import { type ApplyCounts, orderPagePlans, type SyncStateKey } from '../store'
import { DiskFullError, fullSyncRoomProblem } from '../store/disk'
import { type RunContext, commit, minus, removeUnlisted, throwIfCancelled } from './context'
import { PageReader } from './page-reader'
import { verifyListed } from './reconcile'
import { WalkWriter } from './walk-writer'
import { type BatchTarget, PLANS_PER_BATCH, PLANS_PER_THREADED_BATCH, WritePace, writeBatch } from './write-batch'

export interface WalkOutcome {
  /** False when the walk ended early (its warnings say why). */
  complete: boolean
  /** True when `accept` refused the first page. */
  refused: boolean
  firstServerDate: string | null
  maxModified: string | null
  lastCount: number | null
  /** The count the first page reported: the size of the list when the walk began. */
  firstCount: number | null
  /** The largest count any page reported; a later smaller one means the list shrank mid-walk. */
  maxCount: number | null
  countDropped: boolean
  /** Pks a page sent twice: the list shifted while it was read, so a plan may have been pushed past the walk. */
  duplicates: number[]
  /** Plans that arrived without a usable pk: any cached plan may be one of them. */
  unnamed: number
}

export interface WalkAndApplyOptions {
  filters: RunContext['filters']
  startPage: number
  runId: number
  /** Looks at the first page before it is applied; false stops the walk (refused). */
  accept?: (first: WalkedPage) => boolean
  /** Sync state committed in the same transaction as each page (a full walk's progress). */
  pageState?: (page: WalkedPage) => Array<[SyncStateKey, unknown]>
  /**
   * Mark plans that arrive unchanged as seen by this run (default true). Only a full walk needs
   * the marks (it removes what it did not see); an incremental walk skips those writes.
   */
  markUnchanged?: boolean
}

export async function walkAndApply(ctx: RunContext, opts: WalkAndApplyOptions): Promise<WalkOutcome> {
  // A large walk's pages are read on a worker thread as they arrive, and written on another
  // with a connection of its own (walk-writer.ts); if that one cannot, they are written here,
  // through a smaller page cache.
  const writer = new WalkWriter(writerSetup(ctx))
  const reader = new PageReader({ onLarge: () => writer.start() || ctx.store.holdPageCache(), router: writer })
  try {
    return await ctx.store.walking(() => walkAndApplyPages(ctx, opts, reader, writer))
  } finally {
    // Neither thread is kept between walks (each has its own heap).
    await Promise.all([reader.close(), writer.close()])
  }
}

/** What the writer thread opens: null when it cannot share the cache (in memory) or check the run's guard. */
function writerSetup(ctx: RunContext): ConstructorParameters<typeof WalkWriter>[0] {
  const { store } = ctx
  if (store.file === ':memory:' || store.outboxFile === null || store.outboxFile === ':memory:') return null
  if (ctx.guard && !ctx.heldLease) return null
  return { file: store.file, outboxFile: store.outboxFile, lease: ctx.heldLease ?? null }
}

async function walkAndApplyPages(ctx: RunContext, opts: WalkAndApplyOptions, reader: PageReader, writer: WalkWriter): Promise<WalkOutcome> {
  const { client, progress, tally } = ctx
  const warnings: string[] = []
  const out: WalkOutcome = {
    complete: true,
    refused: false,
    firstServerDate: null,
    maxModified: null,
    lastCount: null,
    firstCount: null,
    maxCount: null,
    countDropped: false,
    duplicates: [],
    unnamed: 0,
  }
  let first = true
  const pace = new WritePace()
  const fetchPage = (page: number) => client.listPage(opts.filters, page, ctx.pageSize, { signal: ctx.signal, readBody: reader.read })
  const pages = walkPages(fetchPage, {
    baseUrl: client.baseUrl,
    limit: ctx.pageSize,
    startPage: opts.startPage,
    warn: (w) => warnings.push(w),
    note: (n) => tally.warnings.push(n),
  })
  // Pages that have already arrived when one is written go into the same batch (up to
  // PLANS_PER_BATCH plans), written in plan-number order in slices of the write pace: fewer,
  // larger writes of the search index's new entries than one per page, when the writing is
  // slower than the server.
  const walk = pages[Symbol.asyncIterator]()
  let finished = false
  const take = async (): Promise<WalkedPage | null> => {
    try {
      const r = await walk.next()
      if (r.done) finished = true
      return r.done ? null : r.value
    } catch (e) {
      finished = true
      throw e
    }
  }
  try {
    let next: Promise<WalkedPage | null> | null = null
    for (;;) {
      const head = await (next ?? take())
      next = null
      if (head === null) break
      throwIfCancelled(ctx.signal)
      if (first) {
        first = false
        out.firstServerDate = head.serverDate
        out.firstCount = head.count
        // A resumed walk starts part-way: count the pages already behind it as done.
        if (head.page > 1) progress.plansDone = Math.min(head.count ?? Infinity, (head.page - 1) * ctx.pageSize)
        if (opts.accept && !opts.accept(head)) {
          out.refused = true
          return out
        }
      }
      const batch = [head]
      let plans = head.plans.length
      while (plans < (writer.threaded ? PLANS_PER_THREADED_BATCH : PLANS_PER_BATCH) && (await arrived(batch[batch.length - 1]))) {
        next = take()
        // A page that failed is reported after the pages before it are written.
        const got = await next.catch(() => undefined)
        if (!got) break
        next = null
        batch.push(got)
        plans += got.plans.length
      }
      countPages(ctx, batch, await writePages(ctx, opts, batch, pace, writer), out)
      // Pages that are ready continue as promises, which never let the event loop turn: a search
      // asked meanwhile is answered between two transactions, not after the pages waiting.
      await nextTurn()
    }
  } finally {
    if (!finished) await walk.return(undefined)
  }
  if (warnings.length > 0) {
    out.complete = false
    tally.incomplete = true
    tally.warnings.push(...warnings)
  }
  return out
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/** Whether the page after this one has arrived, once what arrived meanwhile has been taken in (one turn of the event loop). */
async function arrived(page: WalkedPage): Promise<boolean> {
  if (page.nextArrived()) return true
  await new Promise((resolve) => setImmediate(resolve))
  return page.nextArrived()
}

/**
 * Writes arrived pages (write-batch.ts): on the writer thread when the walk has one, else here,
 * in slices of the write pace with a turn of the event loop between two.
 */
async function writePages(ctx: RunContext, opts: WalkAndApplyOptions, batch: readonly WalkedPage[], pace: WritePace, writer: WalkWriter): Promise<ApplyCounts> {
  const pages = batch.map((page) => ({ plans: page.plans, readAt: page.askedAt }))
  const common = {
    runId: opts.runId,
    markUnchanged: opts.markUnchanged ?? true,
    touch: batch.flatMap(rejectedPks),
    state: opts.pageState ? batch.flatMap(opts.pageState) : [],
  }
  // Null when there is no writer thread (and no page was routed to one): the batch is written here.
  const there = await writer.write({ ...common, pages })
  if (there) return there
  const { store } = ctx
  // A long walk whose writer thread could not open the cache is written here, through the smaller page cache.
  if (writer.failed !== null) store.holdPageCache()
  const here: BatchTarget = {
    transaction: (fn) => commit(ctx, fn),
    applyOrdered: (plans, runId, o) => store.applyOrdered(plans, runId, o),
    touchPlans: (pks, runId) => store.touchPlans(pks, runId),
    setState: (key, value) => store.setState(key, value),
  }
  return writeBatch(here, { ...common, plans: orderPagePlans(pages) }, pace, async () => {
    await nextTurn()
    throwIfCancelled(ctx.signal)
  })
}

function rejectedPks(page: WalkedPage): number[] {
  return page.rejected.flatMap((r) => (r.pk === null ? [] : [r.pk]))
}

/** Counts committed pages in the run's tally and progress. */
function countPages(ctx: RunContext, batch: readonly WalkedPage[], counts: ApplyCounts, out: WalkOutcome): void {
  const { progress, tally } = ctx
  tally.added += counts.added
  tally.updated += counts.updated
  tally.unchanged += counts.unchanged
  for (const page of batch) {
    tally.skipped.push(...page.rejected)
    out.duplicates.push(...page.duplicates)
    out.unnamed += page.rejected.length - rejectedPks(page).length
    for (const p of page.plans) if (out.maxModified === null || p.modifiedDate > out.maxModified) out.maxModified = p.modifiedDate
    out.lastCount = page.count
    if (page.count !== null) {
      if (out.maxCount !== null && page.count < out.maxCount) out.countDropped = true
      out.maxCount = Math.max(out.maxCount ?? 0, page.count)
    }
    progress.pagesDone = page.page
    progress.pagesTotal = page.pagesTotal
    progress.plansTotal = page.count
    progress.plansDone += page.resultSize
    progress.report('pages')
  }
}

interface FullProgress {
  runId: number
  nextPage: number
  limit: number
  count: number | null
  /** The server time the walk started at (Date header), before the overlap is taken off. */
  watermark: string | null
  scopeKey: string
  /**
   * Run ids of the earlier, interrupted attempts of this walk. Each attempt marks what it sees
   * with its own run id: a plan seen only by an earlier attempt sat on a page the resumed walk
   * did not read again, so it may have been deleted since, and is asked for by pk at the end.
   */
  earlierRuns?: number[]
}

/** Returns true when the walk was complete and plans the server no longer lists were removed (a reconciliation in itself). */
export async function runFull(ctx: RunContext): Promise<boolean> {
  const { store } = ctx
  const saved = store.getState<FullProgress>('fullProgress')
  const resuming = saved !== null && saved.scopeKey === ctx.scopeKey && saved.limit === ctx.pageSize
  const earlierRuns = resuming ? [...(saved.earlierRuns ?? []), saved.runId] : []
  const runId = store.nextRunId()
  let watermark = resuming ? saved.watermark : null
  const progressOf = (page: WalkedPage): FullProgress => ({
    runId,
    nextPage: page.page + 1,
    limit: ctx.pageSize,
    count: page.count,
    watermark,
    scopeKey: ctx.scopeKey,
    earlierRuns,
  })
  const pageState = (page: WalkedPage): Array<[SyncStateKey, unknown]> => [['fullProgress', progressOf(page)]]
  const recordWatermark = (page: WalkedPage) => {
    watermark ??= page.serverDate
  }

  let outcome = await walkAndApply(ctx, {
    filters: ctx.filters,
    startPage: resuming ? Math.max(1, saved.nextPage - 1) : 1,
    runId,
    pageState,
    accept: (page) => {
      // Room for the whole walk, checked before its first page is written.
      if (page.count !== null && store.file !== ':memory:') {
        const problem = fullSyncRoomProblem(store.file, page.count)
        if (problem) throw new DiskFullError(store.file, problem)
      }
      recordWatermark(page)
      // The list changed size since the interrupted walk: pages shifted, so start again.
      return !resuming || saved.nextPage <= 2 || page.count === saved.count
    },
  })
  if (outcome.refused) {
    ctx.progress.resetTotals()
    outcome = await walkAndApply(ctx, { filters: ctx.filters, startPage: 1, runId, pageState, accept: (p) => (recordWatermark(p), true) })
  }
  throwIfCancelled(ctx.signal)

  const now = ctx.now().toISOString()
  if (!outcome.complete) {
    // Pages may be missing: remove nothing and keep the cursor, so the next sync is full again
    // (or, with an older cursor, catches up from there).
    commit(ctx, () => {
      store.setState('fullProgress', null)
      store.setState('lastSyncAt', now)
    })
    ctx.tally.incomplete = true
    ctx.tally.warnings.push('The full sync did not reach the end of the list; nothing was removed from the cache.')
    return false
  }

  // Seen by an earlier attempt only: on a page read before the interruption, so possibly
  // deleted since (an addition elsewhere keeps the count unchanged and hides it from the
  // count check). Counted as seen here, then asked for by pk before anything is recorded.
  const seenEarlier = new Set(store.pksSeenBy(earlierRuns))
  const notSeen = store.pksNotSeen(runId).filter((pk) => !seenEarlier.has(pk))
  const seen = store.planCount() - notSeen.length
  // Compared with the size of the list when the walk began: plans created during the walk
  // raise later counts but hide nothing (they are the next incremental sync's business).
  const expected = outcome.firstCount
  // The list shrank while it was read, or fewer plans arrived than it held when the walk
  // began: a removal moved later plans onto pages already read (additions push plans later,
  // which repeats them harmlessly). Remove nothing, and do not record this walk as a
  // baseline: with no cursor yet, the next sync is a full one again and fills the gap.
  // A plan sent twice on one page is the same sign: the list moved under the walk.
  const shifted = outcome.duplicates.length > 0
  const gap = outcome.countDropped || shifted || (expected !== null && seen + ctx.tally.skipped.length < expected)
  if (gap) {
    ctx.tally.incomplete = true
    ctx.tally.warnings.push(
      outcome.countDropped
        ? `The list shrank while it was read (${outcome.maxCount} → ${outcome.lastCount} plans), so some plans may have been missed; nothing was removed and the next sync reads it again.`
        : shifted
          ? `The server sent plan ${outcome.duplicates[0]} twice on one page (its list moved while it was read), so some plans may have been missed; nothing was removed and the next sync reads it again.`
          : `The server counted ${expected} plans but ${seen} arrived (the list changed during the sync); nothing was removed and the next sync reads it again.`,
    )
  }
  // A plan without a usable pk may be any cached plan: the walk cannot tell what is gone. It is
  // still a baseline (everything else was read); the next reconciliation removes what it can.
  const unnamed = !gap && outcome.unnamed > 0
  if (unnamed) {
    ctx.tally.warnings.push(
      `${outcome.unnamed} plan(s) arrived without a usable pk, so PlanDesk cannot tell which cached plans the server no longer lists; nothing was removed.`,
    )
  }
  // Killed here, the walk resumes at its last page and checks these again.
  let verified: Awaited<ReturnType<typeof verifyListed>> = 'whole'
  if (!gap && seenEarlier.size > 0) {
    // A check, not a second reading: the plans it finds unchanged are not counted again.
    const unchanged = ctx.tally.unchanged
    verified = await verifyListed(ctx, [...seenEarlier].sort((a, b) => a - b))
    ctx.tally.unchanged = unchanged
  }
  throwIfCancelled(ctx.signal)
  const cursorBase = watermark ?? outcome.maxModified
  commit(ctx, () => {
    store.setState('fullProgress', null)
    store.setState('lastSyncAt', now)
    if (gap) return
    if (!unnamed) removeUnlisted(store, notSeen, ctx.tally)
    if (cursorBase !== null) store.setState('cursor', minus(cursorBase, ctx.overlapMs))
    store.setState('scopeKey', ctx.scopeKey)
    store.setState('lastFullSyncAt', now)
    if (verified === 'whole' && !unnamed) store.setState('lastReconcileAt', now)
  })
  return !gap && !unnamed && verified === 'whole'
}

export async function runIncremental(ctx: RunContext, cursor: string): Promise<void> {
  const { store } = ctx
  const runId = store.nextRunId()
  const outcome = await walkAndApply(ctx, {
    filters: { ...ctx.filters, modified_date__gte: cursor },
    startPage: 1,
    runId,
    // The overlap window brings back plans the last run already stored: they cost a hash, no write.
    markUnchanged: false,
  })
  throwIfCancelled(ctx.signal)
  const now = ctx.now().toISOString()
  if (!outcome.complete || outcome.countDropped) {
    ctx.tally.incomplete = true
    store.setState('lastSyncAt', now)
    ctx.tally.warnings.push(
      outcome.countDropped
        ? 'The list of changes shrank while it was read, so some may have been missed; the cursor was not moved and the next sync reads them again.'
        : 'The incremental sync did not reach the end of the list; the cursor was not moved.',
    )
    return
  }
  // Plans whose cached copy was found damaged: an incremental walk would not list them again.
  const refetch = store.pksToRefetch()
  if (refetch.length > 0) await verifyListed(ctx, refetch)
  throwIfCancelled(ctx.signal)
  const base = outcome.firstServerDate ?? outcome.maxModified
  const next = base === null ? cursor : minus(base, ctx.overlapMs)
  commit(ctx, () => {
    // Never move backwards: a server clock set back must not make us fetch everything again.
    store.setState('cursor', next > cursor ? next : cursor)
    store.setState('lastSyncAt', now)
  })
}
