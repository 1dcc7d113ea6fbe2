/**
 * The query side: searchPlans / getPlan in the contract's shapes.
 *
 * The server's values come from `plans`; a plan with open changes made here shows what the one
 * rule says of them (planShown, main/domain/plan-display.ts), and the `plan_local` view over the
 * outbox's open edits, which agrees with it, serves the status filter, the sort and the counts.
 * Every list filter maps to an indexed column; the SQL is built from the filters present and its
 * prepared statement cached, so each filter combination is compiled once.
 */
import type { ReadableDB, ReadStatement } from './connection'
import type { PlanDetail, PlanSummary, SearchQuery, SearchResult, SortField } from '../../preload/contract'
import { planShown, type PlanChange } from '../domain'
import { openChangesReader } from '../outbox/local-view'
import { OPEN_STATES_SQL } from '../outbox/states'
import { CacheVersion } from './cache-version'
import { matchExpression } from './fts'
import { isShortText, SET_FUNCTION, ShortTextMatches, type PkSet } from './short-text'
import type { PlanRow } from './extract'
import { readRecord, recordIntact } from './record'

export const DEFAULT_LIMIT = 50
/** At most this many related plans (an order with more cancellation plans than this is not one a person reviews by eye). */
export const RELATED_LIMIT = 100
export const DEFAULT_SORT: SortField = '-created_date'

const SUMMARY_COLUMNS = `
  p.pk AS pk, COALESCE(o.status, p.status) AS status, p.status AS server_status, p.plan_type AS plan_type,
  p.order_id AS order_id, p.order_number AS order_number, p.channel_id AS channel_id, c.type AS channel_type,
  p.customer_id AS customer_id, p.store_remote_id AS store_remote_id, p.staff_remote_id AS staff_remote_id,
  p.invoice_number AS invoice_number, p.refund_amount AS refund_amount, p.currency AS currency,
  p.item_count AS item_count, p.first_product_name AS first_product_name, p.created_date AS created_date,
  p.modified_date AS modified_date, COALESCE(o.pending_edits, 0) AS pending_edits`

const FROM = `FROM plans p
  LEFT JOIN plan_local o ON o.plan_pk = p.pk
  LEFT JOIN channels c ON c.id = p.channel_id`
const OVERLAY_JOIN = 'LEFT JOIN plan_local o ON o.plan_pk = p.pk'

/** What the summary query selects: the plan's columns, with the overlay's status and counts. */
type SummaryRow = Omit<PlanRow, 'order_status' | 'created_by_id' | 'modified_by_id' | 'related_plan' | 'invoice_date'> & {
  server_status: string
  channel_type: string | null
  pending_edits: number
}

/**
 * A row as the contract's summary. The plan's own columns come from the row; a plan with open
 * changes made here shows what planShown() (main/domain/plan-display.ts) says of them, which the
 * row's overlay columns (the `plan_local` view, for filtering and sorting) agree with.
 */
export function toSummary(r: SummaryRow, changes: readonly PlanChange[] = []): PlanSummary {
  const shown = planShown(r.server_status, changes)
  return {
    pk: r.pk,
    status: shown.status,
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
    pendingEdits: shown.pendingEdits,
    localState: shown.localState,
    note: shown.note,
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** Lower bound: a date means the start of that day (UTC). */
export function fromBound(s: string): string {
  return new Date(Date.parse(s)).toISOString()
}

/**
 * A bound past the year 9999, as text that sorts after every stored date: the cache compares
 * ISO dates as text, and toISOString() writes such a year as "+010000-…", which sorts first.
 */
const PAST_LAST_DATE = '9999-12-31T23:59:59.999Z~'

/** Upper bound, exclusive: a date means "through the end of that day" (UTC). */
export function toBoundExclusive(s: string): string {
  const t = Date.parse(s)
  const end = new Date(DATE_ONLY.test(s) ? t + 86_400_000 : t + 1)
  return end.getUTCFullYear() > 9999 ? PAST_LAST_DATE : end.toISOString()
}

/**
 * The sort key of each sort: its expression, whether it can be NULL (SQLite sorts NULL first),
 * and the indexed column that walks it in order (null: none can). The status the person sees
 * comes from the overlay, which no index orders, but when no plan has pending edits it IS the
 * server's status, and idx_plans_status walks that (sortKey).
 */
interface SortKey {
  expr: string
  nullable: boolean
  desc: boolean
}

export function sortKey(sort: SortField, overlayEmpty: boolean): SortKey {
  const desc = sort.startsWith('-')
  const field = (desc ? sort.slice(1) : sort) as Exclude<SortField, `-${string}`>
  if (field === 'status') return { expr: overlayEmpty ? 'p.status' : 'COALESCE(o.status, p.status)', nullable: false, desc }
  return { expr: `p.${field}`, nullable: field === 'created_date' || field === 'refund_amount', desc }
}

/** `unindexed`: each term as `+expr`, which SQLite cannot read from an index (see SearchSqlOptions.sortMatches). */
function orderBy(key: SortKey, unindexed = false): string {
  const dir = key.desc ? 'DESC' : 'ASC'
  const u = unindexed ? '+' : ''
  return key.expr === 'p.pk' ? `${u}p.pk ${dir}` : `${u}${key.expr} ${dir}, ${u}p.pk ${dir}`
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
 * How the text is tested: `match` looks its matches up in the full-text index (SQLite may start
 * from them); `aside` tests each plan against them, written so no index starts from them
 * (SearchSqlOptions.textAside); `set` tests each plan with the kept set of a short text's matches
 * (ShortTextMatches), which no index serves either.
 */
export type TextTest = 'match' | 'aside' | 'set'

/** A search limited to one currency's part of a refund sort (null: the plans without a currency). */
export type GroupQuery = SearchQuery & { currencyGroup?: string | null }

/**
 * Whether a search sorts by refund across currencies: amounts of different currencies are not
 * comparable, so such a sort lists each currency's plans together (see PlanQueries.searchByCurrency).
 * With a currency filter it is a plain sort within that currency.
 */
export function sortsByCurrency(q: SearchQuery): boolean {
  return (q.sort === 'refund_amount' || q.sort === '-refund_amount') && q.currency === undefined
}

/**
 * WHERE clause and parameters for a query (exported for the EXPLAIN QUERY PLAN tests).
 * `overlayEmpty`: no plan has pending edits, so the display status is the server status and
 * the status filter can be a plain indexed `p.status IN (...)`.
 * `walkColumn`: write every other column as `+p.x`, which stops SQLite from using its index,
 * so the plan walks the sort column's index and stops after LIMIT rows (see PlanQueries).
 */
export function buildWhere(
  q: GroupQuery,
  overlayEmpty = false,
  walkColumn: string | null = null,
  text: TextTest = 'match',
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
      clauses.push(
        text === 'set'
          ? `${SET_FUNCTION}(?, p.pk)`
          : `${text === 'aside' ? '+p.pk' : c('p.pk')} IN (SELECT rowid FROM plans_fts WHERE plans_fts MATCH ?)`,
      )
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
  // The currency leads the refund index (migration 011): a walk of that index reads its range;
  // anywhere else it is tested on each match (an index of a few currencies is no filter).
  const currency = walkColumn === 'p.refund_amount' ? 'p.currency' : '+p.currency'
  if (q.currency !== undefined) {
    clauses.push(`${currency} = ?`)
    params.push(q.currency.toUpperCase())
  }
  // One currency's part of a refund sort (see PlanQueries.searchByCurrency); null: plans without one.
  if (q.currencyGroup === null) clauses.push(`${currency} IS NULL`)
  else if (q.currencyGroup !== undefined) {
    clauses.push(`${currency} = ?`)
    params.push(q.currencyGroup)
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

/**
 * Where a page starts in keyset paging: the sort key's value and the pk of the last row of the
 * page before (SearchResult.nextCursor). Opaque to callers: base64url of [sort, value, pk].
 */
export interface Cursor {
  sort: SortField
  value: string | number | null
  pk: number
  /** A refund sort across currencies: the currency the page ended in (null: no currency). */
  group?: string | null
}

/** A cursor that does not belong to this search (another sort, or not one PlanDesk made). */
export class BadCursorError extends Error {
  override readonly name = 'BadCursorError'
  readonly code = 'validation' as const
  constructor() {
    super('This list position no longer fits the search; start again from the top.')
  }
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c.group === undefined ? [c.sort, c.value, c.pk] : [c.sort, c.value, c.pk, c.group])).toString('base64url')
}

export function decodeCursor(token: string, sort: SortField): Cursor {
  let v: unknown
  try {
    v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    throw new BadCursorError()
  }
  if (!Array.isArray(v) || (v.length !== 3 && v.length !== 4) || v[0] !== sort || !Number.isSafeInteger(v[2])) throw new BadCursorError()
  if (v[1] !== null && typeof v[1] !== 'string' && typeof v[1] !== 'number') throw new BadCursorError()
  if (v.length === 4 && v[3] !== null && typeof v[3] !== 'string') throw new BadCursorError()
  return { sort, value: v[1] as Cursor['value'], pk: v[2] as number, ...(v.length === 4 ? { group: v[3] as string | null } : {}) }
}

/** The sort key's value of a row, for the cursor after it. */
function cursorValue(sort: SortField, r: PlanSummary): string | number | null {
  switch (sort.replace(/^-/, '')) {
    case 'created_date':
      return r.createdDate
    case 'modified_date':
      return r.modifiedDate
    case 'pk':
      return r.pk
    case 'refund_amount':
      return r.refundAmount
    default:
      return r.status
  }
}

/**
 * "After the cursor" in the sort's order, written so that SQLite can start a walk of the sort
 * column's index at the cursor (`col <= ? AND ...`) instead of stepping over everything before
 * it. SQLite sorts NULL first: ascending, the NULL rows come before every value; descending,
 * after them.
 */
function keysetClause(key: SortKey, after: Cursor): { sql: string; params: unknown[] } {
  const { expr, desc, nullable } = key
  const lt = desc ? '<' : '>'
  if (expr === 'p.pk') return { sql: `p.pk ${lt} ?`, params: [after.pk] }
  if (after.value === null) {
    return desc
      ? { sql: `(${expr} IS NULL AND p.pk < ?)`, params: [after.pk] }
      : { sql: `((${expr} IS NULL AND p.pk > ?) OR ${expr} IS NOT NULL)`, params: [after.pk] }
  }
  const range = `${expr} ${lt}= ? AND (${expr} ${lt} ? OR p.pk ${lt} ?)`
  return {
    sql: desc && nullable ? `((${range}) OR ${expr} IS NULL)` : `(${range})`,
    params: [after.value, after.value, after.pk],
  }
}

export interface SearchSqlOptions {
  /** No plan has pending edits: the status shown is the server's (see buildWhere). */
  overlayEmpty?: boolean
  /** Find the page by walking the sort column's index (shouldWalkSortIndex). */
  walkSortIndex?: boolean
  /** Keyset paging: the page starts after this row. */
  after?: Cursor | null
  /** Test the text's matches beside the filters' index (shouldSetTextAside). */
  textAside?: boolean
  /** Test the text with the kept set of its matches (ShortTextMatches); takes the place of textAside. */
  textSet?: boolean
  /**
   * The filters find few matches (the walk was turned down): find them by the filters' indexes
   * and sort them. Without this SQLite may prefer an index that yields the sort order and read
   * far more rows for it: text plus a plan type plus one staff member, sorted by status, read
   * the plan type's index (half the plans, in status order) in 34–44 ms instead of the staff
   * member's few hundred plans in 11 ms.
   */
  sortMatches?: boolean
}

/**
 * The count and the page of a search. The page is found in two steps: the pks of the page
 * (joining only what its WHERE and ORDER BY read, so skipping rows for an OFFSET or walking
 * the sort index touches the index and the row, never the overlay view or channels), then the
 * summary columns of those rows alone. Parameters: rowParams then limit and offset.
 *
 * `CROSS JOIN` keeps the page as the outer loop. With a plain JOIN, SQLite saw the outer ORDER BY
 * and chose to scan every plan in the sort index, looking each one up in an automatic index
 * of the page: 13 ms per search at 100,000 plans whatever the filter, against 2 ms for reading
 * the page's rows by primary key and sorting those few.
 */
export function buildSearchSql(
  q: GroupQuery,
  opts: SearchSqlOptions = {},
): { rowsSql: string; countSql: string; params: unknown[]; rowParams: unknown[]; textOnly: boolean } {
  const { overlayEmpty = false, walkSortIndex = false, after = null, textAside = false, textSet = false, sortMatches = false } = opts
  const sort = q.sort ?? DEFAULT_SORT
  const key = sortKey(sort, overlayEmpty)
  const text: TextTest = textSet ? 'set' : textAside ? 'aside' : 'match'
  const { where, params, usesOverlay, textOnly } = buildWhere(q, overlayEmpty, null, text)
  const walk = walkSortIndex ? (key.expr === 'p.status' ? 'p.status' : SORT_COLUMN[sort]) : null
  const rows = walk === null ? { where, params } : buildWhere(q, overlayEmpty, walk, textSet ? 'set' : 'match')
  const keyset = after === null ? null : keysetClause(key, after)
  const pageWhere = keyset === null ? rows.where : rows.where === '' ? `WHERE ${keyset.sql}` : `${rows.where} AND ${keyset.sql}`
  const pageJoin = usesOverlay || key.expr.includes('o.status') ? OVERLAY_JOIN : ''
  const order = orderBy(key)
  return {
    rowsSql: `SELECT ${SUMMARY_COLUMNS}
      FROM (SELECT p.pk AS pk FROM plans p ${pageJoin} ${pageWhere} ORDER BY ${orderBy(key, sortMatches && walk === null)} LIMIT ? OFFSET ?) AS page
      CROSS JOIN plans p ON p.pk = page.pk
      LEFT JOIN plan_local o ON o.plan_pk = p.pk
      LEFT JOIN channels c ON c.id = p.channel_id
      ORDER BY ${order}`,
    // The count needs only the joins its WHERE reads (never channels: channelType is a subquery);
    // text alone is counted in the index itself (every index row is a cached plan).
    countSql: textOnly
      ? 'SELECT count(*) AS n FROM plans_fts WHERE plans_fts MATCH ?'
      : `SELECT count(*) AS n FROM plans p ${usesOverlay ? OVERLAY_JOIN : ''} ${where}`,
    params,
    rowParams: keyset === null ? rows.params : [...rows.params, ...keyset.params],
    textOnly,
  }
}

/**
 * Which plan reads a page faster. With filters, SQLite prefers the filters' indexes and then
 * sorts every match; for broad matches (a status, a common word) walking the sort index and
 * stopping after offset+limit hits is far cheaper. Expected rows walked ≈ (offset+limit) ×
 * plans / matches; walk when the plans that walk looks up in the table are fewer than the
 * matches that would be looked up and sorted.
 *
 * A walk looks up every plan it steps over, except with a text: the text is tested on the
 * index's entry (the plan number) before the plan is read, so only the plans matching the text
 * are looked up (`textMatches`: how many plans the text matches), and stepping over an entry
 * costs about a fifteenth of a lookup (see shouldSetTextAside). At 300,000 plans, a word and a
 * channel type (5,000 matches) sorted by date read and sorted every match in 34 ms; the walk
 * looks up about 1,000 plans.
 *
 * That estimate holds when the matches are spread evenly along the sort, which a date range
 * never is along the other date: plans created in one fortnight were modified around then too,
 * so walking modified_date from its end steps over nearly every plan before reaching them
 * (120 ms at 100,000 plans; read by the range and sorted, that search no longer showed among the mix's slowest, all under 18 ms).
 */
export function shouldWalkSortIndex(q: SearchQuery, total: number, planCount: number, overlayEmpty = false, textMatches: number | null = null): boolean {
  const sort = q.sort ?? DEFAULT_SORT
  if ((SORT_COLUMN[sort] === null && !(overlayEmpty && sortKey(sort, true).expr === 'p.status')) || total === 0) return false
  const column = SORT_COLUMN[sort]
  const createdRange = q.createdFrom !== undefined || q.createdTo !== undefined
  const modifiedRange = q.modifiedFrom !== undefined || q.modifiedTo !== undefined
  if ((createdRange && column === 'p.modified_date') || (modifiedRange && column === 'p.created_date')) return false
  const window = (q.offset ?? 0) + (q.limit ?? DEFAULT_LIMIT)
  const walked = (window * planCount) / total
  if (textMatches === null) return walked < total
  return (walked * Math.min(textMatches, planCount)) / Math.max(1, planCount) + walked / INDEX_STEPS_PER_LOOKUP < total
}

/** About how many index entries are read for the cost of one lookup of a plan in the table (shouldWalkSortIndex). */
const INDEX_STEPS_PER_LOOKUP = 15

/**
 * Whether text plus filters should read the filters' index and test each entry against the text's
 * matches (`textAside`), instead of looking up every text match in the plans table and testing
 * the filters there. A lookup in the table costs about 3 µs; an index entry and the membership
 * test about 0.2 µs, and collecting the matches about 0.3 µs each. So once the text matches a
 * twentieth of the plans, even a filter whose index covers every plan is cheaper to read; below
 * that, a narrow text (an order number) is faster looked up. Only filters an index serves count:
 * with none, reading the index would mean reading every plan.
 */
export function shouldSetTextAside(q: SearchQuery, textMatches: () => number, planCount: number): boolean {
  // The filters first: counting the text's matches is a read of the full-text index.
  return hasIndexedFilter(q) && textMatches() * TEXT_ASIDE_SHARE >= planCount
}

/** A text matching at least one plan in this many is broad (shouldSetTextAside). */
const TEXT_ASIDE_SHARE = 20

/** A filter besides the text that an index of plans serves. */
function hasIndexedFilter(q: SearchQuery): boolean {
  return (
    (q.statuses?.length ?? 0) > 0 ||
    (q.channelIds?.length ?? 0) > 0 ||
    [q.planType, q.channelType, q.storeRemoteId, q.staffRemoteId, q.createdFrom, q.createdTo, q.modifiedFrom, q.modifiedTo, q.invoiceNumber, q.orderNumber, q.customerId].some(
      (v) => v !== undefined,
    )
  )
}

/** Other plans of an order, by one of the plan's order columns; parameters: the value, the plan's pk, the limit. */
export function relatedSql(column: 'order_number' | 'order_id'): string {
  return `SELECT ${SUMMARY_COLUMNS} ${FROM} WHERE p.${column} = ? AND p.pk <> ? ORDER BY p.created_date, p.pk LIMIT ?`
}

/** The cache's plans per currency (a scan of idx_plans_currency_refund; kept until the cache changes). */
export const CURRENCY_COUNTS_SQL = 'SELECT currency, count(*) AS n FROM plans GROUP BY currency'

/** A search's matches per currency (for a refund sort's jump to an offset). */
export function groupCountSql(q: SearchQuery, overlayEmpty: boolean): { sql: string; params: unknown[] } {
  const { where, params, usesOverlay } = buildWhere(q, overlayEmpty)
  return { sql: `SELECT p.currency AS currency, count(*) AS n FROM plans p ${usesOverlay ? OVERLAY_JOIN : ''} ${where} GROUP BY p.currency`, params }
}

/** What every page of one search shares (PlanQueries.search). */
interface PageContext {
  overlayEmpty: boolean
  plans: number
  set: PkSet | null
  broadSet: boolean
  aside: boolean
  /** How many plans the search's text matches (counted once, when first asked); null: no text. */
  textMatches: (() => number) | null
}

export class PlanQueries {
  private readonly cache = new Map<string, ReadStatement<unknown[]>>()
  private readonly byPk: ReadStatement<[number], SummaryRow & { raw_json: string | Buffer; synced_at: string }>
  private readonly overlayRows: ReadStatement<[], { n: number }>
  private readonly planCount: ReadStatement<[], { n: number }>
  private readonly textCount: ReadStatement<[string], { n: number }>
  private readonly orderOf: ReadStatement<[number], { order_number: string | null; order_id: number | null }>
  private readonly byOrderNumber: ReadStatement<[string, number, number], SummaryRow>
  private readonly byOrderId: ReadStatement<[number, number, number], SummaryRow>
  /** The matches of short texts, kept between searches (short-text.ts). */
  readonly shortText: ShortTextMatches
  private readonly currencyCounts: ReadStatement<[], { currency: string | null; n: number }>
  private readonly version: CacheVersion
  private currencies: { version: string; order: Array<{ currency: string | null; n: number }> } | null = null
  private counted: { version: string; n: number } | null = null
  private readonly openChanges: (planPk: number) => PlanChange[]

  constructor(private readonly db: ReadableDB) {
    this.shortText = ShortTextMatches.for(db)
    this.openChanges = openChangesReader(db)
    this.byPk = db.prepare(
      `SELECT ${SUMMARY_COLUMNS}, j.raw_json AS raw_json, p.synced_at AS synced_at ${FROM} JOIN plan_json j ON j.pk = p.pk WHERE p.pk = ?`,
    )
    this.overlayRows = db.prepare(`SELECT EXISTS (SELECT 1 FROM outbox WHERE state IN ${OPEN_STATES_SQL}) AS n`)
    this.planCount = db.prepare('SELECT count(*) AS n FROM plans')
    this.textCount = db.prepare('SELECT count(*) AS n FROM plans_fts WHERE plans_fts MATCH ?')
    this.orderOf = db.prepare('SELECT order_number, order_id FROM plans WHERE pk = ?')
    this.byOrderNumber = db.prepare(relatedSql('order_number'))
    this.byOrderId = db.prepare(relatedSql('order_id'))
    this.currencyCounts = db.prepare(CURRENCY_COUNTS_SQL)
    this.version = new CacheVersion(db)
  }

  private prepared(sql: string): ReadStatement<unknown[]> {
    let st = this.cache.get(sql)
    if (!st) {
      // Filter combinations are finite but many; keep the cache from growing without bound.
      if (this.cache.size > 200) this.cache.clear()
      st = this.db.prepare(sql)
      this.cache.set(sql, st)
    }
    return st
  }

  /**
   * A page of a search and the number of matches. Paging by `offset` works as before; a caller
   * scrolling deep passes the `cursor` of the page before instead (nextCursor), which starts the
   * page where the last one ended without stepping over every row before it.
   */
  search(q: SearchQuery): SearchResult {
    const limit = q.limit ?? DEFAULT_LIMIT
    const sort = q.sort ?? DEFAULT_SORT
    const after = q.cursor === undefined ? null : decodeCursor(q.cursor, sort)
    if ((after?.group !== undefined) !== (after !== null && sortsByCurrency(q))) throw new BadCursorError()
    const offset = after === null ? (q.offset ?? 0) : 0
    // Count and page read the same snapshot.
    return this.db.transaction(() => {
      const overlayEmpty = this.overlayRows.get()!.n === 0
      const match = q.text === undefined ? null : matchExpression(q.text)
      const plans = this.plans()
      const set = match !== null && isShortText(q.text) ? this.shortText.get(match) : null
      // A broad text's kept set is tested beside the filters' index, as textAside would, without collecting the matches.
      const broadSet = set !== null && set.size * TEXT_ASIDE_SHARE >= plans
      let matched: number | undefined
      const textMatches = match === null ? null : () => (matched ??= set?.size ?? this.textCount.get(match)!.n)
      const aside = !broadSet && textMatches !== null && shouldSetTextAside(q, textMatches, plans)
      const plain = buildSearchSql(q, { overlayEmpty, after, textAside: aside, textSet: broadSet })
      const total = set !== null && plain.textOnly ? set.size : (this.prepared(plain.countSql).get(...plain.params) as { n: number }).n
      // Text alone: its matches are the total, not counted again for the walk's choice.
      if (plain.textOnly) matched ??= total
      if (total === 0 || offset >= total) return { total, rows: [] }
      const ctx: PageContext = { overlayEmpty, plans, set, broadSet, aside, textMatches }
      // One row more than asked says whether another page follows.
      const rows = sortsByCurrency(q) ? this.pageByCurrency(q, ctx, total, after, offset, limit + 1) : this.page(q, ctx, total, after, offset, limit + 1)
      if (rows.length <= limit) return { total, rows }
      rows.pop()
      const last = rows[rows.length - 1]
      const group = sortsByCurrency(q) ? { group: last.currency } : {}
      return { total, rows, nextCursor: encodeCursor({ sort, value: cursorValue(sort, last), pk: last.pk, ...group }) }
    })()
  }

  /** `limit` rows of a search from `offset` (or right after `after`); `total` is (an estimate of) its matches. */
  private page(q: GroupQuery, ctx: PageContext, total: number, after: Cursor | null, offset: number, limit: number): PlanSummary[] {
    const filtered = buildWhere(q, ctx.overlayEmpty).params.length > 0
    const walk = filtered && shouldWalkSortIndex({ ...q, offset }, total, ctx.plans, ctx.overlayEmpty, ctx.textMatches?.() ?? null)
    // A walk tests only the plans it steps over, so a kept set serves it whatever its size.
    const textSet = ctx.set !== null && (ctx.broadSet || walk)
    const sql = buildSearchSql(q, {
      overlayEmpty: ctx.overlayEmpty,
      after,
      textAside: ctx.aside && !textSet,
      textSet,
      walkSortIndex: walk,
      sortMatches: filtered && !walk,
    })
    return (this.prepared(sql.rowsSql).all(...sql.rowParams, limit, offset) as SummaryRow[]).map((r) => this.summary(r))
  }

  /**
   * A refund sort across currencies: the plans of each currency together, the currency of most
   * plans in the cache first (the person's own: a store works in one currency), then the others
   * by how many plans they have, plans without a currency last; by amount within each. Each
   * currency's part walks the refund index by itself, and the page continues into the next
   * currency where one ends, so a page costs what a plain refund sort's does. Only a jump to an
   * offset needs each currency's count of matches (one grouped count) to find where it lands.
   */
  private pageByCurrency(q: SearchQuery, ctx: PageContext, total: number, after: Cursor | null, offset: number, limit: number): PlanSummary[] {
    const groups = this.currencyOrder()
    let start = 0
    let skip = offset
    if (after !== null) {
      start = groups.findIndex((g) => g.currency === after.group)
      if (start < 0) start = groups.length
    } else if (offset > 0) {
      const counts = this.groupCounts(q, ctx.overlayEmpty)
      while (start < groups.length && skip >= (counts.get(groups[start].currency) ?? 0)) skip -= counts.get(groups[start++].currency) ?? 0
    }
    const rows: PlanSummary[] = []
    for (let g = start; g < groups.length && rows.length < limit; g++) {
      const { currency, n } = groups[g]
      // The share of the cache in this currency estimates its share of the matches (for the walk's choice).
      const estimate = Math.max(1, Math.round((total * n) / Math.max(1, ctx.plans)))
      rows.push(...this.page({ ...q, currencyGroup: currency }, ctx, estimate, g === start ? after : null, g === start ? skip : 0, limit - rows.length))
    }
    return rows
  }

  /**
   * The plans in the cache, counted again only after the cache changed. Counting reads a whole
   * index (1,700 pages at 300,000 plans); done for every search, it also pushed the pages the
   * search itself reads out of SQLite's page cache.
   */
  private plans(): number {
    const version = this.version.now()
    if (this.counted?.version !== version) this.counted = { version, n: this.planCount.get()!.n }
    return this.counted.n
  }

  /** The currencies in the cache, most plans first, no currency last; counted again only after the cache changed. */
  private currencyOrder(): Array<{ currency: string | null; n: number }> {
    const version = this.version.now()
    if (this.currencies?.version !== version) {
      const order = this.currencyCounts.all().sort((a, b) => (a.currency === null ? 1 : b.currency === null ? -1 : b.n - a.n || a.currency.localeCompare(b.currency)))
      this.currencies = { version, order }
    }
    return this.currencies.order
  }

  /** How many matches of the search each currency has; without filters, the cache's own counts (kept). */
  private groupCounts(q: SearchQuery, overlayEmpty: boolean): Map<string | null, number> {
    if (buildWhere(q, overlayEmpty).where === '') return new Map(this.currencyOrder().map((g) => [g.currency, g.n]))
    const sql = groupCountSql(q, overlayEmpty)
    const rows = this.prepared(sql.sql).all(...sql.params) as Array<{ currency: string | null; n: number }>
    return new Map(rows.map((r) => [r.currency, r.n]))
  }

  /**
   * The other cached plans of the plan's order, oldest first; null when the plan is not cached.
   * Matched by order number (idx_plans_order_number); a plan whose order came without a number
   * is matched by order id instead, which no index serves (such plans are rare; the index was
   * dropped in 002 so that every sync does not pay for it).
   */
  related(pk: number, limit = RELATED_LIMIT): PlanSummary[] | null {
    const order = this.orderOf.get(pk)
    if (!order) return null
    const rows =
      order.order_number !== null
        ? this.byOrderNumber.all(order.order_number, pk, limit)
        : order.order_id !== null
          ? this.byOrderId.all(order.order_id, pk, limit)
          : []
    return rows.map((r) => this.summary(r))
  }

  /** A row as its summary; the open changes are read only for a plan that has some (the overlay says). */
  private summary(r: SummaryRow): PlanSummary {
    return toSummary(r, r.pending_edits > 0 ? this.openChanges(r.pk) : [])
  }

  /** Throws DamagedRecordError when the stored server JSON cannot be read back as an object. */
  get(pk: number): PlanDetail | null {
    const row = this.byPk.get(pk)
    if (!row) return null
    const server = readRecord(row.raw_json)
    if (server === null) throw new DamagedRecordError(pk)
    return {
      summary: this.summary(row),
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
export function findDamagedRecords(db: ReadableDB): number[] {
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
