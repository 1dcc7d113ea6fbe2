import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migration001 } from '../../../../main/store/migrations/001_init'
import { buildSearchSql } from '../../../../main/store/search'
import type { SearchQuery } from '../../../../preload/contract'

function fresh(): Database.Database {
  const db = new Database(':memory:')
  db.transaction(() => migration001.up(db))()
  return db
}

function plan(db: Database.Database, q: SearchQuery, overlayEmpty = false): string {
  const { rowsSql, countSql, params } = buildSearchSql(q, overlayEmpty)
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${rowsSql}`).all(...params, 50, 0) as Array<{ detail: string }>
  const count = db.prepare(`EXPLAIN QUERY PLAN ${countSql}`).all(...params) as Array<{ detail: string }>
  return [...rows, ...count].map((r) => r.detail).join('\n')
}

describe('001_init', () => {
  it('uses the status index when no plan has pending edits, too', () => {
    const db = fresh()
    expect(plan(db, { statuses: ['waiting'] }, true)).toMatch(/idx_plans_status/)
  })

  it('walks the sort index, without a temporary sort, for broad filters', () => {
    const db = fresh()
    for (const q of [{ statuses: ['waiting', 'approved'] }, { text: 'isik' }, { planType: 'refund', storeRemoteId: 'S' }] as SearchQuery[]) {
      const { rowsSql, rowParams } = buildSearchSql(q, true, true)
      const detail = (db.prepare(`EXPLAIN QUERY PLAN ${rowsSql}`).all(...rowParams, 50, 0) as Array<{ detail: string }>).map((r) => r.detail).join('\n')
      expect(detail).toMatch(/SCAN p USING INDEX idx_plans_created_date/)
      expect(detail).not.toMatch(/TEMP B-TREE FOR ORDER BY/)
    }
  })

  // Every filter of the list endpoint has an indexed column, exposed by the query API or not.
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

  it('creates the tables the cache and the later outbox need', () => {
    const db = fresh()
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name)
    for (const t of ['plans', 'plan_json', 'plan_items', 'plans_fts', 'statuses', 'channels', 'sync_state', 'plan_overlay']) expect(names).toContain(t)
  })

  it('keeps the overlay empty and constrained', () => {
    const db = fresh()
    expect(db.prepare('SELECT count(*) AS n FROM plan_overlay').get()).toEqual({ n: 0 })
    expect(() => db.prepare("INSERT INTO plan_overlay VALUES (1, 'approved', 0)").run()).toThrow(/CHECK/)
  })

  // Every list filter must be answered from an index, not a scan of plans.
  it.each<[string, SearchQuery, RegExp]>([
    ['status', { statuses: ['waiting', 'approved'] }, /idx_plans_status/],
    ['plan type', { planType: 'refund' }, /idx_plans_plan_type/],
    ['channel ids', { channelIds: [1, 2] }, /idx_plans_channel_id/],
    ['channel type', { channelType: 'web' }, /idx_channels_type|idx_plans_channel_id/],
    ['store', { storeRemoteId: 'S1' }, /idx_plans_store/],
    ['staff', { staffRemoteId: 'X' }, /idx_plans_staff/],
    ['created range', { createdFrom: '2026-01-01', createdTo: '2026-02-01' }, /idx_plans_created_date/],
    ['modified range', { modifiedFrom: '2026-01-01', modifiedTo: '2026-02-01' }, /idx_plans_modified_date/],
    ['invoice', { invoiceNumber: 'INV-1' }, /idx_plans_invoice/],
    ['order number', { orderNumber: 'ORD-1' }, /idx_plans_order_number/],
    ['customer', { customerId: 5 }, /idx_plans_customer_id/],
    ['text', { text: 'isik' }, /plans_fts VIRTUAL TABLE INDEX/],
    ['default sort', {}, /idx_plans_created_date/],
    ['modified sort', { sort: '-modified_date' }, /idx_plans_modified_date/],
  ])('EXPLAIN QUERY PLAN: %s uses an index', (_name, q, expected) => {
    const db = fresh()
    const detail = plan(db, q)
    expect(detail).toMatch(expected)
    expect(detail).not.toMatch(/^SCAN p$/m)
  })
})
