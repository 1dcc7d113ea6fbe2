/**
 * Opening the SQLite file with the settings PlanDesk relies on: WAL (readers never wait for
 * the sync writer), foreign keys, a busy timeout for a second process (CLI beside the app).
 */
import Database from 'better-sqlite3'
import type { Database as DB } from 'better-sqlite3'
import { sqliteOptions } from '../native/sqlite'
import { migrate } from './migrations'

export function openDatabase(file: string): DB {
  const db = new Database(file, sqliteOptions())
  try {
    db.pragma('busy_timeout = 5000')
    // In-memory databases answer 'memory'; that is fine.
    db.pragma('journal_mode = WAL')
    // NORMAL is durable across application crashes in WAL mode; the outbox asks for FULL
    // around its own writes (DESIGN.md §2).
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db)
    return db
  } catch (e) {
    db.close()
    throw e
  }
}
