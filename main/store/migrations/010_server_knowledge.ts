/**
 * 010: what PlanDesk learns about its server.
 *
 * - `learned_refusals`: a status change X → Y the server refused, with its words and when. The
 *   seed defines no transition table (the server decides), so PlanDesk never assumes one; a
 *   refusal teaches it, and the status choices then mark Y "refused by the server from X on
 *   <date>" (the CLI's set-status asks for --force). Kept in the cache, which belongs to one
 *   server (each server has its own cache file), so what one server refused never marks another's
 *   choices. The newest refusal of a pair replaces the older; a change X → Y the server accepts
 *   removes it.
 * - `payment_types`: the transaction types seen in the payment plans of the plans the cache
 *   holds (the choices of the payment-plan dialog and the CLI, "refund" first). Written by the
 *   plan writer with each new or changed plan; filled here from the plans already cached.
 *
 * (The bulk decision an outbox entry belongs to is the outbox file's: main/outbox/schema.ts, its 2.)
 */
import type { Database } from 'better-sqlite3'
import { readRecordV1 } from './frozen/record-v1'
import type { Migration } from './types'

const BATCH = 1000

/** The transaction types of a plan's payment_plan ({payment_plan: [...]} or a bare list), frozen here as this version reads them. */
function typesOf(paymentPlan: unknown): string[] {
  const lines = (paymentPlan as { payment_plan?: unknown } | null)?.payment_plan ?? paymentPlan
  if (!Array.isArray(lines)) return []
  return lines.map((l) => (l as { transaction_type?: unknown } | null)?.transaction_type).filter((t): t is string => typeof t === 'string' && t.trim() !== '').map((t) => t.trim())
}

export function fillPaymentTypes(db: Database, now: string, batch = BATCH): void {
  const next = db.prepare('SELECT pk, raw_json FROM plan_json WHERE pk > ? ORDER BY pk LIMIT ?')
  const put = db.prepare('INSERT OR IGNORE INTO payment_types (type, seen_at) VALUES (?, ?)')
  let after = Number.MIN_SAFE_INTEGER
  for (;;) {
    const rows = next.all(after, batch) as Array<{ pk: number; raw_json: string | Buffer }>
    if (rows.length === 0) return
    for (const r of rows) for (const t of typesOf(readRecordV1(r.raw_json)?.payment_plan)) put.run(t, now)
    after = rows[rows.length - 1].pk
  }
}

export const migration010: Migration = {
  version: 10,
  name: 'server_knowledge',
  up(db) {
    db.exec(`
      CREATE TABLE learned_refusals (
        from_status TEXT NOT NULL,
        to_status   TEXT NOT NULL,
        -- the server's words
        message     TEXT NOT NULL,
        learned_at  TEXT NOT NULL,
        PRIMARY KEY (from_status, to_status)
      ) WITHOUT ROWID;

      CREATE TABLE payment_types (
        type    TEXT PRIMARY KEY,
        seen_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `)
    fillPaymentTypes(db, new Date().toISOString())
  },
}
