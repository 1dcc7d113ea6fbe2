/**
 * 006, search as the person types: the full-text index gains a one-letter
 * prefix index (`prefix = '1 2 3'`). An FTS5 table's prefix option is fixed when it is
 * created, so the table is made again and refilled from the cache itself: each plan's kept
 * server JSON gives the same text a sync indexed when this migration was written (frozen/search-text-v6.ts).
 *
 * Batches of BATCH plans by primary key (never all of them in memory), inside the runner's one
 * transaction: a crash half-way leaves the old index and the next start does it again. A plan
 * whose record cannot be read (damaged on disk) is indexed by what its columns and its items
 * hold (number, order, invoice, store, staff, product names, SKUs, base codes, reasons) and
 * marked for fetching again (raw_hash = ''), so the next sync brings its full text back. About 19 s at 100,000 plans on the project's 2-core machine,
 * once.
 */
import type { Database } from 'better-sqlite3'
import { readRecordV1 } from './frozen/record-v1'
import { FTS_TABLE_SQL_V6, indexTextV6, searchTextV6 } from './frozen/search-text-v6'
import type { Migration } from './types'

export const BATCH = 1000

interface Row {
  pk: number
  status: string
  modified_date: string
  order_number: string | null
  invoice_number: string | null
  store_remote_id: string | null
  staff_remote_id: string | null
  raw_json: unknown
}

/** Refills plans_fts from every cached plan; returns how many had to be marked for fetching again. */
export function refillSearchIndex(db: Database, batch = BATCH): number {
  const next = db.prepare(`
    SELECT p.pk, p.status, p.modified_date, p.order_number, p.invoice_number, p.store_remote_id, p.staff_remote_id, j.raw_json
    FROM plans p LEFT JOIN plan_json j ON j.pk = p.pk
    WHERE p.pk > ? ORDER BY p.pk LIMIT ?`)
  const insert = db.prepare('INSERT INTO plans_fts (rowid, body) VALUES (?, ?)')
  const refetch = db.prepare("UPDATE plans SET raw_hash = '' WHERE pk = ?")
  const itemText = db.prepare('SELECT product_name, sku, base_code, reason_subject FROM plan_items WHERE plan_pk = ? ORDER BY position').raw()
  let after = Number.MIN_SAFE_INTEGER
  let damaged = 0
  for (;;) {
    const rows = next.all(after, batch) as Row[]
    if (rows.length === 0) return damaged
    for (const r of rows) {
      const raw = readRecordV1(r.raw_json)
      if (raw === null) {
        const items = (itemText.all(r.pk) as Array<Array<string | null>>).flat()
        insert.run(r.pk, indexTextV6([...new Set([r.pk, r.order_number, r.invoice_number, r.store_remote_id, r.staff_remote_id, ...items])]))
        refetch.run(r.pk)
        damaged++
        continue
      }
      insert.run(r.pk, searchTextV6(r.pk, raw))
    }
    after = rows[rows.length - 1].pk
  }
}

export const migration006: Migration = {
  version: 6,
  name: 'fts_prefix',
  up(db) {
    db.exec(`DROP TABLE plans_fts; ${FTS_TABLE_SQL_V6};`)
    refillSearchIndex(db)
  },
}
