/**
 * Integration: SyncEngine against the real simulator over loopback (300 plans, 25 per page).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../../main/store'
import type { SyncProgress } from '../../../preload/contract'
import { OmnitronClient, OmnitronError } from '../../../main/omnitron'
import type { RunningSimulator } from '../../../main/simulator/types'
import { SyncBusyError } from '../../../main/sync'
import { cachedPlans, clientFor, engineFor, newStore, serverPlans, snapshot, startSim, syncThenKill } from './sim-helpers'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSim(300)
})
afterAll(async () => {
  await sim?.close()
})

describe('SyncEngine against the simulator', () => {
  it('a full sync stores exactly the server plans, statuses and channel types', async () => {
    const store = newStore()
    const progress: SyncProgress[] = []
    const result = await engineFor(sim, store).run({}, (p) => progress.push(p))
    expect(result).toMatchObject({ kind: 'full', added: 300, updated: 0, removed: 0, cancelled: false, skipped: [] })
    expect(result.warnings).toEqual([])
    expect(cachedPlans(store)).toEqual(await serverPlans(sim))
    expect(store.statuses().find((s) => s.key === 'manuel_refund_need')?.label).toBe('Manual Refund Needed')
    // Progress: starting, one event per page (12 pages of 25), done; totals from count.
    expect(progress[0].phase).toBe('starting')
    const pages = progress.filter((p) => p.phase === 'pages')
    expect(pages).toHaveLength(12)
    expect(pages.at(-1)).toMatchObject({ pagesDone: 12, pagesTotal: 12, plansDone: 300, plansTotal: 300, kind: 'full' })
    expect(progress.at(-1)?.phase).toBe('done')
    // Channel types learnt from the server agree with its channel_type filter.
    const channels = store.channels.all()
    expect(channels.length).toBeGreaterThan(0)
    expect(channels.every((c) => c.type !== null)).toBe(true)
    const type = channels[0].type!
    const byServer = [...(await serverPlans(sim, { channel_type: type as never })).keys()].sort((a, b) => a - b)
    const local = store.searchPlans({ channelType: type, sort: 'pk', limit: 1000 }).rows.map((r) => r.pk)
    expect(local).toEqual(byServer)
    expect(store.syncState()).toMatchObject({ planCount: 300, lastResult: { kind: 'full', added: 300 } })
  })

  it('an incremental sync picks up changes and additions; reconciliation removes deletions', async () => {
    const store = newStore()
    const engine = engineFor(sim, store)
    await engine.run({})
    const pks = store.allPks()
    sim.admin.updatePlan(pks[3], { status: 'approved' === store.getPlan(pks[3])!.summary.status ? 'rejected' : 'approved' })
    const added = sim.admin.addPlan()
    sim.admin.deletePlan(pks[10])
    const inc = await engine.run({})
    expect(inc.kind).toBe('incremental')
    expect(inc.added).toBe(1)
    expect(inc.updated).toBeGreaterThanOrEqual(1)
    expect(inc.removed).toBe(0)
    expect(store.getPlan(added)).not.toBeNull()
    expect(store.getPlan(pks[3])!.server).toEqual(sim.admin.getPlan(pks[3]))
    expect(store.getPlan(pks[10])).not.toBeNull() // incremental cannot see deletions
    // An incremental sync asks only for recent changes, not every page.
    expect(inc.unchanged + inc.updated + inc.added).toBeLessThan(100)

    const rec = await engine.run({ reconcile: true })
    expect(rec).toMatchObject({ kind: 'reconcile', removed: 1 })
    expect(store.getPlan(pks[10])).toBeNull()
    expect(cachedPlans(store)).toEqual(await serverPlans(sim))
    expect(store.syncState().lastReconcileAt).not.toBeNull()
  })

  it('a sync cancelled after k pages and resumed ends identical to an uninterrupted one', async () => {
    const reference = newStore()
    await engineFor(sim, reference).run({})

    const store = newStore()
    const engine = engineFor(sim, store)
    const first = await engine.run({}, (p) => {
      if (p.phase === 'pages' && p.pagesDone === 5) engine.cancel()
    })
    expect(first.cancelled).toBe(true)
    // Pages that arrived while one was written are written with it, so the walk stops after the
    // batch that held page 5: whole pages, at least five, however fast they arrived.
    const kept = store.planCount()
    expect(kept % 25).toBe(0)
    expect(kept).toBeGreaterThanOrEqual(125)
    expect(kept).toBeLessThanOrEqual(300)
    expect(store.syncState().cursor).toBeNull() // the cursor moves only when the walk completes
    const second = await engine.run({})
    expect(second).toMatchObject({ kind: 'full', cancelled: false })
    // The last page kept is re-read (one page of overlap) and counted unchanged: no duplicates.
    expect(second.added).toBe(300 - kept)
    expect(second.unchanged).toBe(25)
    expect(snapshot(store)).toEqual(snapshot(reference))
  })

  it('a sync killed by a network failure after k pages resumes without gaps or duplicates', async () => {
    const reference = newStore()
    await engineFor(sim, reference).run({})
    const store = newStore()
    const client = clientFor(sim)
    let pagesServed = 0
    const realListPage = client.listPage.bind(client)
    client.listPage = async (...args) => {
      if (++pagesServed > 7) throw new OmnitronError('network', 'cannot reach the server: the connection was cut.')
      return realListPage(...args)
    }
    // The connection stays down past every retry: the run stops with what it committed.
    const engine = engineFor(sim, store, { client, retry: { attempts: 2, policy: { baseMs: 1, capMs: 2, random: () => 0 } } })
    await expect(engine.run({})).rejects.toMatchObject({ kind: 'network' })
    expect(engine.running).toBe(false)
    expect(store.planCount()).toBe(175)
    engine.setClient(clientFor(sim))
    const resumed = await engine.run({})
    expect(resumed.added).toBe(125)
    expect(snapshot(store)).toEqual(snapshot(reference))
  })

  it('an incremental sync killed after a page keeps its cursor and the next run catches everything', async () => {
    const store = newStore()
    const engine = engineFor(sim, store)
    await engine.run({})
    const cursor = store.syncState().cursor
    const pks = store.allPks().slice(0, 60)
    for (const pk of pks) sim.admin.updatePlan(pk, { note_for_test: `x${pk}` })
    const killed = await engine.run({}, (p) => {
      if (p.phase === 'pages' && p.pagesDone === 1) engine.cancel()
    })
    expect(killed).toMatchObject({ kind: 'incremental', cancelled: true })
    expect(store.syncState().cursor).toBe(cursor)
    const resumed = await engine.run({})
    expect(resumed.cancelled).toBe(false)
    expect(resumed.added).toBe(0)
    expect(resumed.updated + killed.updated).toBe(60)
    expect(cachedPlans(store)).toEqual(await serverPlans(sim))
  })

  it('a sync process killed (SIGKILL) mid-walk resumes from its file without gaps or duplicates', async () => {
    const reference = newStore()
    await engineFor(sim, reference).run({})
    const file = join(mkdtempSync(join(tmpdir(), 'pd-kill-')), 'cache.sqlite')
    await syncThenKill(sim, file, /page 4\n/)
    const { store, notices } = openStore({ file })
    try {
      expect(notices).toEqual([])
      const before = store.planCount()
      expect(before).toBeGreaterThanOrEqual(100)
      expect(before).toBeLessThan(300)
      const resumed = await engineFor(sim, store).run({})
      expect(resumed.kind).toBe('full')
      expect(resumed.added).toBe(300 - before)
      expect(snapshot(store)).toEqual(snapshot(reference))
    } finally {
      store.close()
    }
  })

  it('a change made during a sync is picked up by the next one', async () => {
    const store = newStore()
    // No overlap: the cursor itself must be early enough (the server's time at the walk's start).
    const engine = engineFor(sim, store, { overlapMs: 0 })
    const victim = [...(await serverPlans(sim)).keys()].sort((a, b) => b - a)[0] // on page 1 (pk DESC)
    let changed = false
    await engine.run({}, (p) => {
      if (p.phase === 'pages' && p.pagesDone === 3 && !changed) {
        changed = true
        sim.admin.updatePlan(victim, { status: 'failed' })
      }
    })
    expect(store.getPlan(victim)!.summary.status).not.toBe('failed')
    const next = await engine.run({})
    expect(next.kind).toBe('incremental')
    expect(store.getPlan(victim)!.summary.status).toBe('failed')
    expect(cachedPlans(store)).toEqual(await serverPlans(sim))
  })

  it('scope filters hold, and a scope change rebuilds the cache', async () => {
    const all = await serverPlans(sim)
    const storeId = [...all.values()][0].retail_store_remote_id as string
    const store = newStore()
    const engine = engineFor(sim, store, { scope: { retailStoreRemoteId: storeId } })
    await engine.run({})
    const expected = await serverPlans(sim, { retail_store_remote_id: storeId })
    expect(expected.size).toBeGreaterThan(0)
    expect(expected.size).toBeLessThan(all.size)
    expect(cachedPlans(store)).toEqual(expected)

    const channel = ([...all.values()][0].order as { channel: number }).channel
    engine.setScope({ channelIds: [channel], createdWithinDays: 30 })
    const res = await engine.run({})
    expect(res.kind).toBe('full')
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)
    const expected2 = await serverPlans(sim, { channel_id__in: [channel], created_date__gte: `${since}T00:00:00Z` })
    expect(cachedPlans(store)).toEqual(expected2)
    expect(res.removed).toBeGreaterThan(0)
  })

  it('rejects with typed errors on server failures and hangs, keeping committed pages', async () => {
    const store = newStore()
    // One try per read: the failure surfaces at once (retries are the next test's subject).
    const once = { attempts: 1, policy: { baseMs: 1, capMs: 1, random: () => 0 } }
    const engine = engineFor(sim, store, { retry: once })
    try {
      sim.setFaults({ failRate: 1 })
      await expect(engine.run({})).rejects.toMatchObject({ name: 'OmnitronError', kind: 'server' })
      // A short time-out only where the server never answers.
      engine.setClient(new OmnitronClient({ baseUrl: sim.url, token: sim.token, timeoutMs: 300 }))
      sim.setFaults({ failRate: 0, hangRate: 1 })
      await expect(engine.run({})).rejects.toMatchObject({ kind: 'timeout' })
    } finally {
      sim.setFaults({ failRate: 0, hangRate: 0 })
    }
    expect(engine.running).toBe(false)
    engine.setClient(clientFor(sim)) // default timeout: a loaded machine must not flake this
    const ok = await engine.run({})
    expect(ok.added).toBe(300)
  })

  it('rides out 30% failing reads in one run (5xx, resets, cut bodies, hangs), reporting each retry as progress', async () => {
    const store = newStore()
    const fast = { attempts: 12, policy: { baseMs: 5, capMs: 50, random: Math.random } }
    const engine = engineFor(sim, store, { client: new OmnitronClient({ baseUrl: sim.url, token: sim.token, timeoutMs: 500 }), retry: fast })
    const retries: Array<NonNullable<SyncProgress['retry']>> = []
    sim.setFaults({ failRate: 0.15, resetRate: 0.05, truncateRate: 0.05, hangRate: 0.05 })
    try {
      const result = await engine.run({ full: true }, (p) => p.phase === 'retrying' && p.retry && retries.push(p.retry))
      expect(result).toMatchObject({ kind: 'full', added: 300, cancelled: false })
    } finally {
      sim.setFaults({ failRate: 0, resetRate: 0, truncateRate: 0, hangRate: 0 })
    }
    expect(retries.length).toBeGreaterThan(0)
    expect(retries[0]).toMatchObject({ what: expect.stringMatching(/^(page \d+|the status list)$/), attempt: expect.any(Number), inMs: expect.any(Number) })
    expect(retries.every((r) => r.attempt >= 2 && r.inMs <= 50)).toBe(true)
    expect(store.planCount()).toBe(300)
  })

  it('when retries run out, says that what was synced is kept and the next sync continues', async () => {
    const store = newStore()
    const engine = engineFor(sim, store, { retry: { attempts: 3, policy: { baseMs: 1, capMs: 2, random: () => 0.5 } } })
    sim.setFaults({ failRate: 1 })
    try {
      await expect(engine.run({})).rejects.toMatchObject({
        kind: 'server',
        message: expect.stringMatching(/\(tried 3 times\)\. What was synced so far is kept: the next sync continues from there\.$/),
      })
    } finally {
      sim.setFaults({ failRate: 0 })
    }
  })

  it('reconciles by itself when the last reconciliation is older than reconcileEveryMs', async () => {
    const store = newStore()
    let now = Date.now()
    const engine = engineFor(sim, store, { reconcileEveryMs: 3_600_000, now: () => new Date(now) })
    expect((await engine.run({})).kind).toBe('full') // a complete full sync counts as a reconciliation
    expect((await engine.run({})).kind).toBe('incremental')
    now += 2 * 3_600_000
    expect((await engine.run({})).kind).toBe('reconcile')
    expect((await engine.run({})).kind).toBe('incremental')
  })

  it('runs one sync at a time', async () => {
    const engine = engineFor(sim, newStore())
    const first = engine.run({})
    expect(engine.running).toBe(true)
    await expect(engine.run({})).rejects.toBeInstanceOf(SyncBusyError)
    await expect(engine.run({})).rejects.toMatchObject({ kind: 'busy' })
    await first
    expect(engine.running).toBe(false)
    expect(engine.cancel()).toBe(false)
  })

  it('rejects with an auth error when the token is no longer accepted', async () => {
    const store = newStore()
    const engine = engineFor(sim, store)
    sim.expireTokens()
    try {
      await expect(engine.run({})).rejects.toMatchObject({ name: 'OmnitronError', kind: 'auth' })
      expect(store.planCount()).toBe(0)
    } finally {
      const fresh = clientFor(sim)
      await fresh.login(sim.username, sim.password)
      // Later tests use sim.token; a new login does not revive it, so swap the simulator.
      await sim.close()
      sim = await startSim(300)
    }
  })
})
