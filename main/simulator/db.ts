/**
 * The simulator's own SQLite database (in memory by default, or a file). Each plan is stored as its
 * compact JSON (shared objects as placeholders, see data/refs.ts) next to the columns the list
 * filters use, so a page is an indexed query plus a string join.
 */
import Database from 'better-sqlite3'
import { sqliteOptions } from '../native/sqlite'
import { CHANNELS } from './data/catalog'
import { refId } from './data/refs'
import type { Plan } from './data/shapes'
import { dayOf, parseDateTimeUs } from './dates'
import type { AuditAction, AuditEntry } from './types'

export type Db = Database.Database

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refs (key TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS plans (
  pk INTEGER PRIMARY KEY,
  plan_type TEXT NOT NULL,
  status TEXT NOT NULL,
  order_id INTEGER NOT NULL,
  order_number TEXT NOT NULL,
  channel_id INTEGER NOT NULL,
  channel_type TEXT NOT NULL,
  invoice_number TEXT NOT NULL,
  invoice_day TEXT,
  created_by INTEGER,
  modified_by INTEGER,
  staff_remote_id TEXT NOT NULL,
  retail_store_remote_id TEXT NOT NULL,
  related_plan INTEGER,
  related_plan_type TEXT,
  customer_id INTEGER NOT NULL,
  created_us INTEGER NOT NULL,
  modified_us INTEGER NOT NULL
);
-- The JSON lives apart from the filter columns: rows of "plans" stay small, so counting and
-- skipping (OFFSET) 100,000 of them touches a few hundred pages instead of every plan's JSON.
-- Stored as UTF-8 bytes (BLOB) because pages are assembled from bytes (see RefStore.expandBytes).
CREATE TABLE IF NOT EXISTS plan_json (pk INTEGER PRIMARY KEY, json BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS plan_tags (tag TEXT NOT NULL, pk INTEGER NOT NULL, PRIMARY KEY (tag, pk)) WITHOUT ROWID;
-- API tokens, one per user (DRF's authtoken_token): kept with the data, so a restart keeps them.
CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, user_pk INTEGER NOT NULL UNIQUE, username TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  pk INTEGER NOT NULL,
  action TEXT NOT NULL,
  body TEXT NOT NULL,
  user TEXT NOT NULL,
  at TEXT NOT NULL
);
`

/** Created after the bulk insert: building an index once is much cheaper than maintaining it per row. */
const INDEXES = [
  'status', 'plan_type', 'order_id', 'order_number', 'channel_id', 'channel_type', 'invoice_number',
  'invoice_day', 'created_by', 'modified_by', 'staff_remote_id', 'retail_store_remote_id',
  'related_plan', 'related_plan_type', 'customer_id', 'created_us', 'modified_us',
].map((col) => `CREATE INDEX IF NOT EXISTS plans_${col} ON plans(${col});`).join('\n')

const CHANNEL_TYPE = new Map(CHANNELS.map((c) => [c.id, c.channel_type]))

export interface PlanRow {
  pk: number
  plan_type: string
  status: string
  order_id: number
  order_number: string
  channel_id: number
  channel_type: string
  invoice_number: string
  invoice_day: string | null
  created_by: number | null
  modified_by: number | null
  staff_remote_id: string
  retail_store_remote_id: string
  related_plan: number | null
  related_plan_type: string | null
  customer_id: number
  created_us: number
  modified_us: number
  json: string
}

export function openDb(file?: string): Db {
  const db = new Database(file ?? ':memory:', sqliteOptions())
  if (file) db.pragma('journal_mode = WAL')
  // The simulator's data is disposable; a crash costs a regeneration, not user data.
  db.pragma('synchronous = OFF')
  db.exec(SCHEMA)
  return db
}

/** Before a bulk (re)generation into an existing file: indexes are rebuilt afterwards. */
export function dropIndexes(db: Db): void {
  for (const name of db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'plans' AND name LIKE 'plans_%'").pluck().all() as string[]) {
    db.exec(`DROP INDEX IF EXISTS "${name}"`)
  }
}

export function createIndexes(db: Db): void {
  db.exec(INDEXES)
  db.exec('ANALYZE')
}

/** Derives the indexed columns from a plan, so the JSON and the filter columns never disagree. */
export function rowFromPlan(plan: Plan, relatedPlanType: string | null): PlanRow {
  const created = parseDateTimeUs(plan.created_date)
  const modified = parseDateTimeUs(plan.modified_date)
  if (created === null || modified === null) throw new Error(`plan ${plan.pk} has invalid dates`)
  const invoiceUs = plan.order.invoice_date ? parseDateTimeUs(plan.order.invoice_date) : null
  // created_by is a placeholder for generated plans; an admin patch may set a full User object.
  const createdBy = refId(plan.created_by, 'u') ?? (plan.created_by as { pk?: number } | undefined)?.pk ?? null
  return {
    pk: plan.pk,
    plan_type: plan.plan_type,
    status: plan.status,
    order_id: plan.order.pk ?? 0,
    order_number: plan.order.number,
    channel_id: plan.order.channel,
    channel_type: CHANNEL_TYPE.get(plan.order.channel) ?? 'web',
    invoice_number: plan.invoice_number ?? '',
    invoice_day: invoiceUs === null ? null : dayOf(invoiceUs),
    created_by: createdBy,
    modified_by: plan.modified_by_id ?? null,
    staff_remote_id: plan.staff_remote_id ?? '',
    retail_store_remote_id: plan.retail_store_remote_id ?? '',
    related_plan: plan.related_cancellation_plan,
    related_plan_type: relatedPlanType,
    customer_id: plan.order.customer,
    created_us: created,
    modified_us: modified,
    json: JSON.stringify(plan),
  }
}

const COLUMNS = [
  'pk', 'plan_type', 'status', 'order_id', 'order_number', 'channel_id', 'channel_type',
  'invoice_number', 'invoice_day', 'created_by', 'modified_by', 'staff_remote_id',
  'retail_store_remote_id', 'related_plan', 'related_plan_type', 'customer_id', 'created_us',
  'modified_us',
] as const

/** Prepared statements used on every request; preparing once matters at 100k plans. */
export class PlanTable {
  private readonly upsert: Database.Statement
  private readonly upsertJson: Database.Statement
  private readonly removeJson: Database.Statement
  private readonly selectJson: Database.Statement
  private readonly selectType: Database.Statement
  private readonly remove: Database.Statement
  private readonly removeTags: Database.Statement
  private readonly addTag: Database.Statement
  private readonly fixRelatedType: Database.Statement
  private readonly insertAudit: Database.Statement
  private readonly maxPk: Database.Statement
  private readonly maxModified: Database.Statement
  private readonly countAll: Database.Statement

  constructor(readonly db: Db) {
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO plans (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => '@' + c).join(', ')})`,
    )
    this.upsertJson = db.prepare('INSERT OR REPLACE INTO plan_json (pk, json) VALUES (@pk, @json)')
    this.removeJson = db.prepare('DELETE FROM plan_json WHERE pk = ?')
    this.selectJson = db.prepare('SELECT json FROM plan_json WHERE pk = ?').pluck()
    this.selectType = db.prepare('SELECT plan_type FROM plans WHERE pk = ?').pluck()
    this.remove = db.prepare('DELETE FROM plans WHERE pk = ?')
    this.removeTags = db.prepare('DELETE FROM plan_tags WHERE pk = ?')
    this.addTag = db.prepare('INSERT OR IGNORE INTO plan_tags (tag, pk) VALUES (?, ?)')
    this.fixRelatedType = db.prepare('UPDATE plans SET related_plan_type = ? WHERE related_plan = ?')
    this.insertAudit = db.prepare('INSERT INTO audit (pk, action, body, user, at) VALUES (?, ?, ?, ?, ?)')
    this.maxPk = db.prepare('SELECT COALESCE(MAX(pk), 0) FROM plans').pluck()
    this.maxModified = db.prepare('SELECT COALESCE(MAX(modified_us), 0) FROM plans').pluck()
    this.countAll = db.prepare('SELECT COUNT(*) FROM plans').pluck()
  }

  /** Inserts or replaces a plan (and its tags when given). Call inside a transaction for batches. */
  write(plan: Plan, tags?: readonly string[]): void {
    const relatedType = plan.related_cancellation_plan === null
      ? null
      : ((this.selectType.get(plan.related_cancellation_plan) as string | undefined) ?? null)
    this.insertRow(rowFromPlan(plan, relatedType))
    this.fixRelatedType.run(plan.plan_type, plan.pk)
    if (tags) {
      this.removeTags.run(plan.pk)
      for (const tag of tags) this.addTag.run(tag, plan.pk)
    }
  }

  /** Bulk path for generation: no lookups beyond the related plan's type. */
  insertGenerated(plan: Plan, relatedType: string | null, tags: readonly string[]): void {
    this.insertRow(rowFromPlan(plan, relatedType))
    for (const tag of tags) this.addTag.run(tag, plan.pk)
  }

  private insertRow(row: PlanRow): void {
    this.upsert.run(row)
    this.upsertJson.run({ pk: row.pk, json: Buffer.from(row.json, 'utf8') })
  }

  /** Stored (compact) JSON bytes of plans in the order of the given pks; pks without a plan are skipped. */
  readJsonMany(pks: readonly number[]): Buffer[] {
    const out: Buffer[] = []
    for (const pk of pks) {
      const json = this.selectJson.get(pk) as Buffer | undefined
      if (json !== undefined) out.push(json)
    }
    return out
  }

  read(pk: number): Plan | null {
    const json = this.readJson(pk)
    return json === null ? null : (JSON.parse(json) as Plan)
  }

  readJson(pk: number): string | null {
    const json = this.selectJson.get(pk) as Buffer | undefined
    return json === undefined ? null : json.toString('utf8')
  }

  delete(pk: number): boolean {
    this.removeTags.run(pk)
    this.removeJson.run(pk)
    return this.remove.run(pk).changes > 0
  }

  maxPlanPk(): number {
    return this.maxPk.get() as number
  }

  maxModifiedUs(): number {
    return this.maxModified.get() as number
  }

  count(): number {
    return this.countAll.get() as number
  }

  audit(pk: number, action: AuditAction, body: unknown, user: string, at: string): void {
    this.insertAudit.run(pk, action, JSON.stringify(body ?? null), user, at)
  }

  auditEntries(filter?: { pk?: number; action?: AuditAction }): AuditEntry[] {
    const where: string[] = []
    const params: unknown[] = []
    if (filter?.pk !== undefined) { where.push('pk = ?'); params.push(filter.pk) }
    if (filter?.action !== undefined) { where.push('action = ?'); params.push(filter.action) }
    const rows = this.db
      .prepare(`SELECT seq, pk, action, body, user, at FROM audit ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq`)
      .all(...params) as { seq: number; pk: number; action: AuditAction; body: string; user: string; at: string }[]
    return rows.map((r) => ({ ...r, body: JSON.parse(r.body) as unknown }))
  }

  getMeta(key: string): string | null {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? null
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value)
  }
}
