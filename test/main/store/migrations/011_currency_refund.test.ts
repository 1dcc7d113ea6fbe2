import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PlanStore } from '../../../../main/store'
import { buildSearchSql } from '../../../../main/store/search'
import { openUpgraded, writeOldCache } from './old-cache'

const FIXTURES = [5, 1, 9, 3, 7].map((pk) => ({ pk, product: `Ürün ${pk}` }))

const opened: PlanStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

describe('011_currency_refund', () => {
  it("replaces a schema-10 cache's refund index with one leading with the currency, and a deep refund page walks it alone", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pd-mig11-')), 'cache.sqlite')
    writeOldCache(file, 10, FIXTURES)
    const old = new Database(file)
    const names = (db: Database.Database) => (db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'idx_plans_%refund%'").pluck().all() as string[]).sort()
    expect(names(old)).toEqual(['idx_plans_refund_amount'])
    old.close()
    const store = openUpgraded(file, opened)
    expect(names(store.db)).toEqual(['idx_plans_currency_refund'])
    const all = store.searchPlans({ sort: 'refund_amount', limit: 10 }).rows.map((r) => r.pk)
    expect(all).toHaveLength(5)
    expect(store.searchPlans({ sort: 'refund_amount', offset: 2, limit: 2 }).rows.map((r) => r.pk)).toEqual(all.slice(2, 4))
    // A page deep in one currency's part: a range of the index, and no sort.
    const { rowsSql, rowParams } = buildSearchSql({ sort: '-refund_amount', currencyGroup: 'TRY' }, { overlayEmpty: true, walkSortIndex: true })
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${rowsSql}`).all(...rowParams, 50, 1000) as Array<{ detail: string }>).map((r) => r.detail)
    expect(plan.join('\n')).toMatch(/SEARCH p USING (COVERING )?INDEX idx_plans_currency_refund \(currency=\?\)/)
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY[\s\S]*TEMP B-TREE FOR ORDER BY/)
  })
})
