/**
 * B3's fixed, seeded mix of 200 searches (text, prefix, Turkish text, filters only, several
 * statuses plus a type, text plus filters, each sort, deep offsets), built from values found in
 * the cache itself, and the same questions written as plain hand-written SQL: the floor.
 */
import type { Database } from 'better-sqlite3'
import { SORT_FIELDS, type SearchQuery, type SortField } from '../../../preload/contract'
import { matchExpression } from '../../../main/store/fts'
import { seededRandom } from './stats'

/** What the mix draws from: values present in the cache. */
export interface CacheSample {
  plans: number
  orderNumbers: string[]
  stores: string[]
  staff: string[]
  channelTypes: string[]
  statuses: string[]
  /** created_date of the oldest and newest plan. */
  created: [string, string]
}

export function sampleCache(db: Database): CacheSample {
  const col = (sql: string) => db.prepare(sql).pluck().all() as string[]
  const plans = db.prepare('SELECT count(*) FROM plans').pluck().get() as number
  const range = db.prepare('SELECT min(created_date) AS a, max(created_date) AS b FROM plans').get() as { a: string; b: string }
  return {
    plans,
    orderNumbers: col('SELECT order_number FROM plans WHERE order_number IS NOT NULL ORDER BY pk LIMIT 40'),
    stores: col('SELECT DISTINCT store_remote_id FROM plans WHERE store_remote_id IS NOT NULL ORDER BY 1 LIMIT 20'),
    staff: col('SELECT DISTINCT staff_remote_id FROM plans WHERE staff_remote_id IS NOT NULL ORDER BY 1 LIMIT 20'),
    channelTypes: col('SELECT DISTINCT type FROM channels WHERE type IS NOT NULL ORDER BY 1'),
    statuses: col('SELECT DISTINCT status FROM plans ORDER BY 1'),
    created: [range.a, range.b],
  }
}

/** Words of the simulator's catalog as staff would type them: whole, prefixes, without Turkish letters, in capitals. */
const WORDS = ['kazak', 'gömlek', 'ayakkabısı', 'çaydanlık', 'kulaklık', 'süpürge', 'şampuan', 'çanta', 'havlu', 'eşofman', 'ceket', 'yapboz']
const PREFIXES = ['ka', 'göm', 'ayak', 'çay', 'kul', 'sü', 'şam', 'çan', 'hav', 'pam', 'por', 'ar']
const TURKISH = ['CAYDANLIK', 'ŞAMPUAN', 'sampuan', 'canta', 'KULAKLIK', 'Gomlek', 'İade', 'iptal', 'ESOFMAN', 'Süet çizme']
const KINDS = ['text', 'prefix', 'turkish', 'filters', 'statuses+type', 'text+filters', 'sort', 'deep'] as const
export type QueryKind = (typeof KINDS)[number]

export interface MixQuery {
  kind: QueryKind
  q: SearchQuery
}

/** The renderer's page size (renderer/src/stores/plan-list.ts). */
export const PAGE = 200

export function searchMix(s: CacheSample, count = 200, seed = 20261129): MixQuery[] {
  const rnd = seededRandom(seed)
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]
  const some = <T>(a: readonly T[], n: number): T[] => [...new Set(Array.from({ length: n }, () => pick(a)))]
  const sort = (): SortField => pick(SORT_FIELDS)
  const day = (f: number) => {
    const a = Date.parse(s.created[0])
    const b = Date.parse(s.created[1])
    return new Date(a + (b - a) * f).toISOString().slice(0, 10)
  }
  const filters = (): SearchQuery => {
    switch (Math.floor(rnd() * 5)) {
      case 0:
        return { statuses: [pick(s.statuses)] as SearchQuery['statuses'] }
      case 1:
        return { storeRemoteId: pick(s.stores) }
      case 2:
        return s.channelTypes.length > 0 ? { channelType: pick(s.channelTypes) } : { planType: 'refund' }
      case 3: {
        const f = rnd() * 0.8
        return { createdFrom: day(f), createdTo: day(f + 0.1) }
      }
      default:
        return { planType: pick(['cancel', 'refund'] as const), staffRemoteId: pick(s.staff) }
    }
  }
  const out: MixQuery[] = []
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length]
    let q: SearchQuery
    switch (kind) {
      case 'text':
        q = rnd() < 0.25 ? { text: pick(s.orderNumbers) } : { text: pick(WORDS) }
        break
      case 'prefix':
        q = { text: pick(PREFIXES) }
        break
      case 'turkish':
        q = { text: pick(TURKISH) }
        break
      case 'filters':
        q = filters()
        break
      case 'statuses+type':
        q = { statuses: some(s.statuses, 2 + Math.floor(rnd() * 2)) as SearchQuery['statuses'], planType: pick(['cancel', 'refund'] as const) }
        break
      case 'text+filters':
        q = { text: pick([...WORDS, ...PREFIXES]), ...filters() }
        break
      case 'sort':
        q = rnd() < 0.5 ? {} : { statuses: [pick(s.statuses)] as SearchQuery['statuses'] }
        break
      case 'deep':
        q = rnd() < 0.7 ? {} : { statuses: [pick(s.statuses)] as SearchQuery['statuses'] }
        q.offset = Math.floor((0.2 + rnd() * 0.6) * s.plans * (q.statuses ? 0.1 : 1))
        break
    }
    out.push({ kind, q: { ...q, sort: sort(), limit: PAGE } })
  }
  return out
}

const COLUMNS = `p.pk, p.status, p.plan_type, p.order_id, p.order_number, p.channel_id, c.type AS channel_type, p.customer_id,
  p.store_remote_id, p.staff_remote_id, p.invoice_number, p.refund_amount, p.currency, p.item_count, p.first_product_name,
  p.created_date, p.modified_date`

const ORDER: Record<SortField, string> = {
  created_date: 'p.created_date, p.pk',
  '-created_date': 'p.created_date DESC, p.pk DESC',
  modified_date: 'p.modified_date, p.pk',
  '-modified_date': 'p.modified_date DESC, p.pk DESC',
  pk: 'p.pk',
  '-pk': 'p.pk DESC',
  refund_amount: 'p.refund_amount, p.pk',
  '-refund_amount': 'p.refund_amount DESC, p.pk DESC',
  status: 'p.status, p.pk',
  '-status': 'p.status DESC, p.pk DESC',
}

/**
 * The question as a person would write it in SQL against the cache, with no pending edits (the
 * benchmark cache has none): a WHERE of the filters, ORDER BY the sort, LIMIT/OFFSET, and a count.
 * A refund sort lists each currency's plans together, in the order of `currencies` (the cache's,
 * most plans first: what the query API does), plans without a currency last.
 */
export function floorSql(q: SearchQuery, currencies: readonly string[] = []): { rows: string; count: string; params: unknown[] } {
  const where: string[] = []
  const params: unknown[] = []
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause)
    params.push(...values)
  }
  const match = q.text === undefined ? null : matchExpression(q.text)
  if (match !== null) add('p.pk IN (SELECT rowid FROM plans_fts WHERE plans_fts MATCH ?)', match)
  if (q.statuses?.length) add(`p.status IN (${q.statuses.map(() => '?').join(', ')})`, ...q.statuses)
  if (q.planType) add('p.plan_type = ?', q.planType)
  if (q.channelType) add('p.channel_id IN (SELECT id FROM channels WHERE type = ?)', q.channelType)
  if (q.storeRemoteId) add('p.store_remote_id = ?', q.storeRemoteId)
  if (q.staffRemoteId) add('p.staff_remote_id = ?', q.staffRemoteId)
  if (q.createdFrom) add('p.created_date >= ?', new Date(Date.parse(q.createdFrom)).toISOString())
  if (q.createdTo) add('p.created_date < ?', new Date(Date.parse(q.createdTo) + 86_400_000).toISOString())
  const w = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const sort = q.sort ?? '-created_date'
  const byCurrency = sort === 'refund_amount' || sort === '-refund_amount'
  // Currency codes are three capital letters (the cache upper-cases them): safe to write into the SQL.
  const group = byCurrency ? `CASE p.currency ${currencies.map((c, i) => `WHEN '${c}' THEN ${i}`).join(' ')} ELSE ${currencies.length} END, ` : ''
  return {
    rows: `SELECT ${COLUMNS} FROM plans p LEFT JOIN channels c ON c.id = p.channel_id ${w} ORDER BY ${group}${ORDER[sort]} LIMIT ${q.limit ?? 50} OFFSET ${q.offset ?? 0}`,
    count: `SELECT count(*) FROM plans p ${w}`,
    params,
  }
}
