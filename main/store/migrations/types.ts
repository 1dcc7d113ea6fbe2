import type { Database } from 'better-sqlite3'

/**
 * One numbered schema step. `up` runs inside the runner's transaction: no BEGIN/COMMIT here.
 * `schema` is the database it migrates on the connection ('main', or an attached one's name:
 * the outbox's file is attached to the cache's connection).
 */
export interface Migration {
  version: number
  name: string
  up(db: Database, schema: string): void
}
