/**
 * A long walk's writes on the writer thread (walk-writer.ts, write-worker.ts): the cache it
 * writes is the one the sync's own thread writes, the session's lease is checked there, a sync
 * process killed while it writes resumes exactly, and the thread's failures fall back or stop
 * the walk cleanly.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSimulator } from '../../../main/simulator/types'
import { LeaseLostError, openStore, type PlanStore } from '../../../main/store'
import { errorFromWire, errorToWire, readPage } from '../../../main/sync/page-read'
import { PageReader, RoutedPlan } from '../../../main/sync/page-reader'
import { WalkWriter, WriterStoppedError } from '../../../main/sync/walk-writer'
import { startWorker } from '../../../main/native/threads'
import { makePlan } from '../store/fixtures'
import { engineFor, newStore, snapshot, syncThenKill } from './sim-helpers'

/** More than the page reader's WORKER_FROM: the walk is a long one. */
const PLANS = 2_400
let sim: RunningSimulator
let reference: PlanStore
const stores: PlanStore[] = []

beforeAll(async () => {
  const { startSimulator } = await import('../../../main/simulator')
  sim = await startSimulator({ plans: PLANS, seed: 11 })
  // The same walk written on the sync's own thread (a cache in memory never has a writer thread).
  reference = newStore()
  await engineFor(sim, reference, { pageSize: 100 }).run({})
}, 60_000)

afterAll(async () => {
  for (const s of stores.splice(0)) s.close()
  reference?.close()
  await sim?.close()
})

function fileStore(): PlanStore {
  const { store } = openStore({ file: join(mkdtempSync(join(tmpdir(), 'pd-writer-')), 'cache.sqlite') })
  stores.push(store)
  return store
}

/** Counts the plans the sync's own thread writes (everything else went to the writer thread). */
function countHere(store: PlanStore): { plans: number } {
  const here = { plans: 0 }
  const applyOrdered = store.applyOrdered.bind(store)
  store.applyOrdered = (plans, runId, opts) => {
    here.plans += plans.length
    return applyOrdered(plans, runId, opts)
  }
  return here
}

const body = (pks: number[], count: number) =>
  Buffer.from(JSON.stringify({ count, next: null, previous: null, results: pks.map((pk) => makePlan({ pk })) }), 'utf8')

describe('a long walk written on the writer thread', () => {
  it('writes the cache the sync’s own thread writes, and the sync’s thread writes at most the pages before the thread is ready', async () => {
    const store = fileStore()
    const here = countHere(store)
    const result = await engineFor(sim, store, { pageSize: 100 }).run({})
    expect(result).toMatchObject({ kind: 'full', added: PLANS, complete: true })
    expect(here.plans).toBeLessThan(PLANS / 2)
    expect(snapshot(store)).toEqual(snapshot(reference))
    expect(store.getState('fullProgress')).toBeNull()
  })

  it('checks the session’s lease inside its transactions: another holder stops the walk', async () => {
    const store = fileStore()
    const lease = store.lease('pull', { purpose: 'the test' })
    expect(await lease.acquire({ wait: false })).toBe(true)
    const engine = engineFor(sim, store, { pageSize: 100, guard: () => lease.assertHeld(), heldLease: lease.asHeld() })
    const here = countHere(store)
    let taken = -1
    const run = engine.run({}, (p) => {
      // Another process takes the lease over (as after this one paused past its expiry).
      if (p.phase === 'pages' && (p.pagesDone ?? 0) >= 8 && taken < 0) {
        taken = store.planCount()
        store.db.prepare("UPDATE leases SET owner = 'another-host:1:beef' WHERE name = 'pull'").run()
      }
    })
    await expect(run).rejects.toBeInstanceOf(LeaseLostError)
    expect(taken).toBeGreaterThan(0)
    // At most the batch already on its way commits; the rest of the walk does not.
    expect(store.planCount()).toBeLessThan(PLANS)
    // The writer thread wrote most of what was committed before the takeover: its check stopped the walk.
    expect(here.plans).toBeLessThan(taken / 2)
    lease.release()
  })

  it('a sync process killed (SIGKILL) while its writer thread writes resumes without gaps or duplicates', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pd-writer-kill-')), 'cache.sqlite')
    // Pages after the 20th never come, so the kill lands mid-walk however fast the machine.
    await syncThenKill(sim, file, /page (1[0-9]|20)\n/, 100, 20)
    const { store, notices } = openStore({ file })
    stores.push(store)
    expect(notices).toEqual([])
    const before = store.planCount()
    expect(before).toBeGreaterThanOrEqual(1_000)
    expect(before).toBeLessThan(PLANS)
    const resumed = await engineFor(sim, store, { pageSize: 100 }).run({})
    expect(resumed).toMatchObject({ kind: 'full', complete: true, added: PLANS - before })
    expect(snapshot(store)).toEqual(snapshot(reference))
  }, 60_000)
})

describe('WalkWriter', () => {
  it('gets the page worker’s readied pages straight from it; the sync’s thread sees their numbers, statuses and dates', async () => {
    const store = fileStore()
    const writer = new WalkWriter({ file: store.file, outboxFile: store.outboxFile!, lease: null })
    const reader = new PageReader({ workerFrom: 2, router: writer })
    try {
      expect(writer.start()).toBe(true)
      const first = await reader.read(body([1, 2], 6), {})
      // Until the thread has opened the cache, pages come back whole.
      expect(await (writer as unknown as { ready: Promise<boolean> }).ready).toBe(true)
      const second = await reader.read(body([3, 4], 6), {})
      const third = await reader.read(body([5, 6], 6), {})
      expect(second.plans.every((p) => p instanceof RoutedPlan)).toBe(true)
      expect(third.plans.map((p) => [p.pk, p.status, p.modifiedDate])).toEqual(
        readPage(body([5, 6], 6), {}).plans.map((p) => [p.pk, p.status, p.modifiedDate]),
      )
      expect(() => third.plans[0].raw).toThrow(/writer thread/)
      const counts = await writer.write({
        pages: [first, second, third].map((p) => ({ plans: p.plans, readAt: '2026-12-07T00:00:00.000Z' })),
        runId: 1,
        markUnchanged: true,
        touch: [],
        state: [['fullProgress', { nextPage: 4 }]],
      })
      expect(counts).toEqual({ added: 6, updated: 0, unchanged: 0 })
      expect(store.allPks()).toEqual([1, 2, 3, 4, 5, 6])
      expect(store.getPlan(5)?.server).toEqual(makePlan({ pk: 5 }))
      expect(store.getState('fullProgress')).toEqual({ nextPage: 4 })
    } finally {
      await Promise.all([reader.close(), writer.close()])
    }
  })

  it('when the thread cannot open the cache, hands a batch of its own thread’s plans back to be written there', async () => {
    const writer = new WalkWriter({ file: join(mkdtempSync(join(tmpdir(), 'pd-writer-none-')), 'missing.sqlite'), outboxFile: ':memory:', lease: null })
    try {
      expect(writer.start()).toBe(true)
      const page = readPage(body([1], 1), {})
      const plans = page.plans.map((p) => ({ pk: p.pk, status: p.status, modifiedDate: p.modifiedDate, raw: {}, prepared: p.prepared }))
      expect(await writer.write({ pages: [{ plans }], runId: 1, markUnchanged: true, touch: [], state: [] })).toBeNull()
      expect(writer.threaded).toBe(false)
      // The walk then writes here through the smaller page cache, and the log says why.
      expect(writer.failed).toMatch(/could not open the cache/)
    } finally {
      await writer.close()
    }
  })

  it('stops the walk when the writer thread ends while it holds routed pages', async () => {
    const store = fileStore()
    const writer = new WalkWriter({ file: store.file, outboxFile: store.outboxFile!, lease: null })
    const reader = new PageReader({ workerFrom: 2, router: writer })
    try {
      writer.start()
      await reader.read(body([1, 2], 6), {})
      expect(await (writer as unknown as { ready: Promise<boolean> }).ready).toBe(true)
      const routed = await reader.read(body([3, 4], 6), {})
      expect(routed.plans[0]).toBeInstanceOf(RoutedPlan)
      // The thread dies (as by running out of memory) with the page it was handed.
      await (writer as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate()
      await expect(writer.write({ pages: [{ plans: routed.plans }], runId: 1, markUnchanged: true, touch: [], state: [] })).rejects.toBeInstanceOf(WriterStoppedError)
      expect(writer.failed).toMatch(/ended/)
      expect(store.planCount()).toBe(0)
    } finally {
      await Promise.all([reader.close(), writer.close()])
    }
  })

  it('stops the walk when there is no writer thread for routed pages (they cannot be written here)', async () => {
    const writer = new WalkWriter(null)
    const routed = [new RoutedPlan(1, 'waiting', '2026-12-07T00:00:00.000Z', 3)]
    await expect(writer.write({ pages: [{ plans: routed }], runId: 1, markUnchanged: true, touch: [], state: [] })).rejects.toBeInstanceOf(WriterStoppedError)
  })

  it('starts the writer thread with a bounded young generation', async () => {
    const worker = startWorker('write-worker', { file: ':memory:', outboxFile: ':memory:', cacheKib: 1024, lease: null })
    try {
      expect(worker.resourceLimits?.maxYoungGenerationSizeMb).toBe(8)
    } finally {
      await worker.terminate()
    }
  })
})

describe('errors between threads', () => {
  it('keep SQLite’s code (a full disk, a damaged file) and a lost lease’s kind', () => {
    const full = Object.assign(new Error('database or disk is full'), { name: 'SqliteError', code: 'SQLITE_FULL' })
    expect(errorFromWire(errorToWire(full))).toMatchObject({ name: 'SqliteError', code: 'SQLITE_FULL', message: 'database or disk is full' })
    const lost = errorFromWire(errorToWire(new LeaseLostError('pull')))
    expect(lost).toBeInstanceOf(LeaseLostError)
    expect((lost as LeaseLostError).lease).toBe('pull')
  })
})
