import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LATEST_VERSION, openStore, type PlanStore } from '../../../../main/store'
import { MIGRATIONS, migrate, schemaVersion } from '../../../../main/store/migrations'
import { OPEN_STATES_SQL } from '../../../../main/outbox/states'
import { buildSearchSql, relatedSql } from '../../../../main/store/search'
import { STATUS_EVENTS_SQL } from '../../../../main/store/timeline'
import type { SearchQuery } from '../../../../preload/contract'
import { memoryStore } from '../helpers'
import { OLD_STATE, indexNames, writeOldCache } from './old-cache'

const DROPPED = [
  'idx_plans_order_id',
  'idx_plans_invoice_date',
  'idx_plans_created_by',
  'idx_plans_modified_by',
  'idx_plans_related_plan',
  'idx_plans_seen_run',
  'idx_plan_items_sku',
]

const FIXTURES = [
  { pk: 1, status: 'waiting', product: 'Işık Masa Lambası', channel: 1, store: 'S1' },
  { pk: 2, status: 'approved', plan_type: 'refund', product: 'Kahve Makinesi', channel: 2, store: 'S2' },
  { pk: 3, status: 'completed', product: 'Çay Bardağı', sku: 'CAY-7781', channel: 1, store: 'S1' },
]

/** The schema as it is now, empty, as PlanDesk opens it: the outbox's file attached, the connection's own plan_local view. */
function latest(): Database.Database {
  return openStore({ file: ':memory:' }).store.db
}

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'pd-mig-')), 'cache.sqlite')

const opened: PlanStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

function explain(db: Database.Database, sql: string, params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n')
}

/** The plan of a search: its page query and its count query. */
function searchPlan(db: Database.Database, q: SearchQuery, opts: { overlayEmpty?: boolean; walk?: boolean } = {}): string {
  const { rowsSql, countSql, params, rowParams } = buildSearchSql(q, { overlayEmpty: opts.overlayEmpty ?? false, walkSortIndex: opts.walk ?? false })
  return `${explain(db, rowsSql, [...rowParams, 50, 0])}\n${explain(db, countSql, params)}`
}

const usesIndex = (detail: string, index: string) => new RegExp(`USING (COVERING )?INDEX ${index}\\b`).test(detail)

/**
 * Every index of the cache, with the queries PlanDesk runs that need it. An index no query here
 * uses is dead weight on every write: the coverage test below fails for it.
 */
const INDEX_USES: Array<{ index: string; query: string; plan: (db: Database.Database) => string }> = [
  ...(
    [
      ['idx_plans_status', 'status filter, no pending edits', { statuses: ['waiting', 'approved'] }, { overlayEmpty: true }],
      ['idx_plans_status', 'status filter over pending edits', { statuses: ['waiting', 'approved'] }, {}],
      ['idx_plans_type_status', 'plan type filter', { planType: 'refund' }, {}],
      ['idx_plans_type_status', 'plan type with statuses, no pending edits', { planType: 'refund', statuses: ['waiting', 'approved'] }, { overlayEmpty: true }],
      ['idx_plans_channel_id', 'channel ids filter', { channelIds: [1, 2] }, {}],
      ['idx_channels_type', 'channel type filter', { channelType: 'web' }, {}],
      ['idx_plans_store_type_status', 'store filter', { storeRemoteId: 'S1' }, {}],
      ['idx_plans_staff_type_status', 'staff filter', { staffRemoteId: 'X' }, {}],
      ['idx_plans_invoice', 'invoice filter', { invoiceNumber: 'INV-1' }, {}],
      ['idx_plans_order_number', 'order number filter', { orderNumber: 'ORD-1' }, {}],
      ['idx_plans_customer_id', 'customer filter', { customerId: 5 }, {}],
      ['idx_plans_created_date', 'default sort', {}, {}],
      ['idx_plans_created_date', 'created range', { createdFrom: '2026-01-01', createdTo: '2026-02-01' }, {}],
      ['idx_plans_modified_date', 'modified range', { modifiedFrom: '2026-01-01', modifiedTo: '2026-02-01' }, {}],
      ['idx_plans_modified_date', 'modified sort', { sort: '-modified_date' }, {}],
      ['idx_plans_currency_refund', "refund sort, one currency's part", { sort: 'refund_amount', currencyGroup: 'TRY' } as SearchQuery, { walk: true }],
      ['idx_plans_currency_refund', 'refund sort within a currency filter', { sort: '-refund_amount', currency: 'EUR' }, { walk: true }],
      ['idx_plans_pk_order', 'plan number sort, at any depth', { sort: '-pk' }, {}],
      ['idx_plans_currency_refund', 'refund sort walking the index past a filter', { planType: 'refund', sort: '-refund_amount', currencyGroup: 'TRY' } as SearchQuery, { walk: true }],
      ['idx_outbox_plan', 'the display status of a plan with open edits (plan_local)', { hasPendingEdits: true }, {}],
    ] as Array<[string, string, SearchQuery, { overlayEmpty?: boolean; walk?: boolean }]>
  ).map(([index, query, q, opts]) => ({ index, query: `search: ${query}`, plan: (db: Database.Database) => searchPlan(db, q, opts) })),
  {
    index: 'idx_plans_order_number',
    query: "detail: the other plans of a plan's order (PlanStore.relatedPlans)",
    plan: (db) => explain(db, relatedSql('order_number'), ['ORD-1', 1, 100]),
  },
  {
    index: 'idx_plan_status_events_plan',
    query: "detail: a plan's recorded status changes (PlanStore.planHistory)",
    plan: (db) => explain(db, STATUS_EVENTS_SQL, [1]),
  },
  {
    index: 'idx_plan_status_events_plan',
    query: "sync: a removed plan's status changes (PlanWriter.remove, and the foreign key's cascade)",
    plan: (db) => explain(db, 'DELETE FROM plan_status_events WHERE plan_pk = ?', [1]),
  },
  {
    index: 'idx_plans_refetch',
    query: 'sync: the plans marked for fetching again (PlanStore.pksToRefetch)',
    plan: (db) => explain(db, "SELECT pk FROM plans WHERE raw_hash = '' ORDER BY pk", []),
  },
  {
    index: 'idx_outbox_state',
    query: 'search: are there open edits at all',
    plan: (db) => explain(db, `SELECT EXISTS (SELECT 1 FROM outbox WHERE state IN ${OPEN_STATES_SQL}) AS n`, []),
  },
  {
    index: 'idx_outbox_plan',
    query: "outbox: a plan's edits, in order",
    plan: (db) => explain(db, 'SELECT id, kind, state FROM outbox WHERE plan_pk = ? ORDER BY id', [1]),
  },
  {
    index: 'idx_outbox_state',
    query: 'outbox: entries due for an attempt',
    plan: (db) => explain(db, "SELECT id FROM outbox WHERE state IN ('pending', 'sending') AND next_attempt_at <= ? ORDER BY id", ['2026-01-01']),
  },
  {
    index: 'idx_outbox_batch',
    query: 'outbox: the refused changes of one bulk decision (Changes: "discard all failed of this bulk decision")',
    plan: (db) => explain(db, 'SELECT * FROM outbox WHERE state IN (?) AND batch = ? ORDER BY id DESC LIMIT ? OFFSET ?', ['failed', 'b1', 1000, 0]),
  },
  {
    index: 'idx_outbox_finished',
    query: 'outbox: history past retention',
    plan: (db) => explain(db, 'DELETE FROM outbox WHERE finished_at < ?', ['2026-01-01']),
  },
]

describe('002_leases', () => {
  it('upgrades a schema-1 cache in place, keeping its plans, state and search index', () => {
    const file = tempFile()
    writeOldCache(file, 1, FIXTURES)
    const { store, notices } = openStore({ file })
    opened.push(store)
    expect(notices).toEqual([])
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION)
    // The same rows a cache written by today's code holds.
    const reference = memoryStore(FIXTURES)
    reference.channels.set(1, 'web')
    expect(store.searchPlans({ sort: 'pk' })).toEqual(reference.searchPlans({ sort: 'pk' }))
    expect(store.searchPlans({ text: 'isik' }).rows.map((r) => r.pk)).toEqual([1])
    expect(store.searchPlans({ text: 'cay-778' }).rows.map((r) => r.pk)).toEqual([3])
    expect(store.getPlan(2)!.server).toEqual(reference.getPlan(2)!.server)
    expect(store.syncState()).toMatchObject({ cursor: OLD_STATE.cursor, lastFullSyncAt: OLD_STATE.lastFullSyncAt, planCount: 3 })
    expect(store.getState('scopeKey')).toBe(OLD_STATE.scopeKey)
    expect(store.statuses()).toEqual([
      { key: 'waiting', label: 'Waiting (server)' },
      { key: 'approved', label: 'Approved' },
    ])
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('drops the indexes no query uses, on an upgraded cache and a new one alike', () => {
    const file = tempFile()
    writeOldCache(file, 1, FIXTURES)
    const before = new Database(file)
    const old = indexNames(before)
    before.close()
    for (const name of DROPPED) expect(old).toContain(name)
    const { store } = openStore({ file })
    opened.push(store)
    const now = indexNames(store.db)
    for (const name of DROPPED) expect(now).not.toContain(name)
    expect(now).toEqual(indexNames(latest()))
    // The columns stay: a filter on them later needs only its index back.
    const columns = (store.db.prepare("SELECT name FROM pragma_table_info('plans')").all() as Array<{ name: string }>).map((c) => c.name)
    for (const c of ['order_id', 'invoice_date', 'created_by_id', 'modified_by_id', 'related_plan', 'seen_run']) expect(columns).toContain(c)
  })

  it('adds an empty leases table that a lease can use', () => {
    const file = tempFile()
    writeOldCache(file, 1, FIXTURES)
    const { store } = openStore({ file })
    opened.push(store)
    expect(store.db.prepare('SELECT count(*) AS n FROM leases').get()).toEqual({ n: 0 })
    const lease = store.lease('pull', { purpose: 'test' })
    expect(lease.tryAcquire()).toEqual({ acquired: true })
    expect(lease.holder()).toMatchObject({ owner: lease.owner, pid: process.pid, purpose: 'test' })
    lease.release()
    expect(lease.holder()).toBeNull()
  })

  it('migrates 001 then 002 as one step each, or both at once, to the same schema', () => {
    const stepwise = new Database(':memory:')
    migrate(stepwise, MIGRATIONS.slice(0, 1))
    migrate(stepwise, MIGRATIONS.slice(0, 2))
    const atOnce = new Database(':memory:')
    migrate(atOnce, MIGRATIONS.slice(0, 2))
    const schema = (db: Database.Database) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all()
    expect(schema(stepwise)).toEqual(schema(atOnce))
  })

  describe('every index is used by a query PlanDesk runs', () => {
    it.each(INDEX_USES.map((u) => [u.index, u.query, u] as const))('%s: %s', (index, _query, use) => {
      const detail = use.plan(latest())
      expect(detail).toSatisfy((d: string) => usesIndex(d, index), `${index} not used:\n${detail}`)
    })

    it('and no index is left that none of them uses', () => {
      const db = latest()
      const unused = indexNames(db).filter((name) => !INDEX_USES.some((u) => u.index === name && usesIndex(u.plan(db), name)))
      expect(unused).toEqual([])
    })
  })

  // Every list filter must be answered from an index, not a scan of plans.
  it.each<[string, SearchQuery, RegExp]>([
    ['status', { statuses: ['waiting', 'approved'] }, /idx_plans_status/],
    ['plan type', { planType: 'refund' }, /idx_plans_type_status/],
    ['channel ids', { channelIds: [1, 2] }, /idx_plans_channel_id/],
    ['channel type', { channelType: 'web' }, /idx_channels_type/],
    ['store', { storeRemoteId: 'S1' }, /idx_plans_store_type_status/],
    ['staff', { staffRemoteId: 'X' }, /idx_plans_staff_type_status/],
    ['created range', { createdFrom: '2026-01-01', createdTo: '2026-02-01' }, /idx_plans_created_date/],
    ['modified range', { modifiedFrom: '2026-01-01', modifiedTo: '2026-02-01' }, /idx_plans_modified_date/],
    ['invoice', { invoiceNumber: 'INV-1' }, /idx_plans_invoice\b/],
    ['order number', { orderNumber: 'ORD-1' }, /idx_plans_order_number/],
    ['customer', { customerId: 5 }, /idx_plans_customer_id/],
    ['text', { text: 'isik' }, /plans_fts VIRTUAL TABLE INDEX/],
    ['default sort', {}, /idx_plans_created_date/],
    ['modified sort', { sort: '-modified_date' }, /idx_plans_modified_date/],
  ])('EXPLAIN QUERY PLAN: the %s filter uses an index, not a scan of plans', (_name, q, expected) => {
    const detail = searchPlan(latest(), q)
    expect(detail).toMatch(expected)
    expect(detail).not.toMatch(/^SCAN (p|plans)$/m)
  })

  it('uses the status index when no plan has pending edits, too', () => {
    expect(searchPlan(latest(), { statuses: ['waiting'] }, { overlayEmpty: true })).toMatch(/idx_plans_status/)
  })

  it('walks the sort index, without a temporary sort, for broad filters', () => {
    const db = latest()
    for (const q of [{ statuses: ['waiting', 'approved'] }, { text: 'isik' }, { planType: 'refund', storeRemoteId: 'S' }] as SearchQuery[]) {
      const { rowsSql, rowParams } = buildSearchSql(q, { overlayEmpty: true, walkSortIndex: true })
      // The page's own query (the outer one sorts the page's 50 rows it reads by primary key).
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${rowsSql}`).all(...rowParams, 50, 0) as Array<{ id: number; parent: number; detail: string }>
      const page = new Set(rows.filter((r) => r.detail === 'CO-ROUTINE page').map((r) => r.id))
      for (const r of rows) if (page.has(r.parent)) page.add(r.id)
      const detail = rows.filter((r) => page.has(r.parent)).map((r) => r.detail).join('\n')
      expect(detail).toMatch(/SCAN p USING (COVERING )?INDEX idx_plans_created_date/)
      expect(detail).not.toMatch(/TEMP B-TREE FOR ORDER BY/)
    }
  })

  it("reads a plan's edits in order from the index, without sorting", () => {
    expect(explain(latest(), 'SELECT id FROM outbox WHERE plan_pk = ? ORDER BY id', [1])).not.toMatch(/TEMP B-TREE/)
  })
})
