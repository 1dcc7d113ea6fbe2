/**
 * 009: the outbox leaves the cache for a file of its own beside it (main/outbox/file.ts), so a
 * damaged, emptied, deleted or rebuilt cache, a changed scope or a later upgrade cannot touch
 * an unsent decision. Opening the cache copies its outbox rows into that file first (in a
 * transaction of their own, durable before this runs; copying again finds them there); this
 * drops the cache's copy only once every row is in the file, in the same state. A cache whose
 * outbox is not empty and that is opened without its outbox file attached (as `outbox`) is
 * not changed: the upgrade fails and is retried at the next open.
 *
 * The SQL is frozen here (a migration never imports live code).
 */
import type { Migration } from './types'

export class OutboxNotCarriedError extends Error {
  override readonly name = 'OutboxNotCarriedError'
  constructor(readonly missing: number) {
    super(`${missing} queued change(s) of the cache are not in the outbox's file yet; the upgrade waits for them.`)
  }
}

export const migration009: Migration = {
  version: 9,
  name: 'outbox_file',
  up(db) {
    const legacy = db.prepare("SELECT count(*) AS n FROM main.sqlite_master WHERE type = 'table' AND name = 'outbox'").get() as { n: number }
    if (legacy.n > 0) {
      const rows = (db.prepare('SELECT count(*) AS n FROM main.outbox').get() as { n: number }).n
      if (rows > 0) {
        const attached = db.prepare("SELECT count(*) AS n FROM pragma_database_list WHERE name = 'outbox'").get() as { n: number }
        if (attached.n === 0) throw new OutboxNotCarriedError(rows)
        const missing = (
          db
            .prepare(
              `SELECT count(*) AS n FROM main.outbox l
                WHERE NOT EXISTS (SELECT 1 FROM outbox.outbox o
                                   WHERE o.plan_pk = l.plan_pk AND o.kind = l.kind AND o.payload = l.payload AND o.author = l.author
                                     AND o.created_at = l.created_at AND o.state = l.state AND o.attempts = l.attempts)`,
            )
            .get() as { n: number }
        ).n
        if (missing > 0) throw new OutboxNotCarriedError(missing)
      }
    }
    db.exec(`
      DROP TABLE IF EXISTS main.outbox_attempts;
      DROP TABLE IF EXISTS main.outbox;
    `)
  },
}
