/**
 * Opening the SQLite file with the settings PlanDesk relies on, decided once for every
 * connection (SQLite refuses to change `synchronous` inside a transaction):
 * - WAL: readers never wait for a writer and a writer never waits for readers;
 * - synchronous = FULL: every commit (a page of plans, an outbox entry) is on disk before the
 *   call returns, so an edit the person was told is queued survives a power cut, not only a
 *   crash. In WAL mode that is one fsync of the WAL per transaction: cheap for sync, which
 *   commits a page at a time, and for the outbox, which commits one edit at a time;
 * - a busy timeout for the second process (the CLI beside the app): every write transaction
 *   starts IMMEDIATE (PlanStore.transaction), so it waits for the write lock up front instead
 *   of failing on a lock upgrade, which SQLite reports at once without waiting;
 * - closing never checkpoints by force (a TRUNCATE checkpoint needs the write lock and made a
 *   reader's exit kill a running sync); automatic PASSIVE checkpoints keep the WAL small and
 *   journal_size_limit truncates it after them.
 */
import Database from 'better-sqlite3'
import type { Database as DB } from 'better-sqlite3'
import { sqliteOptions } from '../native/sqlite'
import { migrate } from './migrations'

/** How long a connection waits for another process's write transaction before giving up. */
export const BUSY_TIMEOUT_MS = 20_000

export function openDatabase(file: string): DB {
  const db = new Database(file, sqliteOptions())
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    // In-memory databases answer 'memory'; that is fine.
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('journal_size_limit = 67108864')
    db.pragma('foreign_keys = ON')
    migrate(db)
    return db
  } catch (e) {
    db.close()
    throw e
  }
}
