import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SyncResult } from '../../../preload/contract'
import { openSession } from '../../../main/app/session'
import type { RunningSimulator } from '../../../main/simulator/types'
import { openStore } from '../../../main/store'
import { defaultCacheFile } from '../../../main/store/paths'
import { startSim } from '../sync/sim-helpers'
import { cli, tempDataDir } from './harness'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSim(120)
})
afterAll(async () => {
  await sim?.close()
})
afterEach(() => {
  sim.setFaults({ latencyMs: 0 })
})

/** The app's view of the same folder: a session that is not the CLI's. */
const appSession = (dataDir: string) =>
  openSession({
    dataDir,
    target: { demo: false, serverUrl: sim.url },
    credentials: { username: sim.username, token: sim.token },
    purpose: 'the PlanDesk app',
  })

describe('plandesk sync', () => {
  it('syncs fully, then incrementally, printing a summary or JSON', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    const first = await cli(['sync', '--page-size', '25'], { dataDir })
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/^Full sync: 120 added, 0 updated, 0 removed, 0 unchanged, 0 skipped in \d+\.\d s\n$/)
    const second = await cli(['sync', '--json'], { dataDir })
    const result = JSON.parse(second.out) as SyncResult
    expect(result).toMatchObject({ kind: 'incremental', added: 0, removed: 0, cancelled: false })
    const reconcile = JSON.parse((await cli(['sync', '--reconcile', '--json'], { dataDir })).out) as SyncResult
    expect(reconcile.kind).toBe('reconcile')
  })

  it('remembers the scope and syncs only it', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    const store = (sim.admin.getPlan(1) as { retail_store_remote_id: string }).retail_store_remote_id
    expect((await cli(['sync', '--scope-store', store], { dataDir })).code).toBe(0)
    const all = JSON.parse((await cli(['search', '--json', '--limit', '1000'], { dataDir })).out)
    expect(all.total).toBeGreaterThan(0)
    expect(all.rows.every((r: { storeRemoteId: string }) => r.storeRemoteId === store)).toBe(true)
    const again = JSON.parse((await cli(['sync', '--json'], { dataDir })).out) as SyncResult
    expect(again.kind).toBe('incremental') // same remembered scope: no rebuild
    // The scope is the cache's, which the app reads too; settings.json has none.
    const app = appSession(dataDir)
    expect(app.scope()).toEqual({ retailStoreRemoteId: store })
    await app.close()
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).not.toHaveProperty('scope')
    const cleared = JSON.parse((await cli(['sync', '--clear-scope', '--json'], { dataDir })).out) as SyncResult
    expect(cleared.kind).toBe('full')
    expect(JSON.parse((await cli(['search', '--json'], { dataDir })).out).total).toBe(120)
  })

  it('syncs in the scope the app set for the cache', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    const channel = (sim.admin.getPlan(3) as { order: { channel: number } }).order.channel
    const app = appSession(dataDir)
    app.setScope({ channelIds: [channel] })
    await app.close()
    const r = JSON.parse((await cli(['sync', '--json'], { dataDir })).out) as SyncResult
    expect(r.kind).toBe('full')
    const rows = JSON.parse((await cli(['search', '--json', '--limit', '1000'], { dataDir })).out).rows as Array<{ channelId: number }>
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThan(120)
    expect(rows.every((row) => row.channelId === channel)).toBe(true)
  })

  it('stops with exit 1 when another PlanDesk syncs the cache, or waits for it with --wait', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    // The app, in this test's own process but on its own connection, holds the pull lease.
    const { store } = openStore({ file: defaultCacheFile(dataDir, sim.url) })
    const lease = store.lease('pull', { purpose: 'the PlanDesk app' })
    try {
      expect(lease.tryAcquire().acquired).toBe(true)
      const busy = await cli(['sync'], { dataDir })
      expect(busy.code).toBe(1)
      expect(busy.err).toBe(
        `plandesk: Another PlanDesk is syncing this cache (the PlanDesk app, process ${process.pid}). Try again when it has finished, or add --wait.\n`,
      )
      expect(store.syncState().lastSyncAt).toBeNull()

      let sawWaiting!: () => void
      const told = new Promise<void>((ok) => (sawWaiting = ok))
      const waiting = cli(['sync', '--wait', '--json'], { dataDir, onErr: (t) => /Waiting/.test(t) && sawWaiting() })
      await told
      expect(store.syncState().lastSyncAt).toBeNull()
      lease.release()
      const waited = await waiting
      expect(waited.code).toBe(0)
      expect(waited.err).toBe(`Waiting for another PlanDesk to finish syncing this cache (the PlanDesk app, process ${process.pid})…\n`)
      expect((JSON.parse(waited.out) as SyncResult).added).toBe(120)
    } finally {
      lease.release()
      store.close()
    }
  })

  it('holds the lease while it syncs, so the app waits for it', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    sim.setFaults({ latencyMs: 20 })
    const app = appSession(dataDir)
    try {
      const running = cli(['sync', '--json'], { dataDir })
      // Wait until the CLI has the lease.
      const { store } = openStore({ file: defaultCacheFile(dataDir, sim.url) })
      const probe = store.lease('pull', { purpose: 'probe' })
      for (let i = 0; i < 200 && probe.holder() === null; i++) await new Promise((r) => setTimeout(r, 10))
      expect(probe.holder()).toMatchObject({ purpose: 'plandesk sync' })
      store.close()
      await expect(app.sync({}, { wait: false })).rejects.toThrow(/Another PlanDesk is syncing this cache \(plandesk sync/)
      expect((await running).code).toBe(0)
      expect(await app.sync({}, { wait: false })).toMatchObject({ kind: 'incremental' })
    } finally {
      await app.close()
    }
  })

  it('tells the person to sign in again when the server no longer accepts the token', async () => {
    const dataDir = tempDataDir()
    expect((await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })).code).toBe(0)
    const r = await cli(['sync'], { dataDir, env: { PLANDESK_TOKEN: 'revoked-token' } })
    expect(r.code).toBe(1)
    expect(r.err).toBe('plandesk: Invalid token. Run "plandesk login" to sign in again.\n')
  })

  it('with --json, a failure is one JSON error object on stdout (and the line on stderr)', async () => {
    const dataDir = tempDataDir()
    const down = await cli(['sync', '--json', '--retries', '1'], { dataDir, env: { PLANDESK_SERVER: 'http://127.0.0.1:9', PLANDESK_TOKEN: 'x' } })
    expect(down.code).toBe(1)
    expect(JSON.parse(down.out)).toEqual({ error: { code: 'network', message: expect.stringMatching(/cannot reach 127\.0\.0\.1:9/) } })
    expect(down.err).toMatch(/^plandesk: .*cannot reach/)
    const revoked = await cli(['sync', '--json'], { dataDir, env: { PLANDESK_SERVER: sim.url, PLANDESK_TOKEN: 'revoked-token' } })
    expect(revoked.code).toBe(1)
    expect(JSON.parse(revoked.out)).toEqual({ error: { code: 'auth', message: 'Invalid token.' } })
    const unsigned = await cli(['sync', '--json'], { dataDir: tempDataDir() })
    expect(unsigned.code).toBe(1)
    expect(JSON.parse(unsigned.out)).toMatchObject({ error: { code: 'error', message: expect.stringMatching(/demo data|No server configured/) } })
  })

  it('fails with exit 1 and one line when the server is unreachable', async () => {
    const dataDir = tempDataDir()
    const r = await cli(['sync', '--retries', '1'], { dataDir, env: { PLANDESK_SERVER: 'http://127.0.0.1:9', PLANDESK_TOKEN: 'x' } })
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^plandesk: .*cannot reach 127\.0\.0\.1:9.*\n$/)
  })

  it('retries a failing request with backoff, saying so, and stops after --retries tries saying the progress is kept', async () => {
    const dataDir = tempDataDir()
    const r = await cli(['sync', '--retries', '3'], { dataDir, env: { PLANDESK_SERVER: 'http://127.0.0.1:9', PLANDESK_TOKEN: 'x' } })
    expect(r.code).toBe(1)
    const lines = r.err.trim().split('\n')
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(/^Retrying the status list in \d+ s \(attempt 2\): .*cannot reach 127\.0\.0\.1:9/),
      expect.stringMatching(/^Retrying the status list in \d+ s \(attempt 3\): /),
    ])
    expect(lines[2]).toMatch(/^plandesk: .*\(tried 3 times\)\. What was synced so far is kept: the next sync continues from there\.$/)
  })

  it('exits 1 when plans were skipped, printing them, so a script can tell a partial sync', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    const pk = 7
    const before = sim.admin.getPlan(pk)!.plan_type
    sim.admin.updatePlan(pk, { plan_type: 42 })
    try {
      const r = await cli(['sync', '--json'], { dataDir })
      expect(r.code).toBe(1)
      expect(JSON.parse(r.out)).toMatchObject({ complete: false, skipped: [{ pk }] })
      expect(r.err).toMatch(/The sync is incomplete \(1 plan\(s\) skipped\)/)
    } finally {
      sim.admin.updatePlan(pk, { plan_type: before })
    }
    const again = await cli(['sync', '--json'], { dataDir })
    expect(again.code, again.err).toBe(0)
    expect(JSON.parse(again.out)).toMatchObject({ complete: true })
  })

  it('completes in one run while 30% of requests fail', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    sim.setFaults({ failRate: 0.3 })
    try {
      const r = await cli(['sync', '--page-size', '20'], { dataDir })
      expect(r.code, r.err).toBe(0)
      expect(r.out).toMatch(/^Full sync: 120 added/)
      expect(r.err).toMatch(/Retrying (page \d+|the status list) in \d+ s \(attempt 2\): The server failed \(HTTP 50[023]\)/)
    } finally {
      sim.setFaults({ failRate: 0 })
    }
  }, 120_000) // real backoff: a 503 asks for Retry-After: 1
})
