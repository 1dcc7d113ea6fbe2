/**
 * A full sync killed and resumed under the same run id must still remove the plans the
 * server deleted meanwhile, also when an addition keeps the plan count unchanged (the
 * resumed walk does not re-read the pages the first attempt read).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSimulator } from '../../../main/simulator/types'
import { cachedPlans, clientFor, engineFor, newStore, serverPlans, startSim } from './sim-helpers'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSim(100)
})
afterAll(async () => {
  await sim?.close()
})

describe('a resumed full sync', () => {
  it('removes a plan deleted on the server while the count stayed the same', async () => {
    const store = newStore()
    const engine = engineFor(sim, store)
    await engine.run({})
    const pks = store.allPks()
    expect(pks).toHaveLength(100)

    // A second full sync, killed after two pages of 25.
    const killed = await engine.run({ full: true }, (p) => {
      if (p.phase === 'pages' && p.pagesDone === 2) engine.cancel()
    })
    expect(killed.cancelled).toBe(true)
    expect(store.getState('fullProgress')).not.toBeNull()

    // Meanwhile the server deletes a plan on a page the killed walk already read (the
    // simulator lists newest first) and gains another one: the count stays 100.
    const firstPage = await clientFor(sim).listPage({}, 1, 25)
    const gone = firstPage.plans[10].pk
    sim.admin.deletePlan(gone)
    const added = sim.admin.addPlan()

    const resumed = await engine.run({})
    expect(resumed).toMatchObject({ kind: 'full', cancelled: false, complete: true })
    expect(resumed.removed).toBe(1)
    expect(store.getPlan(gone)).toBeNull()
    // The addition is the next incremental sync's business.
    const next = await engine.run({})
    expect(next).toMatchObject({ kind: 'incremental', added: 1 })
    expect(store.getPlan(added)).not.toBeNull()
    expect(cachedPlans(store)).toEqual(await serverPlans(sim))
  })

  it('keeps every live plan when nothing was deleted', async () => {
    const store = newStore()
    const engine = engineFor(sim, store)
    await engine.run({})
    const killed = await engine.run({ full: true }, (p) => {
      if (p.phase === 'pages' && p.pagesDone === 3) engine.cancel()
    })
    expect(killed.cancelled).toBe(true)
    const resumed = await engine.run({})
    expect(resumed).toMatchObject({ kind: 'full', cancelled: false, complete: true, removed: 0 })
    expect(cachedPlans(store)).toEqual(await serverPlans(sim))
  })
})
