/**
 * A long walk's writer thread (walk-writer.ts starts it): writes each batch of pages it is sent
 * on a connection of its own to the cache, with the session's lease checked inside each write
 * transaction, and answers with the batch's counts. The page worker sends it the pages it
 * routes (by their number), which a batch names instead of carrying them. A file of its own in the build
 * (electron.vite.config.ts).
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads'
import type { ListPage } from '../omnitron'
import { attachOutbox } from '../outbox/file'
import { lowerThisThread } from '../native/threads'
import { connect } from '../store/db'
import { leaseCheck } from '../store/lease'
import { PlanWriter } from '../store/plans'
import { StateRepo } from '../store/state'
import { errorToWire, fromWire, type PageOnTheWire, type ReadPlan } from './page-read'
import { type BatchTarget, WritePace, writeBatch } from './write-batch'
import { type BatchOnTheWire, batchFromWire, routedPages, WORKER_SLICE_MS, type WriterSetup } from './walk-writer'

// The thread that answers the person runs first when the cores are busy.
lowerThisThread()

function open(setup: WriterSetup): BatchTarget {
  const db = connect(setup.file, { synchronous: 'NORMAL', cacheKib: setup.cacheKib, fileMustExist: true })
  try {
    attachOutbox(db, setup.outboxFile)
    const writer = new PlanWriter(db)
    const state = new StateRepo(db)
    const check = setup.lease ? leaseCheck(db, setup.lease) : () => undefined
    return {
      transaction: (fn) =>
        db.transaction(() => {
          check()
          return fn()
        }).immediate(),
      applyOrdered: (plans, runId, opts) => writer.applyOrdered(plans, runId, opts),
      touchPlans: (pks, runId) => writer.touch(pks, runId),
      setState: (key, value) => state.set(key, value),
    }
  } catch (e) {
    db.close()
    throw e
  }
}

let target: BatchTarget
try {
  target = open(workerData as WriterSetup)
  parentPort!.postMessage({ ready: true })
} catch (e) {
  parentPort!.postMessage({ ready: false, error: errorToWire(e) })
  process.exit(0)
}

// Kept from batch to batch: how long a plan takes to write.
const pace = new WritePace(WORKER_SLICE_MS)
/** Pages the page worker routed here, by their number, until a batch names them. */
const routed = new Map<number, ListPage<ReadPlan>>()
/** Batches in the order they came, each written once every page it names is here. */
const queue: Array<{ id: number; job: BatchOnTheWire }> = []
let writing = false

function next(): void {
  const head = queue[0]
  if (writing || !head || !routedPages(head.job).every((n) => routed.has(n))) return
  queue.shift()
  writing = true
  let job
  try {
    job = batchFromWire(head.job, (n) => routed.get(n)!)
  } catch (e) {
    parentPort!.postMessage({ id: head.id, error: errorToWire(e) })
    writing = false
    return next()
  }
  for (const n of routedPages(head.job)) routed.delete(n)
  writeBatch(target, job, pace)
    .then(
      (counts) => parentPort!.postMessage({ id: head.id, counts }),
      (e: unknown) => parentPort!.postMessage({ id: head.id, error: errorToWire(e) }),
    )
    .finally(() => {
      writing = false
      next()
    })
}

parentPort!.on('message', (m: { pages: MessagePort } | { id: number; job: BatchOnTheWire }) => {
  if ('pages' in m) {
    m.pages.on('message', ({ id, page }: { id: number; page: PageOnTheWire }) => {
      routed.set(id, fromWire(page))
      next()
    })
    return
  }
  queue.push(m)
  next()
})
