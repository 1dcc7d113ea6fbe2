import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore, type PlanStore } from '../../../../main/store'
import { MIGRATIONS, migrate } from '../../../../main/store/migrations'
import { addEdit } from '../helpers'
import { makePlan, planInput } from '../fixtures'

const opened: PlanStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

describe('008_local_view', () => {
  it("drops the cache's plan_local view; each connection makes its own from the outbox's state table", () => {
    const db = new Database(':memory:')
    migrate(db, MIGRATIONS.slice(0, 7))
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck().all()).toEqual(['plan_local'])
    migrate(db)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck().all()).toEqual([])

    const { store } = openStore({ file: ':memory:' })
    opened.push(store)
    expect(store.db.prepare("SELECT name FROM sqlite_temp_master WHERE type = 'view'").pluck().all()).toEqual(['plan_local'])
    store.applyPlans([planInput(makePlan({ pk: 1, status: 'waiting' }))], 1)
    addEdit(store.db, 1, { targetStatus: 'approved', state: 'needs_checking' })
    expect(store.searchPlans({}).rows).toMatchObject([{ pk: 1, status: 'approved', pendingEdits: 1, localState: 'needs_checking' }])
  })
})
