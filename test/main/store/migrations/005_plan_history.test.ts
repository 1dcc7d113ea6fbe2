import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PlanStore } from '../../../../main/store'
import { makePlan, planInput } from '../fixtures'
import { openUpgraded, writeOldCache } from './old-cache'

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'pd-mig5-')), 'cache.sqlite')

const opened: PlanStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

describe('005_plan_history', () => {
  it('upgrades a schema-4 cache: the history table empty, the plans as they were, the next status change recorded', () => {
    const file = tempFile()
    writeOldCache(file, 4, [{ pk: 1, status: 'waiting' }, { pk: 2, status: 'approved' }])
    const store = openUpgraded(file, opened)
    expect(store.db.prepare('SELECT count(*) FROM plan_status_events').pluck().get()).toBe(0)
    expect(store.planCount()).toBe(2)
    store.applyPlans([planInput(makePlan({ pk: 1, status: 'approved', modified: '2026-05-01T00:00:00Z' }))], 2)
    expect(store.planHistory(1)).toMatchObject([{ kind: 'status', from: 'waiting', to: 'approved' }, { kind: 'created' }])
  })
  // The queries that use its index are in the index registry of 002_leases.test.ts.
})
