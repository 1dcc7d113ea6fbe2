/**
 * The query side: searchPlans / getPlan in the contract's shapes.
 *
 * The display status, pendingEdits and localState come from the `plan_local` view over the
 * outbox's open edits; the server's values from `plans`. Every list filter maps to an indexed column; the SQL is built
 * from the filters present and its prepared statement cached, so each filter combination is
 * compiled once.
 */
import type { Database, Statement } from 'better-sqlite3'
import type { LocalState, PlanDetail, PlanSummary, SearchQuery, SearchResult, SortField } from '../../preload/contract'
import { OPEN_STATES_SQL } from './migrations/003_outbox'
import { matchExpression } from './fts'
import type { PlanRow } from './extract'
import { readRecord, recordIntact } from './record'

export const DEFAULT_LIMIT = 50
export const DEFAULT_SORT: SortField = '-created_date'

const SUMMARY_COLUMNS = `
  p.pk AS pk, COALESCE(o.status, p.status) AS status, p.status AS server_status, p.plan_type AS plan_type,
  p.order_id AS order_id, p.order_number AS order_number, p.channel_id AS channel_id, c.type AS channel_type,
  p.customer_id AS customer_id, p.store_remote_id AS store_remote_id, p.staff_remote_id AS staff_remote_id,
  p.invoice_number AS invoice_number, p.refund_amount AS refund_amount, p.currency AS currency,
  p.item_count AS item_count, p.first_product_name AS first_product_name, p.created_date AS created_date,
  p.modified_date AS modified_date, COALESCE(o.pending_edits, 0) AS pending_edits, o.severity AS severity`

const FROM = `FROM plans p
  LEFT JOIN plan_local o ON o.plan_pk = p.pk
  LEFT JOIN channels c ON c.id = p.channel_id`
const OVERLAY_JOIN = 'LEFT JOIN plan_local o ON o.plan_pk = p.pk'

const ORDER_BY: Record<SortField, string> = {
  created_date: 'p.created_date ASC, p.pk ASC',
  '-created_date': 'p.created_date DESC, p.pk DESC',
  modified_date: 'p.modified_date ASC, p.pk ASC',
  '-modified_date': 'p.modified_date DESC, p.pk DESC',
  pk: 'p.pk ASC',
  '-pk': 'p.pk DESC',
  refund_amount: 'p.refund_amount ASC, p.pk ASC',
  '-refund_amount': 'p.refund_amount DESC, p.pk DESC',
  status: 'COALESCE(o.status, p.status) ASC, p.pk ASC',
  '-status': 'COALESCE(o.status, p.status) DESC, p.pk DESC',
}

/** What the summary query selects: the plan's columns, with the overlay's status and counts. */
type SummaryRow = Omit<PlanRow, 'order_status' | 'created_by_id' | 'modified_by_id' | 'related_plan' | 'invoice_date'> & {
  server_status: string
  channel_type: string | null
  pending_edits: number
  severity: number | null
}

/** plan_local.severity → the most urgent open state of a plan's edits. */
const LOCAL_STATE: Record<number, LocalState> = { 1: 'pending', 2: 'needs_checking', 3: 'failed', 4: 'conflict' }

export function toSummary(r: SummaryRow): PlanSummary {
  return {
    pk: r.pk,
    status: r.status,
    serverStatus: r.server_status,
    planType: r.plan_type,
    orderId: r.order_id,
    orderNumber: r.order_number,
    channelId: r.channel_id,
    channelType: r.channel_type,
    customerId: r.customer_id,
    storeRemoteId: r.store_remote_id,
    staffRemoteId: r.staff_remote_id,
    invoiceNumber: r.invoice_number,
    refundAmount: r.refund_amount,
    currency: r.currency,
    itemCount: r.item_count,
    firstProductName: r.first_product_name,
    createdDate: r.created_date,
    modifiedDate: r.modified_date,
    pendingEdits: r.pending_edits,
    localState: r.severity === null ? null : (LOCAL_STATE[r.severity] ?? 'pending'),
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** Lower bound: a date means the start of that day (UTC). */
export function fromBound(s: string): string {
  return new Date(Date.parse(s)).toISOString()
}

/** Upper bound, exclusive: a date means "through the end of that day" (UTC). */
export function toBoundExclusive(s: string): string {
  const t = Date.parse(s)
  return new Date(DATE_ONLY.test(s) ? t + 86_400_000 : t + 1).toISOString()
}

/** The indexed column each sort walks, or null (status sorts by the overlay, so it cannot). */
const SORT_COLUMN: Record<SortField, string | null> = {
  created_date: 'p.created_date',
  '-created_date': 'p.created_date',
  modified_date: 'p.modified_date',
  '-modified_date': 'p.modified_date',
  pk: 'p.pk',
  '-pk': 'p.pk',
  refund_amount: 'p.refund_amount',
  '-refund_amount': 'p.refund_amount',
  status: null,
  '-status': null,
}

/**
 * WHERE clause and parameters for a query (exported for the EXPLAIN QUERY PLAN tests).
 * `overlayEmpty`: no plan has pending edits, so the display status is the server status and
 * the status filter can be a plain indexed `p.status IN (...)`.
 * `walkColumn`: write every other column as `+p.x`, which stops SQLite from using its index,
 * so the plan walks the sort column's index and stops after LIMIT rows (see PlanQueries).
 */
export function buildWhere(
  q: SearchQuery,
  overlayEmpty = false,
  walkColumn: string | null = null,
): { where: string; params: unknown[]; usesOverlay: boolean; textOnly: boolean } {
  let usesOverlay = false
  let hasText = false
  const c = (column: string) => (walkColumn !== null && column !== walkColumn ? `+${column}` : column)
  const clauses: string[] = []
  const params: unknown[] = []
  const inList = (column: string, values: readonly unknown[]) => {
    clauses.push(`${c(column)} IN (${values.map(() => '?').join(', ')})`)
    params.push(...values)
  }
  if (q.text !== undefined) {
    const match = matchExpression(q.text)
    if (match !== null) {
      clauses.push(`${c('p.pk')} IN (SELECT rowid FROM plans_fts WHERE plans_fts MATCH ?)`)
      params.push(match)
      hasText = true
    }
  }
  if (q.statuses && q.statuses.length > 0 && overlayEmpty) {
    inList('p.status', q.statuses)
  } else if (q.statuses && q.statuses.length > 0) {
    // The first clause lets SQLite use idx_plans_status; plans with pending edits (few) are
    // added back so their display status can be tested by the second.
    usesOverlay = true
    const marks = q.statuses.map(() => '?').join(', ')
    clauses.push(
      `${c('p.pk')} IN (SELECT pk FROM plans WHERE status IN (${marks}) UNION ALL SELECT plan_pk FROM plan_local)`,
      `COALESCE(o.status, p.status) IN (${marks})`,
    )
    params.push(...q.statuses, ...q.statuses)
  }
  if (q.planType !== undefined) {
    clauses.push(`${c('p.plan_type')} = ?`)
    params.push(q.planType)
  }
  if (q.channelType !== undefined) {
    clauses.push(`${c('p.channel_id')} IN (SELECT id FROM channels WHERE type = ?)`)
    params.push(q.channelType)
  }
  if (q.channelIds && q.channelIds.length > 0) inList('p.channel_id', q.channelIds)
  if (q.storeRemoteId !== undefined) {
    clauses.push(`${c('p.store_remote_id')} = ?`)
    params.push(q.storeRemoteId)
  }
  if (q.staffRemoteId !== undefined) {
    clauses.push(`${c('p.staff_remote_id')} = ?`)
    params.push(q.staffRemoteId)
  }
  if (q.createdFrom !== undefined) {
    clauses.push(`${c('p.created_date')} >= ?`)
    params.push(fromBound(q.createdFrom))
  }
  if (q.createdTo !== undefined) {
    clauses.push(`${c('p.created_date')} < ?`)
    params.push(toBoundExclusive(q.createdTo))
  }
  if (q.modifiedFrom !== undefined) {
    clauses.push(`${c('p.modified_date')} >= ?`)
    params.push(fromBound(q.modifiedFrom))
  }
  if (q.modifiedTo !== undefined) {
    clauses.push(`${c('p.modified_date')} < ?`)
    params.push(toBoundExclusive(q.modifiedTo))
  }
  if (q.invoiceNumber !== undefined) {
    clauses.push(`${c('p.invoice_number')} = ?`)
    params.push(q.invoiceNumber)
  }
  if (q.orderNumber !== undefined) {
    clauses.push(`${c('p.order_number')} = ?`)
    params.push(q.orderNumber)
  }
  if (q.customerId !== undefined) {
    clauses.push(`${c('p.customer_id')} = ?`)
    params.push(q.customerId)
  }
  if (q.hasPendingEdits !== undefined) {
    usesOverlay = true
    clauses.push(q.hasPendingEdits ? 'o.plan_pk IS NOT NULL' : 'o.plan_pk IS NULL')
  }
  return {
    where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '',
    params,
    usesOverlay,
    textOnly: hasText && clauses.length === 1,
  }
}

export function buildSearchSql(
  q: SearchQuery,
  overlayEmpty = false,
  walkSortIndex = false,
): { rowsSql: string; countSql: string; params: unknown[]; rowParams: unknown[] } {
  const sort = q.sort ?? DEFAULT_SORT
  const { where, params, usesOverlay, textOnly } = buildWhere(q, overlayEmpty)
  const walk = walkSortIndex ? SORT_COLUMN[sort] : null
  const rows = walk === null ? { where, params } : buildWhere(q, overlayEmpty, walk)
  return {
    rowsSql: `SELECT ${SUMMARY_COLUMNS} ${FROM} ${rows.where} ORDER BY ${ORDER_BY[sort]} LIMIT ? OFFSET ?`,
    // The count needs only the joins its WHERE reads (never channels: channelType is a subquery);
    // text alone is counted in the index itself (every index row is a cached plan).
    countSql: textOnly
      ? 'SELECT count(*) AS n FROM plans_fts WHERE plans_fts MATCH ?'
      : `SELECT count(*) AS n FROM plans p ${usesOverlay ? OVERLAY_JOIN : ''} ${where}`,
    params,
    rowParams: rows.params,
  }
}

/**
 * Which plan reads a page faster. With filters, SQLite prefers the filters' indexes and then
 * sorts every match; for broad matches (a status, a common word) walking the sort index and
 * stopping after offset+limit hits is far cheaper. Expected rows walked ≈ (offset+limit) ×
 * plans / matches; walk when that is below the number of matches that would be sorted.
 */
export function shouldWalkSortIndex(q: SearchQuery, total: number, planCount: number): boolean {
  if (SORT_COLUMN[q.sort ?? DEFAULT_SORT] === null || total === 0) return false
  const window = (q.offset ?? 0) + (q.limit ?? DEFAULT_LIMIT)
  return (window * planCount) / total < total
}

export class PlanQueries {
  private readonly cache = new Map<string, Statement>()
  private readonly byPk: Statement<[number], SummaryRow & { raw_json: string | Buffer; synced_at: string }>
  private readonly overlayRows: Statement<[], { n: number }>
  private readonly planCount: Statement<[], { n: number }>

  constructor(private readonly db: Database) {
    this.byPk = db.prepare(
      `SELECT ${SUMMARY_COLUMNS}, j.raw_json AS raw_json, p.synced_at AS synced_at ${FROM} JOIN plan_json j ON j.pk = p.pk WHERE p.pk = ?`,
    )
    this.overlayRows = db.prepare(`SELECT EXISTS (SELECT 1 FROM outbox WHERE state IN ${OPEN_STATES_SQL}) AS n`)
    this.planCount = db.prepare('SELECT count(*) AS n FROM plans')
  }

  private prepared(sql: string): Statement {
    let st = this.cache.get(sql)
    if (!st) {
      // Filter combinations are finite but many; keep the cache from growing without bound.
      if (this.cache.size > 200) this.cache.clear()
      st = this.db.prepare(sql)
      this.cache.set(sql, st)
    }
    return st
  }

  search(q: SearchQuery): SearchResult {
    const limit = q.limit ?? DEFAULT_LIMIT
    const offset = q.offset ?? 0
    // Count and page read the same snapshot.
    return this.db.transaction(() => {
      const overlayEmpty = this.overlayRows.get()!.n === 0
      const plain = buildSearchSql(q, overlayEmpty)
      const total = (this.prepared(plain.countSql).get(...plain.params) as { n: number }).n
      if (total === 0 || offset >= total) return { total, rows: [] }
      const filtered = plain.params.length > 0
      const sql = filtered && shouldWalkSortIndex(q, total, this.planCount.get()!.n) ? buildSearchSql(q, overlayEmpty, true) : plain
      const rows = (this.prepared(sql.rowsSql).all(...sql.rowParams, limit, offset) as SummaryRow[]).map(toSummary)
      return { total, rows }
    })()
  }

  /** Throws DamagedRecordError when the stored server JSON cannot be read back as an object. */
  get(pk: number): PlanDetail | null {
    const row = this.byPk.get(pk)
    if (!row) return null
    const server = readRecord(row.raw_json)
    if (server === null) throw new DamagedRecordError(pk)
    return {
      summary: toSummary(row),
      server,
      local: { pendingEdits: row.pending_edits, syncedAt: row.synced_at },
    }
  }
}

/** A cached plan whose stored server JSON is unreadable (code 'storage', as IPC errors carry it). */
export class DamagedRecordError extends Error {
  override readonly name = 'DamagedRecordError'
  readonly code = 'storage' as const
  constructor(readonly pk: number) {
    super(`Plan ${pk}'s cached copy is damaged; the next sync fetches it again.`)
  }
}

/**
 * The record check at open: plan_json rows that are not an intact record (record.ts). A
 * compressed record is checked against its checksum without inflating it; a text one (from a
 * cache before migration 004) must be a JSON object, which json_valid parses once. 100,000
 * records take a few hundred milliseconds.
 */
export function findDamagedRecords(db: Database): number[] {
  db.function('plandesk_record_intact', { deterministic: true }, (stored: unknown) => (recordIntact(stored) ? 1 : 0))
  return db
    .prepare(
      `SELECT pk FROM plan_json
        WHERE CASE WHEN typeof(raw_json) = 'blob' THEN NOT plandesk_record_intact(raw_json)
                   ELSE substr(raw_json, 1, 1) <> '{' OR NOT json_valid(raw_json) END
        ORDER BY pk`,
    )
    .pluck()
    .all() as number[]
}
