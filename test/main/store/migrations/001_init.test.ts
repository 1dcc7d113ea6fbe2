import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, migrate, schemaVersion } from '../../../../main/store/migrations'

/** A database at schema 1: what PlanDesk wrote before 002 (later files test the schema as it is now). */
function fresh(): Database.Database {
  const db = new Database(':memory:')
  migrate(db, MIGRATIONS.slice(0, 1))
  return db
}

describe('001_init', () => {
  it('records schema version 1', () => {
    expect(schemaVersion(fresh())).toBe(1)
  })

  // At schema 1 every filter of the list endpoint had an indexed column, exposed by the query
  // API or not (002 drops the indexes no query uses; their columns stay).
  it.each([
    ['plan_type', 'plan_type'],
    ['status', 'status'],
    ['order_id / order', 'order_id'],
    ['order_number', 'order_number'],
    ['channel_id__in', 'channel_id'],
    ['invoice_number', 'invoice_number'],
    ['invoice_date', 'invoice_date'],
    ['created_by', 'created_by_id'],
    ['modified_by', 'modified_by_id'],
    ['staff_remote_id', 'staff_remote_id'],
    ['retail_store_remote_id', 'store_remote_id'],
    ['related_cancellationplan', 'related_plan'],
    ['created_date__*', 'created_date'],
    ['modified_date__*', 'modified_date'],
    ['customer_id', 'customer_id'],
  ])('list filter %s has an index on plans.%s', (_filter, column) => {
    const db = fresh()
    const detail = (db.prepare(`EXPLAIN QUERY PLAN SELECT pk FROM plans WHERE ${column} = ?`).all('x') as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n')
    expect(detail).toMatch(/USING (COVERING )?INDEX idx_plans_/)
  })

  it('creates the tables of the cache and the (empty) overlay', () => {
    const db = fresh()
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name)
    for (const t of ['plans', 'plan_json', 'plan_items', 'plans_fts', 'statuses', 'channels', 'sync_state', 'plan_overlay']) expect(names).toContain(t)
    for (const t of ['leases', 'outbox', 'outbox_attempts']) expect(names).not.toContain(t)
  })

  it('keeps the overlay empty and constrained', () => {
    const db = fresh()
    expect(db.prepare('SELECT count(*) AS n FROM plan_overlay').get()).toEqual({ n: 0 })
    expect(() => db.prepare("INSERT INTO plan_overlay VALUES (1, 'approved', 0)").run()).toThrow(/CHECK/)
  })

  it('removes a plan’s JSON and items with it (foreign keys on)', () => {
    const db = fresh()
    db.pragma('foreign_keys = ON')
    db.prepare("INSERT INTO plans (pk, status, modified_date, raw_hash, synced_at) VALUES (1, 'waiting', 'm', 'h', 's')").run()
    db.prepare("INSERT INTO plan_json VALUES (1, '{}')").run()
    db.prepare('INSERT INTO plan_items (plan_pk, position) VALUES (1, 0)').run()
    db.prepare('DELETE FROM plans WHERE pk = 1').run()
    expect(db.prepare('SELECT (SELECT count(*) FROM plan_json) + (SELECT count(*) FROM plan_items) AS n').get()).toEqual({ n: 0 })
  })
})
