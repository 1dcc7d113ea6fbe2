import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore, type PlanStore } from '../../../../main/store'
import { MIGRATIONS, migrate, schemaVersion } from '../../../../main/store/migrations'
import { refillSearchIndex } from '../../../../main/store/migrations/006_fts_prefix'
import { makePlan, planInput, type PlanFixture } from '../fixtures'
import { openUpgraded, writeOldCache } from './old-cache'

const FIXTURES: PlanFixture[] = [
  { pk: 1, product: 'Kahve Makinesi', store: 'IST-KDK-01' },
  { pk: 2, product: 'Işık Masa Lambası', store: 'ANK-CNK-04', staff: 'ayse.k' },
  { pk: 3, product: 'Çelik Çaydanlık', orderNumber: 'PD0005003581' },
  { pk: 4, product: 'Şarjlı Süpürge', tracking: 'YK123456' },
  { pk: 5, product: 'Kadın Örgü Kazak', invoice: 'FTR-2026-77' },
]
/** One letters, prefixes and whole words, Turkish letters typed with and without their marks. */
const TEXTS = ['k', 'K', 'ı', 'i', 'ç', 'c', 's', 'ş', 'y', 'f', 'p', 'a', '1', '5', 'ka', 'kad', 'isik', 'ışık', 'celik', 'PD0005003581', 'ftr 2026', 'ank', 'zz']

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'pd-mig6-')), 'cache.sqlite')
const ftsSql = (db: Database.Database) => db.prepare("SELECT sql FROM sqlite_master WHERE name = 'plans_fts'").pluck().get() as string

const opened: PlanStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})
const found = (store: PlanStore, text: string) => store.searchPlans({ text, sort: 'pk', limit: 100 }).rows.map((r) => r.pk)

describe('006_fts_prefix', () => {
  it('rebuilds a schema-5 cache’s search index with a one-letter prefix index, finding what a new cache finds', () => {
    const file = tempFile()
    writeOldCache(file, 5, FIXTURES)
    const old = new Database(file)
    expect(ftsSql(old)).toContain("prefix = '2 3'")
    old.close()
    const store = openUpgraded(file, opened)
    expect(ftsSql(store.db)).toContain("prefix = '1 2 3'")
    // The same answers as a cache filled by today's sync.
    const fresh = openStore({ file: ':memory:' }).store
    opened.push(fresh)
    fresh.applyPlans(FIXTURES.map((f) => planInput(makePlan(f))), 1)
    for (const text of TEXTS) expect({ text, pks: found(store, text) }).toEqual({ text, pks: found(fresh, text) })
    expect(found(store, 'k')).toEqual([1, 2, 5])
    expect(found(store, 'isik')).toEqual([2])
    // Nothing was marked for fetching again, and the next sync sees every plan unchanged.
    expect(store.pksToRefetch()).toEqual([])
    expect(store.applyPlans(FIXTURES.map((f) => planInput(makePlan(f))), 2)).toEqual({ added: 0, updated: 0, unchanged: 5 })
  })

  it('indexes a plan whose record is damaged by its columns and items, and marks it for fetching again', () => {
    const file = tempFile()
    writeOldCache(file, 5, FIXTURES)
    const raw = new Database(file)
    raw.prepare("UPDATE plan_json SET raw_json = '{\"pk\": 3, trunc' WHERE pk = 3").run()
    raw.close()
    const { store } = openStore({ file })
    opened.push(store)
    expect(store.pksToRefetch()).toEqual([3])
    // Its order number and product name are in columns of the plan and its items; its tracking
    // number was only in the damaged record.
    expect(found(store, 'PD0005003581')).toEqual([3])
    expect(found(store, 'celik')).toEqual([3])
    expect(found(store, 'TRK3')).toEqual([])
    // The next sync brings it back whole.
    store.applyPlans([planInput(makePlan(FIXTURES[2]))], 2)
    expect(found(store, 'TRK3')).toEqual([3])
  })

  it('refills in batches, and a failure after it rolls the old index back', () => {
    const file = tempFile()
    writeOldCache(file, 5, FIXTURES)
    const db = new Database(file)
    db.exec('DELETE FROM plans_fts')
    expect(refillSearchIndex(db, 2)).toBe(0)
    expect(db.prepare("SELECT rowid FROM plans_fts WHERE plans_fts MATCH '\"k\"*' ORDER BY rowid").pluck().all()).toEqual([1, 2, 5])
    db.close()

    const file2 = tempFile()
    writeOldCache(file2, 5, FIXTURES)
    const db2 = new Database(file2)
    const kaBefore = db2.prepare("SELECT rowid FROM plans_fts WHERE plans_fts MATCH '\"ka\"*' ORDER BY rowid").pluck().all()
    expect(kaBefore.length).toBeGreaterThan(0)
    const failing = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'fails', up: (d: Database.Database) => d.exec('SELECT nonsense FROM nowhere') }]
    expect(() => migrate(db2, failing)).toThrow()
    expect(schemaVersion(db2)).toBe(5)
    expect(ftsSql(db2)).toContain("prefix = '2 3'")
    expect(db2.prepare("SELECT rowid FROM plans_fts WHERE plans_fts MATCH '\"ka\"*' ORDER BY rowid").pluck().all()).toEqual(kaBefore)
    db2.close()
  })
})
