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

describe('007_pk_order', () => {
  it('adds the plan-number index to a schema-6 cache, whose pages sorted by plan number stay the same', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pd-mig7-')), 'cache.sqlite')
    writeOldCache(file, 6, FIXTURES)
    const old = new Database(file)
    expect(old.prepare("SELECT name FROM sqlite_master WHERE name = 'idx_plans_pk_order'").get()).toBeUndefined()
    old.close()
    const store = openUpgraded(file, opened)
    expect(store.searchPlans({ sort: '-pk', offset: 1, limit: 3 }).rows.map((r) => r.pk)).toEqual([7, 5, 3])
    expect(store.searchPlans({ sort: 'pk', offset: 3 }).rows.map((r) => r.pk)).toEqual([7, 9])
    // A deep page walks the small index, not the table's rows.
    const { rowsSql, rowParams } = buildSearchSql({ sort: '-pk' }, { overlayEmpty: true })
    const plan = (store.db.prepare(`EXPLAIN QUERY PLAN ${rowsSql}`).all(...rowParams, 50, 1000) as Array<{ detail: string }>).map((r) => r.detail)
    expect(plan).toContain('SCAN p USING COVERING INDEX idx_plans_pk_order')
  })
})
