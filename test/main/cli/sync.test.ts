import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncResult } from '../../../preload/contract'
import type { RunningSimulator } from '../../../main/simulator/types'
import { startSim } from '../sync/sim-helpers'
import { cli, tempDataDir } from './harness'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSim(120)
})
afterAll(async () => {
  await sim?.close()
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
    const cleared = JSON.parse((await cli(['sync', '--clear-scope', '--json'], { dataDir })).out) as SyncResult
    expect(cleared.kind).toBe('full')
    expect(JSON.parse((await cli(['search', '--json'], { dataDir })).out).total).toBe(120)
  })

  it('fails with exit 1 and one line when the server is unreachable', async () => {
    const dataDir = tempDataDir()
    const r = await cli(['sync'], { dataDir, env: { PLANDESK_SERVER: 'http://127.0.0.1:9', PLANDESK_TOKEN: 'x' } })
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^plandesk: .*cannot reach 127\.0\.0\.1:9.*\n$/)
  })
})
