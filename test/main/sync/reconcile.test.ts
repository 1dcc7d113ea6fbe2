import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSimulator } from '../../../main/simulator/types'
import { type FakeServer, listHandler, startFakeServer } from '../omnitron/fake-server'
import { makePlan } from '../store/fixtures'
import { addEdit } from '../store/helpers'
import { fakeEngine } from './fake-helpers'
import { cachedPlans, engineFor, newStore, serverPlans, startSim } from './sim-helpers'

let sim: RunningSimulator
let fake: FakeServer | null = null
beforeAll(async () => {
  sim = await startSim(200)
})
afterAll(async () => {
  await sim?.close()
})
afterEach(async () => {
  await fake?.close()
  fake = null
})

describe('reconciliation', () => {
  it('removes deleted plans and plans that left the scope, keeping plans with pending edits', async () => {
    const store = newStore()
    const engine = engineFor(sim, store)
    await engine.run({})
    const pks = store.allPks()
    sim.admin.deletePlan(pks[0])
    sim.admin.deletePlan(pks[1])
    sim.admin.deletePlan(pks[150])
    addEdit(store.db, pks[1], { targetStatus: 'approved' })
    const r = await engine.run({ reconcile: true })
    expect(r.removed).toBe(2)
    expect(r.warnings.join(' ')).toMatch(new RegExp(`pending edits and were kept: ${pks[1]}`))
    expect(store.getPlan(pks[0])).toBeNull()
    expect(store.getPlan(pks[1])).not.toBeNull()
    // pk__in chunks of at most the page size
    const expected = await serverPlans(sim)
    const cached = cachedPlans(store)
    cached.delete(pks[1])
    expect(cached).toEqual(expected)
  })

  it('stops, removing nothing, when the server ignores pk__in', async () => {
    const data = Array.from({ length: 30 }, (_, i) => makePlan({ pk: i + 1 }))
    fake = await startFakeServer(listHandler(() => data))
    const { engine, store } = fakeEngine(fake)
    await engine.run({})
    await fake.close()
    // Now a server that drops pk__in and answers with its whole (smaller) list.
    fake = await startFakeServer((req, res, url, body) => {
      url.searchParams.delete('pk__in')
      return listHandler(() => data.slice(5))(req, res, url, body)
    })
    const second = fakeEngine(fake, { store })
    const r = await second.engine.run({ reconcile: true })
    expect(r.warnings.join(' ')).toMatch(/Reconciliation stopped/)
    expect(store.planCount()).toBe(30)
  })
})
