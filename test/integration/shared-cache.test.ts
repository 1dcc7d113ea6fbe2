/**
 * One data folder, several real processes (the store workstation's app, web host and CLI):
 * syncs take turns through the cache's lease, readers never disturb a writer, the CLI fills
 * the cache the app opens, and a killed lease holder is taken over after expiry.
 */
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../main/app/services'
import { FileTokenVault } from '../../main/app/token-vault'
import { dispatch } from '../../main/ipc/dispatch'
import { startSimulator } from '../../main/simulator'
import type { RunningSimulator } from '../../main/simulator/types'
import { cacheFileFor } from '../../main/store/paths'
import type { SearchResult, SyncResult } from '../../preload/contract'
import { serverPlans } from '../main/sync/sim-helpers'
import { login, runCli, startCli, startWebHost, tempDataDir, until, type WebHostProcess } from './processes'

const PLANS = 1200

let sim: RunningSimulator
const hosts: WebHostProcess[] = []

beforeAll(async () => {
  sim = await startSimulator({ plans: PLANS, seed: 11 })
})
afterAll(() => sim.close())
afterEach(async () => {
  sim.setFaults({ latencyMs: 0 })
  await Promise.all(hosts.splice(0).map((h) => h.stop()))
})

function cacheOf(dataDir: string): string {
  return cacheFileFor(dataDir, { demo: false, serverUrl: sim.url })
}

/** The cache's plans (pk → modified_date) next to the server's: equal when the sync was right. */
async function expectCacheEqualsServer(dataDir: string): Promise<void> {
  const db = new Database(cacheOf(dataDir), { readonly: true })
  try {
    const cached = new Map((db.prepare('SELECT pk, modified_date FROM plans').all() as Array<{ pk: number; modified_date: string }>).map((r) => [r.pk, r.modified_date]))
    const server = await serverPlans(sim)
    expect(cached.size).toBe(server.size)
    for (const [pk, raw] of server) expect(cached.get(pk), `plan ${pk}`).toBe(new Date(String(raw.modified_date)).toISOString())
  } finally {
    db.close()
  }
}

function leaseRow(dataDir: string): { owner: string; pid: number; purpose: string } | undefined {
  if (!existsSync(cacheOf(dataDir))) return undefined
  const db = new Database(cacheOf(dataDir), { readonly: true, fileMustExist: true })
  try {
    return db.prepare("SELECT owner, pid, purpose FROM leases WHERE name = 'pull'").get() as { owner: string; pid: number; purpose: string } | undefined
  } catch {
    return undefined // the cache is still being created by the other process
  } finally {
    db.close()
  }
}

describe('one cache, several processes', () => {
  it("runs the web host's sync and the CLI's sync one after the other: both finish and the cache equals the server", async () => {
    const dataDir = tempDataDir()
    await login(dataDir, sim.url)
    const host = await startWebHost(dataDir, ['--server', sim.url])
    hosts.push(host)
    // Two seconds a request while the CLI asks: the web host's sync surely outlasts two CLI starts.
    sim.setFaults({ latencyMs: 2000 })
    // The web host starts a full sync; the CLI asks while it runs.
    const hostSync = host.call<SyncResult>('sync:start', { full: true })
    await until(() => leaseRow(dataDir) !== undefined, 20_000, 'the web host to take the lease')
    expect(leaseRow(dataDir)!.purpose).toBe('PlanDesk in the browser')

    // Without --wait the CLI says plainly that another PlanDesk is syncing, and exits 1.
    const refused = await runCli(['sync', '--full'], { dataDir })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/Another PlanDesk is syncing this cache \(PlanDesk in the browser, process \d+\)\. .*--wait/)
    expect(refused.stderr).not.toMatch(/database is locked/)

    // With --wait it waits for the web host's sync, then runs its own full sync.
    const waiting = startCli(['sync', '--full', '--wait', '--page-size', '50'], { dataDir })
    await until(() => /Waiting for another PlanDesk/.test(waiting.stderr()), 20_000, 'the CLI to wait')
    sim.setFaults({ latencyMs: 5 })
    const cli = await waiting.done
    const fromHost = await hostSync
    expect(fromHost.ok, JSON.stringify(fromHost)).toBe(true)
    expect(cli.code, cli.stderr).toBe(0)
    expect(cli.stderr).toMatch(/Waiting for another PlanDesk to finish syncing this cache/)
    expect(cli.stdout).toMatch(/Full sync: 0 added, 0 updated, 0 removed, 1200 unchanged/)
    if (fromHost.ok) expect(fromHost.value.added).toBe(PLANS)
    await expectCacheEqualsServer(dataDir)
    expect(leaseRow(dataDir)).toBeUndefined()
  }, 120_000)

  it('two CLI syncs started together both finish, one after the other, and delete nothing that exists', async () => {
    const dataDir = tempDataDir()
    await login(dataDir, sim.url)
    expect((await runCli(['sync'], { dataDir })).code).toBe(0)
    // Slow while the second starts, so it surely finds the first one syncing; fast once it waits.
    sim.setFaults({ latencyMs: 1000 })
    const first = startCli(['sync', '--full', '--wait', '--page-size', '40'], { dataDir })
    await until(() => leaseRow(dataDir)?.pid === first.child.pid, 20_000, 'the first sync to hold the lease')
    const second = startCli(['sync', '--full', '--wait', '--page-size', '40'], { dataDir })
    await until(() => /Waiting for another PlanDesk/.test(second.stderr()), 20_000, 'the second sync to wait')
    sim.setFaults({ latencyMs: 5 })
    const [a, b] = await Promise.all([first.done, second.done])
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    expect(a.stderr).not.toMatch(/Waiting for another PlanDesk/)
    for (const r of [a, b]) expect(r.stdout).toMatch(/0 removed/)
    await expectCacheEqualsServer(dataDir)
  }, 120_000)

  it('plandesk search and statuses run again and again during a sync without disturbing it', async () => {
    const dataDir = tempDataDir()
    await login(dataDir, sim.url)
    // 48 pages, each answered after a second: the sync outlasts the rounds below, however long
    // a round takes on a busy machine; once two rounds ran during it, it is let go at full speed.
    sim.setFaults({ latencyMs: 1000 })
    const sync = startCli(['sync', '--full', '--page-size', '25'], { dataDir })
    await until(() => leaseRow(dataDir)?.pid === sync.child.pid, 20_000, 'the sync to start')
    let during = 0
    for (let i = 0; i < 10 && sync.child.exitCode === null && during < 2; i++) {
      const [search, statuses] = await Promise.all([
        runCli(['search', 'a', '--json', '--limit', '5'], { dataDir }),
        runCli(['statuses', '--json'], { dataDir }),
      ])
      expect(search.code, search.stderr).toBe(0)
      expect(statuses.code, statuses.stderr).toBe(0)
      expect(JSON.parse(search.stdout)).toHaveProperty('total')
      if (sync.child.exitCode === null && leaseRow(dataDir)?.pid === sync.child.pid) during++
    }
    expect(during).toBeGreaterThanOrEqual(2) // readers ran (and ended) while the sync was still going
    sim.setFaults({ latencyMs: 0 })
    const done = await sync.done
    expect(done.code, done.stderr).toBe(0)
    expect(done.stderr).not.toMatch(/locked/)
    await expectCacheEqualsServer(dataDir)
  }, 120_000)

  it("a cache filled by plandesk sync is the one the web host's services open, without syncing again", async () => {
    const dataDir = tempDataDir()
    await login(dataDir, sim.url)
    const synced = await runCli(['sync'], { dataDir })
    expect(synced.code, synced.stderr).toBe(0)
    const services = await createAppServices({ dataDir, host: 'web', version: 'test', vault: new FileTokenVault(dataDir), background: false })
    try {
      const auth = await dispatch(services.handlers, 'auth:status', undefined)
      expect(auth).toMatchObject({ ok: true, value: { signedIn: true, username: 'demo', serverUrl: sim.url } })
      const found = (await dispatch(services.handlers, 'plans:search', { limit: 3 })) as { ok: true; value: SearchResult }
      expect(found.value.total).toBe(PLANS)
      const state = await dispatch(services.handlers, 'sync:state', undefined)
      expect(state).toMatchObject({ ok: true, value: { planCount: PLANS } })
      expect((state as { value: { lastFullSyncAt: string | null } }).value.lastFullSyncAt).not.toBeNull()
    } finally {
      await services.close()
    }
  }, 120_000)

  it('after the lease holder is killed with SIGKILL, the next process on this machine takes the lease at once and completes the sync', async () => {
    const dataDir = tempDataDir()
    await login(dataDir, sim.url)
    // A long time-to-live: the lease is taken over because its holder is gone, not because it expired.
    const env = { PLANDESK_LEASE_TTL_MS: '600000' }
    sim.setFaults({ latencyMs: 1000 })
    const victim = startCli(['sync', '--page-size', '20'], { dataDir, env })
    await until(() => leaseRow(dataDir)?.pid === victim.child.pid, 20_000, 'the first sync to hold the lease')
    victim.child.kill('SIGKILL')
    const killed = await victim.done
    expect(killed.signal).toBe('SIGKILL')
    // The row outlives its holder, but its process is gone: the next sync does not wait for it.
    expect(leaseRow(dataDir)?.pid).toBe(victim.child.pid)
    sim.setFaults({ latencyMs: 0 })
    const next = await runCli(['sync'], { dataDir, env })
    expect(next.code, next.stderr).toBe(0)
    expect(next.stderr).not.toMatch(/Another PlanDesk is syncing/)
    expect(next.stdout).toMatch(/Full sync/)
    await expectCacheEqualsServer(dataDir)
  }, 120_000)
})
