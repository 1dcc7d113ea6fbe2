/**
 * GET cancellation_plans/: filters (filters.ts), DRF page-number pagination with absolute
 * next/previous links, and export_format=csv|xls downloads of every matching plan.
 */
import type Database from 'better-sqlite3'
import { buildPlanQuery } from '../filters'
import { exportPlans } from '../export'
import { HttpError, JSON_HEADERS } from '../http'
import type { Reply, RouteContext } from './context'

export const DEFAULT_LIMIT = 10
/** Larger limits are clamped, like DRF's max_page_size. */
export const MAX_LIMIT = 1000

const COMMA = Buffer.from(',')
const CLOSE = Buffer.from(']}')

const invalidPage = () => new HttpError(404, { detail: 'Invalid page.', code: 'not_found' })

/** Statement cache: the same filter shapes recur (a sync pages with identical SQL). */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>()
function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db)
  if (!cache) statements.set(db, (cache = new Map()))
  let stmt = cache.get(sql)
  if (!stmt) {
    stmt = db.prepare(sql)
    if (cache.size > 500) cache.clear()
    cache.set(sql, stmt)
  }
  return stmt
}

function parseLimit(raw: string | null): number {
  if (raw === null || raw.trim() === '') return DEFAULT_LIMIT
  if (!/^-?\d+$/.test(raw.trim())) throw new HttpError(400, { limit: ['A valid integer is required.'], code: 'invalid' })
  const n = Number(raw)
  if (n < 1) throw new HttpError(400, { limit: ['Ensure this value is greater than or equal to 1.'], code: 'invalid' })
  return Math.min(n, MAX_LIMIT)
}

function pageUrl(ctx: RouteContext, page: number | null): string {
  const url = new URL(ctx.url.pathname + ctx.url.search, ctx.origin)
  // DRF drops the page parameter for the first page.
  if (page === null || page === 1) url.searchParams.delete('page')
  else url.searchParams.set('page', String(page))
  return url.toString()
}

export async function list(ctx: RouteContext): Promise<Reply> {
  const query = buildPlanQuery(ctx.url.searchParams)
  const db = ctx.state.table.db
  const exportFormat = ctx.url.searchParams.get('export_format')?.trim()
  if (exportFormat === 'csv' || exportFormat === 'xls') {
    const pks = prepared(db, `SELECT pk FROM plans ${query.where} ORDER BY ${query.orderBy}`).pluck().all(...query.params) as number[]
    const rows = ctx.state.table.readJsonMany(pks)
    return exportPlans(ctx.state, rows, exportFormat, ctx.state.clock.nowUs())
  }

  const limit = parseLimit(ctx.url.searchParams.get('limit'))
  const count = prepared(db, `SELECT COUNT(*) FROM plans ${query.where}`).pluck().get(...query.params) as number
  const pages = Math.max(1, Math.ceil(count / limit))
  const rawPage = (ctx.url.searchParams.get('page') ?? '').trim()
  let page = 1
  if (rawPage === 'last') page = pages
  else if (rawPage !== '') {
    if (!/^\d+$/.test(rawPage)) throw invalidPage()
    page = Number(rawPage)
    if (page < 1 || page > pages) throw invalidPage()
  }

  // Page of pks from the small indexed table first, then each plan's JSON by primary key.
  const pks = prepared(db, `SELECT pk FROM plans ${query.where} ORDER BY ${query.orderBy} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...query.params, limit, (page - 1) * limit) as number[]
  const rows = ctx.state.table.readJsonMany(pks)
  const next = page < pages ? JSON.stringify(pageUrl(ctx, page + 1)) : 'null'
  const previous = page > 1 ? JSON.stringify(pageUrl(ctx, page - 1)) : 'null'
  // Assembled from bytes: the stored plans are already JSON, re-serialising (or even re-encoding)
  // them would dominate the cost of a 500-row page.
  const parts: Buffer[] = [Buffer.from(`{"count":${count},"next":${next},"previous":${previous},"results":[`)]
  rows.forEach((json, i) => {
    if (i > 0) parts.push(COMMA)
    ctx.state.refs.expandBytes(json, parts)
  })
  parts.push(CLOSE)
  return { status: 200, headers: { ...JSON_HEADERS }, body: Buffer.concat(parts) }
}
