/** Opens an in-memory store with fixture plans (not a test file itself). */
import { openStore, type PlanStore } from '../../../main/store'
import { makePlan, planInput, type PlanFixture } from './fixtures'

export function memoryStore(fixtures: PlanFixture[] = []): PlanStore {
  const { store } = openStore({ file: ':memory:' })
  if (fixtures.length > 0) store.applyPlans(fixtures.map((f) => planInput(makePlan(f))), 1)
  return store
}
