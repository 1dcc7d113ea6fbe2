import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore, type PlanStore } from '../../../../main/store'
import { MIGRATIONS, migrate, schemaVersion } from '../../../../main/store/migrations'
import { compactRecords } from '../../../../main/store/migrations/004_performance'
import { RECORD_V1 } from '../../../../main/store/record'
import { buildSearchSql } from '../../../../main/store/search'
import { makePlan, planInput } from '../fixtures'
import { openUpgraded, writeOldCache } from './old-cache'

const FIXTURES = [1, 2, 3, 4, 5].map((pk) => ({ pk, status: pk % 2 ? 'waiting' : 'approved', product: pk === 3 ? 'Işık Masa Lambası' : 'Kahve Makinesi' }))
const tempFile = () => join(mkdtempSync(join(tmpdir(), 'pd-mig-')), 'cache.sqlite')
const kinds = (db: Database.Database) => db.prepare('SELECT pk, typeof(raw_json) AS t FROM plan_json ORDER BY pk').all()

const opened: PlanStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

describe('004_performance', () => {
  it.each([1, 2, 3])('upgrades a schema-%i cache: every kept record compressed, the same JSON read back, nothing refetched', (version) => {
    const file = tempFile()
    writeOldCache(file, version, FIXTURES)
    const raw = new Database(file)
    const before = new Map((raw.prepare('SELECT pk, raw_json FROM plan_json').all() as Array<{ pk: number; raw_json: string }>).map((r) => [r.pk, r.raw_json]))
    raw.close()
    const store = openUpgraded(file, opened)
    expect(kinds(store.db)).toEqual(FIXTURES.map((f) => ({ pk: f.pk, t: 'blob' })))
    const first = store.db.prepare('SELECT raw_json FROM plan_json WHERE pk = 1').pluck().get() as Buffer
    expect(first[0]).toBe(RECORD_V1)
    for (const f of FIXTURES) expect(store.getPlan(f.pk)!.server).toEqual(JSON.parse(before.get(f.pk)!))
    // The hash of the JSON text still matches: the same server copy is unchanged, not rewritten.
    expect(store.applyPlans(FIXTURES.map((f) => planInput(makePlan(f))), 2)).toEqual({ added: 0, updated: 0, unchanged: 5 })
    expect(store.searchPlans({ text: 'isik' }).rows.map((r) => r.pk)).toEqual([3])
  })

  it('answers a plan type with statuses from one index, its count without reading the table', () => {
    const db = new Database(':memory:')
    migrate(db)
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'plans'").pluck().all() as string[])
    expect(names).toContain('idx_plans_type_status')
    expect(names).not.toContain('idx_plans_plan_type')
    const { countSql, params } = buildSearchSql({ planType: 'refund', statuses: ['waiting', 'approved'] }, { overlayEmpty: true })
    const detail = (db.prepare(`EXPLAIN QUERY PLAN ${countSql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n')
    expect(detail).toMatch(/SEARCH p USING COVERING INDEX idx_plans_type_status \(plan_type=\? AND status=\?\)/)
  })

  it('leaves a damaged text record as it is, for the record check at open to find', () => {
    const file = tempFile()
    writeOldCache(file, 3, FIXTURES)
    const raw = new Database(file)
    raw.prepare("UPDATE plan_json SET raw_json = '{\"pk\": 2, trunc' WHERE pk = 2").run()
    raw.close()
    const { store, notices } = openStore({ file })
    opened.push(store)
    expect(notices).toEqual(['1 cached plan was damaged and will be fetched again at the next sync (plan 2).'])
    expect(kinds(store.db)).toContainEqual({ pk: 2, t: 'text' })
    expect(store.pksToRefetch()).toEqual([2])
  })

  it('works through the records in batches, in one transaction with the runner', () => {
    const db = new Database(':memory:')
    migrate(db, MIGRATIONS.slice(0, 3))
    const ins = db.prepare('INSERT INTO plan_json (pk, raw_json) VALUES (?, ?)')
    db.pragma('foreign_keys = OFF')
    for (let pk = 1; pk <= 7; pk++) ins.run(pk, JSON.stringify(makePlan({ pk })))
    expect(compactRecords(db, 2)).toBe(7)
    expect(db.prepare("SELECT count(*) FROM plan_json WHERE typeof(raw_json) = 'blob'").pluck().get()).toBe(7)
    expect(compactRecords(db, 2)).toBe(0)
    // A failure after it rolls the rewrite back with everything else.
    const db2 = new Database(':memory:')
    migrate(db2, MIGRATIONS.slice(0, 3))
    db2.pragma('foreign_keys = OFF')
    db2.prepare('INSERT INTO plan_json (pk, raw_json) VALUES (1, ?)').run(JSON.stringify(makePlan({ pk: 1 })))
    const failing = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'fails', up: (d: Database.Database) => d.exec('SELECT nonsense FROM nowhere') }]
    expect(() => migrate(db2, failing)).toThrow()
    expect(schemaVersion(db2)).toBe(3)
    expect(db2.prepare('SELECT typeof(raw_json) FROM plan_json').pluck().get()).toBe('text')
  })
})
