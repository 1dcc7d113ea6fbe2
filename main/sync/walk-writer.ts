/**
 * A long walk's writes, away from the thread that answers the person. On the sync's own thread a
 * first sync's writes held the event loop about half the time, in slices of about 10 ms, and a
 * search asked meanwhile waited for the slice and for whatever else was queued (B3s: p95 65–86 ms
 * at 100,000 plans against a target of 30). A long walk (the page reader's large one) now writes
 * on a worker thread with a connection of its own to the cache (write-worker.ts): SQLite's WAL
 * lets the sync's thread read while it writes, so that thread only fetches pages and answers.
 *
 * The writer thread writes each batch as that thread did (write-batch.ts), in slices of about
 * WORKER_SLICE_MS (larger: they hold up no search, only another writer, such as the outbox),
 * the walk's bookkeeping with the last slice, and checks the session's lease inside each
 * transaction. A batch is a batch: whichever thread writes it, a walk killed at any moment
 * resumes the same way.
 *
 * It is not used for a cache in memory (another connection cannot see it), nor when the run's
 * guard is not a lease the thread can check. If the thread cannot start or cannot open the
 * cache, the walk's batches are written on the sync's thread, as before (`failed`). If it ends
 * in the middle, the pages the page worker routed to it are gone with it: the walk stops
 * (WriterStoppedError) after its last committed page, and the next sync resumes there.
 */
import type { Worker } from 'node:worker_threads'
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import type { CheckedPlan, ListPage } from '../omnitron'
import { type ApplyCounts, type HeldLease, orderPagePlans } from '../store'
import { WALK_PAGE_CACHE_KIB } from '../store/db'
import type { PreparedPlan } from '../store/prepare'
import { startWorker } from '../native/threads'
import { createLogger } from '../log'
import { type ErrorOnTheWire, errorFromWire, packRecords, type ReadPlan, unpackRecords } from './page-read'
import { type PageRouter, ReadyPlan, RoutedPlan } from './page-reader'
import type { BatchWrite } from './write-batch'

const log = createLogger('sync')

/** About how long one write transaction on the writer thread lasts. */
export const WORKER_SLICE_MS = 50

/** What the writer thread opens (its workerData). */
export interface WriterSetup {
  file: string
  outboxFile: string
  /** Its connection's page cache, in KiB. */
  cacheKib: number
  /** Checked inside each write transaction; null when the run has no lease. */
  lease: HeldLease | null
}

/**
 * A batch for the writer thread, page by page in the walk's order: the plans of a page read on
 * this thread go with it (their records in one buffer, which travels without a copy); a page the
 * page worker routed to the writer thread is named by its number (RoutedPlan.routedPage).
 */
export interface BatchOnTheWire extends Omit<BatchWrite, 'plans'> {
  pages: Array<{ readAt?: string; routed: number } | { readAt?: string; from: number; to: number }>
  plans: Array<{ pk: number; status: string; modifiedDate: string; prepared: Omit<PreparedPlan, 'record'> }>
  records: Uint8Array
  ends: number[]
}

/** A batch's pages as its plans arrived (PagePlan's readAt is the page's). */
export interface BatchPages extends Omit<BatchWrite, 'plans'> {
  pages: ReadonlyArray<{ plans: readonly CheckedPlan[]; readAt?: string }>
}

function preparedOf(plan: CheckedPlan & { prepared?: PreparedPlan }): PreparedPlan {
  if (!plan.prepared) throw new Error(`Plan ${plan.pk} was not readied for the cache.`)
  return plan.prepared
}

/** The page a plan was routed in, or null for a plan this thread holds. */
function routedPage(page: { plans: readonly CheckedPlan[] }): number | null {
  const first = page.plans[0]
  return first instanceof RoutedPlan ? first.routedPage : null
}

export function batchToWire(job: BatchPages): BatchOnTheWire {
  const here = job.pages.filter((p) => routedPage(p) === null).flatMap((p) => p.plans)
  const plans = here.map((plan) => {
    const { record: _record, ...prepared } = preparedOf(plan)
    return { pk: plan.pk, status: plan.status, modifiedDate: plan.modifiedDate, prepared }
  })
  let at = 0
  const pages = job.pages.map((p): BatchOnTheWire['pages'][number] => {
    const routed = routedPage(p)
    if (routed !== null) return { readAt: p.readAt, routed }
    at += p.plans.length
    return { readAt: p.readAt, from: at - p.plans.length, to: at }
  })
  const { pages: _pages, ...rest } = job
  return { ...rest, pages, plans, ...packRecords(here.map((plan) => preparedOf(plan).record)) }
}

/** The batch the wire holds, with the routed pages' plans the writer thread received (by page number). */
export function batchFromWire(wire: BatchOnTheWire, routed: (page: number) => ListPage<ReadPlan>): BatchWrite {
  const { records, ends, pages, plans: _plans, ...job } = wire
  const each = unpackRecords(records, ends)
  const here = wire.plans.map((p, i) => new ReadyPlan(p.pk, p.status, p.modifiedDate, { ...p.prepared, record: each[i] }))
  const ready = (p: ReadPlan) => new ReadyPlan(p.pk, p.status, p.modifiedDate, p.prepared)
  return {
    ...job,
    plans: orderPagePlans(pages.map((p) => ({ readAt: p.readAt, plans: 'routed' in p ? routed(p.routed).plans.map(ready) : here.slice(p.from, p.to) }))),
  }
}

/** The pages a batch names that the writer thread must have received before writing it. */
export function routedPages(wire: BatchOnTheWire): number[] {
  return wire.pages.flatMap((p) => ('routed' in p ? [p.routed] : []))
}

/** Thrown when the writer thread stopped holding pages routed to it: the walk stops, and the next sync resumes where it committed. */
export class WriterStoppedError extends Error {
  override readonly name = 'WriterStoppedError'
  /** Shown to the person with its message (errorShape): the cache is whole, the sync stopped. */
  readonly code = 'storage' as const
  constructor() {
    super("The sync's writer thread stopped; the sync stopped after its last saved page and goes on from there next time.")
  }
}

type Answer = { counts: ApplyCounts } | { error: Error }

export class WalkWriter implements PageRouter {
  private worker: Worker | null = null
  private ready: Promise<boolean> = Promise.resolve(false)
  private broken = false
  private reason: string | null = null
  private opened = false
  private portGiven = false
  private nextId = 0
  private readonly waiting = new Map<number, (a: Answer | null) => void>()

  /** `setup` null: every batch is written on the sync's thread. */
  constructor(private readonly setup: Omit<WriterSetup, 'cacheKib'> | null) {}

  /** Whether batches go to the writer thread now. */
  get threaded(): boolean {
    return this.worker !== null
  }

  /** Why a writer thread that was started is gone (it could not open the cache, or it failed), else null. */
  get failed(): string | null {
    return this.reason
  }

  /** Starts the writer thread (a long walk); false when batches are written on the sync's thread. */
  start(): boolean {
    if (this.worker) return true
    if (this.broken || !this.setup) return false
    let worker: Worker
    try {
      worker = startWorker('write-worker', { ...this.setup, cacheKib: WALK_PAGE_CACHE_KIB } satisfies WriterSetup)
    } catch (e) {
      this.broken = true
      log.warn(`The sync's writer thread could not start (${(e as Error).message}); the main thread writes.`)
      return false
    }
    this.worker = worker
    this.ready = new Promise<boolean>((resolve) => {
      worker.once('message', (m: { ready: boolean; error?: ErrorOnTheWire }) => {
        resolve(m.ready)
        this.opened = m.ready
        if (!m.ready) this.fail(worker, `it could not open the cache: ${m.error?.message ?? 'no reason given'}`)
        else worker.on('message', (a: { id: number; counts?: ApplyCounts; error?: ErrorOnTheWire }) => this.answer(worker, a))
      })
      worker.once('exit', () => resolve(false))
    })
    worker.on('error', (e) => this.fail(worker, `it failed: ${e.message}`))
    worker.on('exit', (code) => this.fail(worker, `it ended (exit code ${code})`))
    return true
  }

  /** A port to the writer thread for the page worker, once the thread has opened the cache (given once). */
  port(): MessagePort | null {
    const worker = this.worker
    if (!worker || !this.opened || this.portGiven) return null
    const { port1, port2 } = new MessageChannel()
    worker.postMessage({ pages: port2 }, [port2])
    this.portGiven = true
    return port1
  }

  alive(): boolean {
    return this.worker !== null
  }

  /**
   * Writes the batch on the writer thread: its counts, or null when that thread cannot and the
   * batch holds only plans this thread has (the caller writes it). Rejects with what the write
   * threw there (a lost lease, a full disk), and with WriterStoppedError when the thread stopped
   * holding pages routed to it.
   */
  async write(job: BatchPages): Promise<ApplyCounts | null> {
    const worker = this.worker
    const answer = worker && (await this.ready) && this.worker === worker ? await this.send(worker, job) : null
    if (answer === null) {
      if (job.pages.some((p) => routedPage(p) !== null)) throw new WriterStoppedError()
      return null
    }
    if ('error' in answer) throw answer.error
    return answer.counts
  }

  private send(worker: Worker, job: BatchPages): Promise<Answer | null> {
    const wire = batchToWire(job)
    const id = this.nextId++
    return new Promise<Answer | null>((resolve) => {
      this.waiting.set(id, resolve)
      worker.postMessage({ id, job: wire }, [wire.records.buffer as ArrayBuffer])
    })
  }

  /** Stops the writer thread; the walk has ended, so no batch is waiting. */
  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    this.broken = true
    for (const w of this.waiting.values()) w(null)
    this.waiting.clear()
    if (worker) await worker.terminate()
  }

  private answer(worker: Worker, a: { id: number; counts?: ApplyCounts; error?: ErrorOnTheWire }): void {
    if (this.worker !== worker) return
    const w = this.waiting.get(a.id)
    if (!w) return
    this.waiting.delete(a.id)
    w(a.error ? { error: errorFromWire(a.error) } : { counts: a.counts! })
  }

  /** The thread could not open the cache, failed or ended: what it held is written on the sync's thread. */
  private fail(worker: Worker, reason: string): void {
    if (this.worker !== worker) return
    this.reason = reason
    log.warn(`The sync's writer thread stopped: ${reason}. The main thread writes from here, or the walk stops.`)
    this.worker = null
    this.broken = true
    for (const w of this.waiting.values()) w(null)
    this.waiting.clear()
    void worker.terminate()
  }
}
