/**
 * Writes a cache file as an earlier PlanDesk left it (not a test file itself): the schema of
 * the first `version` migrations, filled with raw SQL in the columns those versions had, so
 * the upgrade tests do not depend on today's PlanStore being able to write an old schema.
 */
import Database from 'better-sqlite3'
import { expect } from 'vitest'
import { LATEST_VERSION, openStore, type PlanStore } from '../../../../main/store'
import { planItems, planRow, searchText } from '../../../../main/store/extract'
import { MIGRATIONS, migrate, schemaVersion } from '../../../../main/store/migrations'
import { hashJson } from '../../../../main/store/plans'
import { makePlan, planInput, type PlanFixture } from '../fixtures'

export const OLD_STATE = {
  cursor: '2026-01-01T00:05:00.000Z',
  lastFullSyncAt: '2026-01-02T00:00:00.000Z',
  scopeKey: 'all',
}

export function writeOldCache(file: string, version: number, fixtures: PlanFixture[]): void {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  migrate(db, MIGRATIONS.slice(0, version))
  const insPlan = db.prepare(`
    INSERT INTO plans (pk, status, plan_type, order_id, order_number, order_status, channel_id, customer_id,
      store_remote_id, staff_remote_id, invoice_number, refund_amount, currency, item_count, first_product_name,
      created_by_id, modified_by_id, related_plan, invoice_date, created_date, modified_date, raw_hash, synced_at, seen_run)
    VALUES (@pk, @status, @plan_type, @order_id, @order_number, @order_status, @channel_id, @customer_id,
      @store_remote_id, @staff_remote_id, @invoice_number, @refund_amount, @currency, @item_count, @first_product_name,
      @created_by_id, @modified_by_id, @related_plan, @invoice_date, @created_date, @modified_date, @raw_hash, @synced_at, 1)`)
  const insItem = db.prepare(`
    INSERT INTO plan_items (plan_pk, position, item_pk, order_item_id, product_name, sku, base_code, status, reason_subject, price)
    VALUES (@plan_pk, @position, @item_pk, @order_item_id, @product_name, @sku, @base_code, @status, @reason_subject, @price)`)
  db.transaction(() => {
    for (const f of fixtures) {
      const input = planInput(makePlan(f))
      const json = JSON.stringify(input.raw)
      const items = planItems(input.raw)
      const row = planRow(input, items)
      insPlan.run({ ...row, raw_hash: hashJson(json), synced_at: '2026-01-02T00:00:00.000Z' })
      db.prepare('INSERT INTO plan_json (pk, raw_json) VALUES (?, ?)').run(input.pk, json)
      for (const item of items) insItem.run({ plan_pk: input.pk, ...item })
      db.prepare('INSERT INTO plans_fts (rowid, body) VALUES (?, ?)').run(input.pk, searchText(input, row, items))
    }
    db.prepare("INSERT INTO statuses (key, label, position) VALUES ('waiting', 'Waiting (server)', 0), ('approved', 'Approved', 1)").run()
    db.prepare("INSERT INTO channels (id, type, checked_at) VALUES (1, 'web', '2026-01-02T00:00:00.000Z')").run()
    const setState = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?)')
    for (const [k, v] of Object.entries(OLD_STATE)) setState.run(k, JSON.stringify(v))
  })()
  db.close()
}

/** Index names as sqlite_master lists them (PlanDesk's own: idx_*). */
export function indexNames(db: { prepare(sql: string): { all(): unknown[] } }): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%' ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  )
}

const schema = (db: Database.Database) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all()

/**
 * Opens an old cache with today's code (the pending migrations run) and checks the result: no
 * notice, the latest version, and exactly the schema a new cache gets. The store is added to
 * `opened` for the caller's afterEach to close.
 */
export function openUpgraded(file: string, opened: PlanStore[]): PlanStore {
  const { store, notices } = openStore({ file })
  opened.push(store)
  expect(notices).toEqual([])
  expect(schemaVersion(store.db)).toBe(LATEST_VERSION)
  const latest = new Database(':memory:')
  migrate(latest)
  expect(schema(store.db)).toEqual(schema(latest))
  latest.close()
  return store
}
