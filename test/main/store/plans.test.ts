import { describe, expect, it } from 'vitest'
import { makePlan, planInput } from './fixtures'
import { addEdit, memoryStore } from './helpers'

describe('PlanWriter (through PlanStore)', () => {
  it('adds, updates, and leaves unchanged plans alone', () => {
    const store = memoryStore()
    expect(store.applyPlans([1, 2, 3].map((pk) => planInput(makePlan({ pk }))), 1)).toEqual({ added: 3, updated: 0, unchanged: 0 })
    const changed = planInput(makePlan({ pk: 2, status: 'approved', modified: '2026-05-01T00:00:00Z' }))
    expect(store.applyPlans([planInput(makePlan({ pk: 1 })), changed], 2)).toEqual({ added: 0, updated: 1, unchanged: 1 })
    expect(store.getPlan(2)?.summary.status).toBe('approved')
    expect(store.pksNotSeen(2)).toEqual([3])
  })

  it('replaces item rows and the search text when a plan changes', () => {
    const store = memoryStore([{ pk: 1, product: 'Kettle' }])
    expect(store.searchPlans({ text: 'kettle' }).total).toBe(1)
    store.applyPlans([planInput(makePlan({ pk: 1, product: 'Toaster', modified: '2026-06-01T00:00:00Z' }))], 2)
    expect(store.searchPlans({ text: 'kettle' }).total).toBe(0)
    expect(store.searchPlans({ text: 'toast' }).total).toBe(1)
    expect(store.db.prepare('SELECT count(*) AS n FROM plan_items').get()).toEqual({ n: 1 })
  })

  it('rolls a page back as a whole when one plan fails to write', () => {
    const store = memoryStore()
    const bad = { pk: 2, status: null as unknown as string, modifiedDate: '2026-01-01T00:00:00.000Z', raw: {} }
    expect(() => store.applyPlans([planInput(makePlan({ pk: 1 })), bad], 1)).toThrow()
    expect(store.planCount()).toBe(0)
  })

  it('removes plans with their items and index rows, but keeps plans with pending edits', () => {
    const store = memoryStore([{ pk: 1, product: 'Kettle' }, { pk: 2 }, { pk: 3 }])
    addEdit(store.db, 3, { targetStatus: 'approved' })
    // An edit that is over (applied, discarded) no longer holds its plan back.
    addEdit(store.db, 2, { state: 'applied' })
    expect(store.removePlans([1, 2, 3, 99])).toEqual({ removed: [1, 2], keptPending: [3] })
    expect(store.planCount()).toBe(1)
    expect(store.searchPlans({ text: 'kettle' }).total).toBe(0)
    expect(store.db.prepare('SELECT count(*) AS n FROM plan_items WHERE plan_pk = 1').get()).toEqual({ n: 0 })
  })

  it('never overwrites the display status of a plan with a pending edit', () => {
    const store = memoryStore([{ pk: 1, status: 'waiting' }])
    addEdit(store.db, 1, { targetStatus: 'approved' })
    store.applyPlans([planInput(makePlan({ pk: 1, status: 'rejected', modified: '2026-07-01T00:00:00Z' }))], 2)
    const s = store.getPlan(1)!.summary
    expect(s).toMatchObject({ status: 'approved', serverStatus: 'rejected', pendingEdits: 1, localState: 'pending' })
    expect(store.getPlan(1)!.server.status).toBe('rejected')
  })
})
