import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SyncProgress } from '../../../preload/contract'
import { openSession, type OpenSessionOptions, type ServerSession } from '../../../main/app/session'
import { startSimulator } from '../../../main/simulator'
import type { RunningSimulator } from '../../../main/simulator/types'
import { LeaseBusyError, type LeaseHolder } from '../../../main/store'
import { cacheFileFor } from '../../../main/store/paths'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ plans: 120, seed: 7 })
})
afterAll(async () => {
  await sim?.close()
})

const sessions: ServerSession[] = []
afterEach(async () => {
  sim.setFaults({ latencyMs: 0 })
  for (const s of sessions.splice(0)) await s.close()
})

const tempDataDir = () => mkdtempSync(join(tmpdir(), 'pd-session-'))

function open(dataDir: string, opts: Partial<OpenSessionOptions> = {}): ServerSession {
  const s = openSession({
    dataDir,
    target: { demo: false, serverUrl: sim.url },
    credentials: { username: sim.username, token: sim.token },
    purpose: 'the test',
    pageSize: 25,
    ...opts,
  })
  sessions.push(s)
  return s
}

/** Resolves at the first progress report of a sync: it then holds the cache's pull lease. */
function started(): { onProgress: (p: SyncProgress) => void; running: Promise<void> } {
  let resolve!: () => void
  const running = new Promise<void>((r) => (resolve = r))
  return { onProgress: () => resolve(), running }
}

describe('ServerSession', () => {
  it('syncs the server into the cache of its data folder: full first, then incremental', async () => {
    const dataDir = tempDataDir()
    const s = open(dataDir)
    expect(s).toMatchObject({ signedIn: true, username: sim.username, serverUrl: sim.url, demo: false, notices: [] })
    expect(s.store.file).toBe(cacheFileFor(dataDir, { demo: false, serverUrl: sim.url }))
    const first = await s.sync({}, { wait: false })
    expect(first).toMatchObject({ kind: 'full', added: 120, removed: 0, cancelled: false })
    expect(s.store.planCount()).toBe(120)
    expect(s.syncing).toBe(false)
    const second = await s.sync({}, { wait: false })
    expect(second).toMatchObject({ kind: 'incremental', added: 0, removed: 0 })
    // The lease is let go after each sync.
    expect(s.store.db.prepare('SELECT count(*) AS n FROM leases').get()).toEqual({ n: 0 })
  })

  it('refuses to sync when nobody is signed in', async () => {
    const s = open(tempDataDir(), { credentials: null })
    expect(s.signedIn).toBe(false)
    expect(s.credentials).toBeNull()
    await expect(s.sync({}, { wait: false })).rejects.toMatchObject({ code: 'auth' })
  })

  it('keeps the scope in the cache; a changed scope makes exactly one full sync', async () => {
    const dataDir = tempDataDir()
    const storeId = (sim.admin.getPlan(1) as { retail_store_remote_id: string }).retail_store_remote_id
    const a = open(dataDir)
    expect(a.scope()).toEqual({})
    await a.sync({}, { wait: false })
    a.setScope({ retailStoreRemoteId: storeId })
    const rebuilt = await a.sync({}, { wait: false })
    expect(rebuilt.kind).toBe('full')
    const rows = a.store.searchPlans({ limit: 1000 }).rows
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThan(120)
    expect(rows.every((r) => r.storeRemoteId === storeId)).toBe(true)
    expect((await a.sync({}, { wait: false })).kind).toBe('incremental')
    await a.close()

    // Another session of the same data folder (the CLI, the app after a restart) reads the same scope.
    const b = open(dataDir)
    expect(b.scope()).toEqual({ retailStoreRemoteId: storeId })
    expect((await b.sync({}, { wait: false })).kind).toBe('incremental')
  })

  it("follows a scope another process set while it was open", async () => {
    const dataDir = tempDataDir()
    const storeId = (sim.admin.getPlan(2) as { retail_store_remote_id: string }).retail_store_remote_id
    const app = open(dataDir)
    const cli = open(dataDir)
    await app.sync({}, { wait: false })
    cli.setScope({ retailStoreRemoteId: storeId })
    expect(app.scope()).toEqual({ retailStoreRemoteId: storeId })
    expect((await app.sync({}, { wait: false })).kind).toBe('full')
    expect(app.store.searchPlans({ limit: 1000 }).rows.every((r) => r.storeRemoteId === storeId)).toBe(true)
    cli.setScope({})
    expect((await app.sync({}, { wait: false })).kind).toBe('full')
    expect(app.store.planCount()).toBe(120)
  })

  it('lets one process of a data folder sync at a time: the other fails at once, or waits', async () => {
    const dataDir = tempDataDir()
    const first = open(dataDir, { purpose: 'the PlanDesk app' })
    const second = open(dataDir, { purpose: 'plandesk sync' })
    sim.setFaults({ latencyMs: 50 })
    const progress = started()
    const running = first.sync({ full: true }, { wait: false, onProgress: progress.onProgress })
    await progress.running
    expect(first.syncing).toBe(true)

    const busy = await second.sync({}, { wait: false }).catch((e: unknown) => e)
    expect(busy).toBeInstanceOf(LeaseBusyError)
    expect((busy as LeaseBusyError).holder).toMatchObject({ purpose: 'the PlanDesk app', pid: process.pid })
    expect(second.syncing).toBe(false)

    const waitedFor: LeaseHolder[] = []
    let firstDone = false
    void running.then(() => (firstDone = true))
    const waited = await second.sync({}, { wait: true, onWaiting: (h) => waitedFor.push(h) })
    // It ran only after the first one finished, and then had nothing left to do in full.
    expect(firstDone).toBe(true)
    expect(waitedFor).toHaveLength(1)
    expect(waitedFor[0].purpose).toBe('the PlanDesk app')
    expect(await running).toMatchObject({ kind: 'full', cancelled: false })
    expect(waited).toMatchObject({ kind: 'incremental', added: 0 })
  })

  it("ends a wait for another process's sync when asked to cancel", async () => {
    const dataDir = tempDataDir()
    const first = open(dataDir)
    const second = open(dataDir)
    sim.setFaults({ latencyMs: 50 })
    const progress = started()
    const running = first.sync({ full: true }, { wait: false, onProgress: progress.onProgress })
    await progress.running
    let told!: () => void
    const waiting = new Promise<void>((r) => (told = r))
    const waited = second.sync({}, { wait: true, onWaiting: () => told() }).catch((e: unknown) => e)
    await waiting
    expect(second.cancelSync()).toBe(true)
    expect(await waited).toMatchObject({ code: 'cancelled' })
    expect(second.syncing).toBe(false)
    // The other process's sync was not touched; cancelling it is its own business.
    expect(first.syncing).toBe(true)
    expect(first.cancelSync()).toBe(true)
    expect(await running).toMatchObject({ cancelled: true })
  })

  it('close() stops its sync and releases the lease for the next process', async () => {
    const dataDir = tempDataDir()
    const first = open(dataDir)
    const second = open(dataDir)
    sim.setFaults({ latencyMs: 50 })
    const progress = started()
    const running = first.sync({ full: true }, { wait: false, onProgress: progress.onProgress }).catch((e: unknown) => e)
    await progress.running
    await expect(second.sync({}, { wait: false })).rejects.toBeInstanceOf(LeaseBusyError)
    await first.close()
    expect(await running).toMatchObject({ cancelled: true })
    expect(second.store.db.prepare('SELECT count(*) AS n FROM leases').get()).toEqual({ n: 0 })
    sim.setFaults({ latencyMs: 0 })
    // The cancelled full sync left its progress behind: the next sync finishes it, at once.
    expect(await second.sync({}, { wait: false })).toMatchObject({ kind: 'full', cancelled: false })
    expect(second.store.planCount()).toBe(120)
    await expect(first.sync({}, { wait: false })).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('keeps demo data in its own cache file', async () => {
    const dataDir = tempDataDir()
    const demo = open(dataDir, { target: { demo: true, serverUrl: sim.url } })
    await demo.sync({}, { wait: false })
    expect(demo.store.file).toBe(join(dataDir, 'demo-cache.sqlite'))
    expect(existsSync(cacheFileFor(dataDir, { demo: false, serverUrl: sim.url }))).toBe(false)
  })
})

describe('a plan’s timeline', () => {
  it('shows the creation, the status change a sync saw and the change made here, newest first, with the change’s state', async () => {
    const s = open(tempDataDir())
    await s.sync({}, { wait: false })
    const [plan] = s.store.searchPlans({ statuses: ['waiting'], limit: 1 }).rows
    // Someone else approves it on the server; the next sync sees it.
    sim.admin.updatePlan(plan.pk, { status: 'approved' }, 'kerem.aydemir')
    await s.sync({}, { wait: false })
    const entry = s.setStatus({ pk: plan.pk, status: 'completed' })
    const shape = (pk: number) =>
      s.timeline(pk)!.map((e) => (e.kind === 'local' ? `local ${e.entry.targetStatus} ${e.entry.state}` : e.kind === 'status' ? `status ${e.from}→${e.to} by ${e.by}` : `created ${e.at}`))
    expect(shape(plan.pk)).toEqual([
      expect.stringMatching(/^local completed (pending|sending)$/),
      'status waiting→approved by Kerem Aydemir',
      `created ${plan.createdDate}`,
    ])
    expect(s.timeline(plan.pk)![0]).toMatchObject({ kind: 'local', at: entry.createdAt, entry: { id: entry.id, author: sim.username } })

    // Sent and applied: the change made here says so, and the server's copy of it (read back,
    // then synced) is not counted a second time as someone's status change.
    await s.push({ wait: true })
    await s.sync({}, { wait: false })
    expect(shape(plan.pk)).toEqual(['local completed applied', 'status waiting→approved by Kerem Aydemir', `created ${plan.createdDate}`])
    expect(s.timeline(987_654_321)).toBeNull()
  })
})
