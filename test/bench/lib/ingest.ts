/**
 * B1's floors and its ingest stage, each on the same pages:
 * - fetchPages: every page of the plan list fetched alone (GET, body read, JSON.parse), one
 *   after the other at the page size a sync uses; each body is saved to a file so the ingest
 *   runs can replay the same pages without holding them all in memory;
 * - bareIngest: the pages written with bare prepared statements (the cache's columns, the kept
 *   raw JSON as the cache stores it, the item rows, the FTS row; one transaction per page);
 * - appIngest: the same pages through PlanStore.applyPlans, as a sync writes them;
 * - leanIngest: the pages parsed and written into plain tables without the cache's indexes.
 * Reading a saved page from its file is never timed; parsing it is timed only in leanIngest
 * (the others measure the cache's writing against itself).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite, { type Database } from 'better-sqlite3'
import { checkPlan } from '../../../main/omnitron'
import { openStore } from '../../../main/store'
import { foldText } from '../../../main/store/fold'
import { encodeRecord } from '../../../main/store/record'
import type { PlanInput } from '../../../main/store/types'

export const LIST_PATH = '/api/v1/cancellation_plans/'

/** Which ingest main-child's `ingest` command runs: appIngest, bareIngest or leanIngest. */
export type IngestMode = 'app' | 'bare' | 'lean'

export interface Fetched {
  ms: number
  pages: number
  plans: number
  /** JSON bytes received for the plans (the bodies, as the server sent them). */
  bytes: number
}

export async function fetchPages(opts: { url: string; token: string; pageSize: number; dir: string | null }): Promise<Fetched> {
  const headers = { Authorization: `Token ${opts.token}`, Accept: 'application/json' }
  let bytes = 0
  let plans = 0
  let page = 1
  const t = performance.now()
  for (;;) {
    const res = await fetch(`${opts.url}${LIST_PATH}?page=${page}&limit=${opts.pageSize}`, { headers })
    if (res.status === 404) break
    if (!res.ok) throw new Error(`page ${page} answered ${res.status}`)
    const text = await res.text()
    const body = JSON.parse(text) as { results: unknown[]; next: string | null }
    bytes += Buffer.byteLength(text)
    plans += body.results.length
    if (opts.dir) writeFileSync(join(opts.dir, `page-${String(page).padStart(6, '0')}.json`), text)
    if (!body.next) break
    page++
  }
  return { ms: performance.now() - t, pages: page, plans, bytes }
}

/** The saved pages, one at a time, parsed and checked as the client does (untimed by callers). */
function* savedPages(dir: string): Generator<PlanInput[]> {
  for (const f of readdirSync(dir).filter((n) => n.startsWith('page-')).sort()) {
    const body = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { results: unknown[] }
    const out: PlanInput[] = []
    for (const r of body.results) {
      const c = checkPlan(r)
      if (c.ok) out.push(c.plan)
    }
    yield out
  }
}

/** The cache's schema (a fresh PlanStore file), with `fn` run on its connection; returns its timed milliseconds. */
function withFreshCache(file: string, fn: (db: Database, pages: Generator<PlanInput[]>) => number, dir: string): number {
  const { store } = openStore({ file })
  try {
    return fn(store.db, savedPages(dir))
  } finally {
    store.close()
  }
}

export function appIngest(dir: string, file: string): number {
  const { store } = openStore({ file })
  try {
    let ms = 0
    for (const page of savedPages(dir)) {
      const t = performance.now()
      store.applyPlans(page, 1)
      ms += performance.now() - t
    }
    return ms
  } finally {
    store.close()
  }
}

type Obj = Record<string, unknown>

export function bareIngest(dir: string, file: string): number {
  return withFreshCache(
    file,
    (db, pages) => {
      const plan = db.prepare(`INSERT INTO plans (pk, status, plan_type, order_id, order_number, order_status, channel_id, customer_id,
          store_remote_id, staff_remote_id, invoice_number, refund_amount, currency, item_count, first_product_name,
          created_by_id, modified_by_id, related_plan, invoice_date, created_date, modified_date, raw_hash, synced_at, seen_run)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, 1)`)
      const json = db.prepare('INSERT INTO plan_json (pk, raw_json) VALUES (?, ?)')
      const item = db.prepare(`INSERT INTO plan_items (plan_pk, position, item_pk, order_item_id, product_name, sku, base_code, status, reason_subject, price)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      const fts = db.prepare('INSERT INTO plans_fts (rowid, body) VALUES (?, ?)')
      const now = new Date().toISOString()
      let ms = 0
      for (const page of pages) {
        const t = performance.now()
        db.transaction(() => {
          for (const p of page) {
            const r = p.raw
            const o = (r.order ?? {}) as Obj
            const set = (Array.isArray(r.cancellationplanorderitem_set) ? r.cancellationplanorderitem_set : []) as Obj[]
            const cb = (r.created_by ?? {}) as Obj
            const text: unknown[] = [p.pk, o.number, r.invoice_number, o.invoice_number, o.tracking_number, o.carrier_shipping_code, o.shipping_company,
              r.retail_store_remote_id, r.staff_remote_id, cb.username, cb.first_name, cb.last_name]
            const firstName = ((set[0]?.order_item as Obj | undefined)?.product as Obj | undefined)?.name ?? null
            plan.run(p.pk, p.status, r.plan_type ?? '', o.pk ?? null, o.number ?? null, typeof o.status === 'number' ? o.status : Number(o.status ?? NaN) || null,
              o.channel ?? null, o.customer ?? null, r.retail_store_remote_id ?? null, r.staff_remote_id ?? null, r.invoice_number ?? null,
              r.refund_amount === undefined || r.refund_amount === null ? null : Number(r.refund_amount), typeof o.currency === 'string' ? o.currency.toUpperCase() : null,
              set.length, firstName, cb.pk ?? null, r.modified_by_id ?? null, typeof r.related_cancellation_plan === 'number' ? r.related_cancellation_plan : null,
              r.invoice_date ?? null, r.created_date ?? null, p.modifiedDate, now)
            set.forEach((e, i) => {
              const oi = (e.order_item ?? {}) as Obj
              const pr = (oi.product ?? {}) as Obj
              const reason = (e.reason ?? {}) as Obj
              item.run(p.pk, i, e.pk ?? null, oi.pk ?? null, pr.name ?? null, pr.sku ?? null, pr.base_code ?? null, e.status ?? null, reason.subject ?? null,
                oi.price === undefined || oi.price === null ? null : Number(oi.price))
              text.push(pr.name, pr.sku, pr.base_code, reason.subject, oi.shipment_code)
            })
            json.run(p.pk, encodeRecord(JSON.stringify(r)))
            fts.run(p.pk, foldText(text.filter((v) => v !== null && v !== undefined && v !== '').join(' ')))
          }
        }).immediate()
        ms += performance.now() - t
      }
      return ms
    },
    dir,
  )
}

/**
 * The lean ingest, B1's second floor: the saved pages parsed (JSON.parse, timed: a sync must
 * read what it fetched) and written with bare prepared statements into plain tables that have
 * none of the cache's secondary indexes, no compression, no hash and no status history: each
 * plan's columns with its JSON text (JSON.stringify of the parsed object), its items, and one
 * folded full-text row in an FTS5 table without prefix indexes. One transaction a page, WAL,
 * synchronous = NORMAL. What any cache of these plans has to do at the least.
 */
export function leanIngest(dir: string, file: string): number {
  const db = new BetterSqlite(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec(`CREATE TABLE plans (pk INTEGER PRIMARY KEY, status TEXT, plan_type TEXT, order_id INTEGER, order_number TEXT, channel_id INTEGER,
        invoice_number TEXT, refund_amount REAL, currency TEXT, item_count INTEGER, created_date TEXT, modified_date TEXT, raw_json TEXT);
      CREATE TABLE plan_items (plan_pk INTEGER, position INTEGER, item_pk INTEGER, product_name TEXT, sku TEXT, status TEXT, reason_subject TEXT, price REAL);
      CREATE VIRTUAL TABLE plans_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');`)
    const plan = db.prepare('INSERT INTO plans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    const item = db.prepare('INSERT INTO plan_items VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    const fts = db.prepare('INSERT INTO plans_fts (rowid, body) VALUES (?, ?)')
    const write = db.transaction((results: Obj[]) => {
      for (const r of results) {
        const o = (r.order ?? {}) as Obj
        const set = (Array.isArray(r.cancellationplanorderitem_set) ? r.cancellationplanorderitem_set : []) as Obj[]
        const cb = (r.created_by ?? {}) as Obj
        const text: unknown[] = [r.pk, o.number, r.invoice_number, o.tracking_number, o.carrier_shipping_code, r.retail_store_remote_id, r.staff_remote_id,
          cb.username, cb.first_name, cb.last_name]
        plan.run(r.pk as number, r.status as string, (r.plan_type ?? null) as string | null, (o.pk ?? null) as number | null, (o.number ?? null) as string | null,
          (o.channel ?? null) as number | null, (r.invoice_number ?? null) as string | null, r.refund_amount == null ? null : Number(r.refund_amount),
          (o.currency ?? null) as string | null, set.length, (r.created_date ?? null) as string | null, (r.modified_date ?? null) as string | null, JSON.stringify(r))
        set.forEach((e, i) => {
          const oi = (e.order_item ?? {}) as Obj
          const pr = (oi.product ?? {}) as Obj
          const reason = (e.reason ?? {}) as Obj
          item.run(r.pk as number, i, (e.pk ?? null) as number | null, (pr.name ?? null) as string | null, (pr.sku ?? null) as string | null,
            (e.status ?? null) as string | null, (reason.subject ?? null) as string | null, oi.price == null ? null : Number(oi.price))
          text.push(pr.name, pr.sku, pr.base_code, reason.subject)
        })
        fts.run(r.pk as number, foldText(text.filter((v) => v !== null && v !== undefined && v !== '').join(' ')))
      }
    })
    let ms = 0
    for (const f of readdirSync(dir).filter((n) => n.startsWith('page-')).sort()) {
      const text = readFileSync(join(dir, f), 'utf8')
      const t = performance.now()
      write.immediate((JSON.parse(text) as { results: Obj[] }).results)
      ms += performance.now() - t
    }
    return ms
  } finally {
    db.close()
  }
}
