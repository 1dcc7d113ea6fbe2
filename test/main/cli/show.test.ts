import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSimulator } from '../../../main/simulator/types'
import { startSim } from '../sync/sim-helpers'
import { cli, tempDataDir } from './harness'

let sim: RunningSimulator
let dataDir: string
beforeAll(async () => {
  sim = await startSim(40)
  dataDir = tempDataDir()
  await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
  await cli(['sync'], { dataDir })
})
afterAll(async () => {
  await sim?.close()
})

describe('plandesk show', () => {
  it('--json prints the plan as the server sent it plus local state', async () => {
    const r = await cli(['show', '7', '--json'], { dataDir })
    expect(r.code).toBe(0)
    const detail = JSON.parse(r.out)
    expect(detail.server).toEqual(sim.admin.getPlan(7))
    expect(detail.local).toMatchObject({ pendingEdits: 0 })
    expect(Date.parse(detail.local.syncedAt)).not.toBeNaN()
    expect(detail.summary).toMatchObject({ pk: 7, pendingEdits: 0 })
  })

  it('prints a readable summary with the items', async () => {
    const human = await cli(['show', '7'], { dataDir })
    expect(human.out).toMatch(/^Plan: +7$/m)
    expect(human.out).toMatch(/^Status: +\w+/m)
    expect(human.out).toMatch(/^Items:$/m)
  })

  it('exits 1 with one line for a plan that is not cached', async () => {
    const missing = await cli(['show', '99999'], { dataDir })
    expect(missing).toMatchObject({ code: 1, out: '' })
    expect(missing.err).toBe('plandesk: Plan 99999 is not in the local cache (run "plandesk sync"?).\n')
  })
})

describe('plandesk show: a damaged cached copy', () => {
  it('exits 1 with one plain line (no JSON.parse message), and the next sync fetches the plan again', async () => {
    const dir = tempDataDir()
    const db = join(dir, 'own.sqlite')
    expect((await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir: dir })).code).toBe(0)
    expect((await cli(['--db', db, 'sync'], { dataDir: dir })).code).toBe(0)
    const raw = new Database(db)
    raw.prepare("UPDATE plan_json SET raw_json = '{\"pk\": 7, trunc' WHERE pk = 7").run()
    raw.close()

    const damaged = await cli(['--db', db, 'show', '7', '--json'], { dataDir: dir })
    expect(damaged).toMatchObject({ code: 1, out: '' })
    expect(damaged.err).toBe("plandesk: Plan 7's cached copy is damaged; the next sync fetches it again.\n")

    // An incremental sync would not list plan 7 again (it did not change on the server): it is asked for by pk.
    const sync = await cli(['--db', db, 'sync'], { dataDir: dir })
    expect(sync.code).toBe(0)
    const again = await cli(['--db', db, 'show', '7', '--json'], { dataDir: dir })
    expect(again.code).toBe(0)
    expect(JSON.parse(again.out).server).toEqual(sim.admin.getPlan(7))
  })
})
