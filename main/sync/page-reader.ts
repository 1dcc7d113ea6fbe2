/**
 * Reads a walk's list pages away from the thread that asked for them. Decoding, parsing and
 * checking a page's answer and readying its plans for the cache (their columns, items, search
 * text, hash and compressed record) was most of a first sync's time on the thread that also wrote
 * the cache; a worker thread (page-worker.ts) now does it as each page arrives. It sends a readied
 * page back (its records in one buffer, without a copy), or, once the walk has a writer thread
 * (walk-writer.ts, the PageRouter), straight to that thread, and back only each plan's number,
 * status and date (RoutedPlan): all the sync's thread needs to count and order the walk.
 *
 * A small walk (an incremental sync, a few pages) is read on the calling thread: starting the
 * worker costs more than it saves. The worker starts when a page shows a list of WORKER_FROM
 * plans or more, and stops when the walk ends (close). If it cannot start or fails, the pages it
 * held and every later one are read on the calling thread, with the same functions (page-read.ts).
 */
import type { MessagePort, Worker } from 'node:worker_threads'
import type { CheckedPlan, ListPage, PlanCheckOptions } from '../omnitron'
import type { PreparedPlan } from '../store/prepare'
import { readRecord } from '../store/record'
import { type ErrorOnTheWire, errorFromWire, fromWire, type LightOnTheWire, type PageOnTheWire, type ReadPlan, readPage } from './page-read'
import { startWorker } from '../native/threads'

/** A list of this many plans or more is read by the worker (from its second page on). */
export const WORKER_FROM = 2_000

/**
 * A plan the reader readied: the cache writes `prepared` and never asks for `raw`, which is read
 * back from the record only if something else does.
 */
export class ReadyPlan implements CheckedPlan {
  private object: Record<string, unknown> | null = null
  constructor(
    readonly pk: number,
    readonly status: string,
    readonly modifiedDate: string,
    readonly prepared: PreparedPlan,
  ) {}

  get raw(): Record<string, unknown> {
    return (this.object ??= readRecord(this.prepared.record) ?? {})
  }
}

/**
 * A plan whose readied copy went from the page worker straight to the walk's writer thread
 * (PageRouter): the sync's thread knows its number, status and date, and which page it came in.
 */
export class RoutedPlan implements CheckedPlan {
  constructor(
    readonly pk: number,
    readonly status: string,
    readonly modifiedDate: string,
    /** The page's number among the pages this reader read: the writer thread holds it by that. */
    readonly routedPage: number,
  ) {}

  get raw(): Record<string, unknown> {
    throw new Error(`Plan ${this.pk} was read for the sync's writer thread, which holds it.`)
  }
}

/** Where readied pages may go instead of back to this thread (walk-writer.ts WalkWriter). */
export interface PageRouter {
  /** A port to the writer thread, once it is ready (given once); null until then. */
  port(): MessagePort | null
  /** Whether the writer thread still runs (a page is routed only then). */
  alive(): boolean
}

interface Waiting {
  bytes: Uint8Array
  check: PlanCheckOptions
  resolve: (page: ListPage) => void
  reject: (e: Error) => void
}

export interface PageReaderOptions {
  /** Read by the worker once a page shows a list this long; default WORKER_FROM (Infinity: never). */
  workerFrom?: number
  /** Called once, when a page shows such a list (a long walk). */
  onLarge?: () => void
  /** Sends the worker's readied pages to a writer thread, once it has one. */
  router?: PageRouter
}

export class PageReader {
  private worker: Worker | null = null
  private broken = false
  private closed = false
  private large = false
  private nextId = 0
  private readonly waiting = new Map<number, Waiting>()
  private readonly workerFrom: number
  private readonly onLarge: (() => void) | undefined
  private readonly router: PageRouter | undefined
  private routed = false

  constructor(opts: PageReaderOptions = {}) {
    this.workerFrom = opts.workerFrom ?? WORKER_FROM
    this.onLarge = opts.onLarge
    this.router = opts.router
  }

  /** Whether pages are read on the worker thread now. */
  get threaded(): boolean {
    return this.worker !== null
  }

  /** The page in these bytes (ListPageOptions.readBody). */
  read = (bytes: Uint8Array, check: PlanCheckOptions): Promise<ListPage> => {
    const worker = this.large && !this.broken && !this.closed ? this.start() : null
    if (!worker) {
      try {
        return Promise.resolve(this.here(bytes, check))
      } catch (e) {
        return Promise.reject(e as Error)
      }
    }
    const id = this.nextId++
    return new Promise<ListPage>((resolve, reject) => {
      this.waiting.set(id, { bytes, check, resolve, reject })
      // Keeps the process alive only while a page is being read.
      if (this.waiting.size === 1) worker.ref()
      worker.postMessage({ id, bytes, check, route: this.route(worker) })
    })
  }

  /** Stops the worker; a page still being read there is not wanted any more (the walk ended). */
  async close(): Promise<void> {
    this.closed = true
    const worker = this.worker
    this.worker = null
    for (const w of this.waiting.values()) w.reject(new Error('The page reader was closed.'))
    this.waiting.clear()
    if (worker) await worker.terminate()
  }

  /** Whether the worker sends this page to the writer thread (connecting the two once it is ready). */
  private route(worker: Worker): boolean {
    if (!this.router) return false
    if (!this.routed) {
      const port = this.router.port()
      if (!port) return false
      worker.postMessage({ connect: port }, [port])
      this.routed = true
    }
    return this.router.alive()
  }

  private here(bytes: Uint8Array, check: PlanCheckOptions): ListPage {
    return this.ready(readPage(bytes, check))
  }

  private ready(page: ListPage<ReadPlan>): ListPage {
    if (!this.large && page.count !== null && page.count >= this.workerFrom) {
      this.large = true
      this.onLarge?.()
    }
    return { ...page, plans: page.plans.map((p) => new ReadyPlan(p.pk, p.status, p.modifiedDate, p.prepared)) }
  }

  private start(): Worker | null {
    if (this.worker) return this.worker
    let worker: Worker
    try {
      worker = startWorker('page-worker')
    } catch {
      this.broken = true
      return null
    }
    worker.unref()
    worker.on('message', (m: { id: number; page?: PageOnTheWire; light?: LightOnTheWire; error?: ErrorOnTheWire }) => {
      const w = this.waiting.get(m.id)
      if (!w) return
      this.waiting.delete(m.id)
      if (this.waiting.size === 0) worker.unref()
      if (m.page) w.resolve(this.ready(fromWire(m.page)))
      else if (m.light) w.resolve({ ...m.light, plans: m.light.plans.map((p) => new RoutedPlan(p.pk, p.status, p.modifiedDate, m.id)) })
      else w.reject(errorFromWire(m.error!))
    })
    const fail = (): void => {
      if (this.worker !== worker) return
      this.worker = null
      this.broken = true
      // What it held is read here instead.
      const held = [...this.waiting.values()]
      this.waiting.clear()
      for (const w of held) {
        try {
          w.resolve(this.here(w.bytes, w.check))
        } catch (e) {
          w.reject(e as Error)
        }
      }
    }
    worker.on('error', fail)
    worker.on('exit', fail)
    this.worker = worker
    return worker
  }
}
