/**
 * 004: performance at 100,000 plans.
 *
 * The kept server JSON compressed (record.ts): plan_json rows written as text by earlier
 * versions become compressed records, so an existing cache shrinks from about 10 KB a plan
 * toward what a new one takes. The columns the app reads stay as they are.
 *
 * The rows are rewritten in batches of BATCH by primary key (never all of them in memory),
 * inside the runner's one transaction, so a crash half-way leaves the cache as it was and the
 * next start does it again. A row that is not a JSON object (a damaged record) is left as it
 * is: the record check at open finds it and the next sync fetches it again. The text is
 * compressed as stored, byte for byte, so raw_hash (a hash of that text) still matches and the
 * next sync counts the plan unchanged.
 *
 * Also: idx_plans_plan_type becomes idx_plans_type_status (plan_type, status). A plan type with
 * one or more statuses (the list's most common filter pair) is then one range of one index, and
 * its count never reads the table; the plan type alone uses the index's first column.
 *
 * And idx_plans_refetch, a partial index of the plans marked for fetching again (raw_hash = ''):
 * every incremental sync asks for them (PlanStore.pksToRefetch), which read all 100,000 rows
 * without it (59 ms of a 409 ms incremental sync in a profile); it holds only the marked few.
 *
 * The file does not shrink by itself: freed pages are reused by later writes; SQLite's VACUUM
 * (which cannot run inside a transaction, and rewrites the whole file) would give them back.
 */
import type { Database } from 'better-sqlite3'
import { encodeRecordV1, readRecordV1 } from './frozen/record-v1'
import type { Migration } from './types'

export const BATCH = 1000

export function compactRecords(db: Database, batch = BATCH): number {
  const next = db.prepare("SELECT pk, raw_json FROM plan_json WHERE pk > ? AND typeof(raw_json) = 'text' ORDER BY pk LIMIT ?")
  const put = db.prepare('UPDATE plan_json SET raw_json = ? WHERE pk = ?')
  let after = Number.MIN_SAFE_INTEGER
  let done = 0
  for (;;) {
    const rows = next.all(after, batch) as Array<{ pk: number; raw_json: string }>
    if (rows.length === 0) return done
    for (const r of rows) {
      if (readRecordV1(r.raw_json) !== null) {
        put.run(encodeRecordV1(r.raw_json), r.pk)
        done++
      }
    }
    after = rows[rows.length - 1].pk
  }
}

export const migration004: Migration = {
  version: 4,
  name: 'performance',
  up(db) {
    compactRecords(db)
    db.exec(`
      DROP INDEX IF EXISTS idx_plans_plan_type;
      CREATE INDEX idx_plans_type_status ON plans (plan_type, status);
      CREATE INDEX idx_plans_refetch ON plans (pk) WHERE raw_hash = '';
    `)
  },
}
