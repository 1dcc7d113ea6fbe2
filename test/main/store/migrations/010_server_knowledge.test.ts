import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PlanStore } from '../../../../main/store'
import { makePlan } from '../fixtures'
import { openUpgraded, writeOldCache } from './old-cache'

const opened: PlanStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

describe('010_server_knowledge', () => {
  it('learns the transaction types of the cached payment plans, and adds the refusals table', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pd-mig10-')), 'cache.sqlite')
    writeOldCache(file, 8, [{ pk: 1 }, { pk: 2 }, { pk: 3 }])
    const old = new Database(file)
    const withPlan = (pk: number, paymentPlan: unknown) => JSON.stringify({ ...makePlan({ pk }), payment_plan: paymentPlan })
    old.prepare('UPDATE plan_json SET raw_json = ? WHERE pk = 1').run(withPlan(1, { payment_plan: [{ transaction_type: 'refund', order_items: [70001] }] }))
    old.prepare('UPDATE plan_json SET raw_json = ? WHERE pk = 2').run(withPlan(2, [{ transaction_type: ' exchange ', order_items: [70002] }, { transaction_type: 5 }]))
    old.close()

    const store = openUpgraded(file, opened)
    expect(store.knowledge.transactionTypes()).toEqual(['refund', 'exchange'])
    expect(store.knowledge.refusals()).toEqual([])
    // The bulk decision of an outbox entry is the outbox file's (its migration 2), not the cache's.
    expect(store.db.prepare("SELECT name FROM pragma_table_info('outbox', 'outbox') WHERE name = 'batch'").pluck().get()).toBe('batch')
  })
})
