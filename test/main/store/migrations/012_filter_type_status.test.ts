import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PlanStore } from '../../../../main/store'
import { buildSearchSql } from '../../../../main/store/search'
import type { SearchQuery } from '../../../../preload/contract'
import { openUpgraded, writeOldCache } from './old-cache'

const FIXTURES = Array.from({ length: 12 }, (_, i) => ({
  pk: i + 1,
  store: `S${i % 2}`,
  staff: `ST${i % 3}`,
  plan_type: i % 4 < 2 ? 'refund' : 'cancel',
  status: ['waiting', 'approved', 'completed'][i % 3],
}))

const opened: PlanStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

describe('012_filter_type_status', () => {
  it("replaces a schema-11 cache's store and staff indexes with ones holding the type and status, and filtered searches read them alone", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pd-mig12-')), 'cache.sqlite')
    writeOldCache(file, 11, FIXTURES)
    const names = (db: Database.Database) =>
      (db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'idx_plans_store%' OR name LIKE 'idx_plans_staff%' ORDER BY name").pluck().all() as string[])
    const old = new Database(file)
    expect(names(old)).toEqual(['idx_plans_staff', 'idx_plans_store'])
    old.close()
    const store = openUpgraded(file, opened)
    expect(names(store.db)).toEqual(['idx_plans_staff_type_status', 'idx_plans_store_type_status'])

    // The same answers as the fixtures say.
    const expected = (f: (p: (typeof FIXTURES)[number]) => boolean) => FIXTURES.filter(f).map((p) => p.pk).sort((a, b) => a - b)
    const pks = (q: SearchQuery) => store.searchPlans({ ...q, sort: 'pk', limit: 50 }).rows.map((r) => r.pk)
    expect(pks({ staffRemoteId: 'ST1', planType: 'refund' })).toEqual(expected((p) => p.staff === 'ST1' && p.plan_type === 'refund'))
    expect(pks({ storeRemoteId: 'S0', planType: 'cancel', statuses: ['waiting', 'completed'] })).toEqual(
      expected((p) => p.store === 'S0' && p.plan_type === 'cancel' && ['waiting', 'completed'].includes(p.status)),
    )
    expect(store.searchPlans({ staffRemoteId: 'ST2', planType: 'cancel' }).total).toBe(expected((p) => p.staff === 'ST2' && p.plan_type === 'cancel').length)

    // Counting a staff member's plans of one type, or a store's in some statuses, reads the index alone;
    // the page looks up the matches only (the type is part of the index's search).
    const plan = (sql: string, params: unknown[]) => (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n')
    const staff = buildSearchSql({ staffRemoteId: 'ST1', planType: 'refund', sort: '-modified_date' }, { overlayEmpty: true, sortMatches: true })
    expect(plan(staff.countSql, staff.params)).toMatch(/SEARCH p USING COVERING INDEX idx_plans_staff_type_status \(staff_remote_id=\? AND plan_type=\?\)/)
    expect(plan(staff.rowsSql, [...staff.rowParams, 50, 0])).toMatch(/SEARCH p USING INDEX idx_plans_staff_type_status \(staff_remote_id=\? AND plan_type=\?\)/)
    const shop = buildSearchSql({ storeRemoteId: 'S0', planType: 'cancel', statuses: ['waiting', 'completed'] }, { overlayEmpty: true })
    expect(plan(shop.countSql, shop.params)).toMatch(/SEARCH p USING COVERING INDEX idx_plans_store_type_status \(store_remote_id=\? AND plan_type=\? AND status=\?\)/)
  })
})
