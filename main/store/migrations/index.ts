/**
 * The migration runner. `PRAGMA user_version` records the schema version; pending migrations
 * are applied in ONE transaction (all or nothing), and a database written by a newer PlanDesk
 * is refused rather than guessed at.
 */
import type { Database } from 'better-sqlite3'
import { migration001 } from './001_init'
import { migration002 } from './002_leases'
import { migration003 } from './003_outbox'
import { migration004 } from './004_performance'
import { migration005 } from './005_plan_history'
import { migration006 } from './006_fts_prefix'
import { migration007 } from './007_pk_order'
import { migration008 } from './008_local_view'
import { migration009 } from './009_outbox_file'
import { migration010 } from './010_server_knowledge'
import { migration011 } from './011_currency_refund'
import { migration012 } from './012_filter_type_status'
import type { Migration } from './types'

export type { Migration } from './types'
export { OutboxNotCarriedError } from './009_outbox_file'

/** Every migration, in order. Add new files here; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012]

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

/** How long opening a cache waits for another process's upgrade of it. */
export const MIGRATION_WAIT_MS = 10 * 60_000

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError'
  readonly code = 'storage' as const
  constructor(
    readonly found: number,
    readonly supported: number,
    /** What was written: "The cache", "The file of unsent decisions". */
    what = 'The cache',
  ) {
    super(
      `${what} was written by a newer PlanDesk (schema ${found}; this version knows up to ${supported}). Update PlanDesk, or use another data folder.`,
    )
  }
}

export function schemaVersion(db: Database, schema = 'main'): number {
  return db.pragma(`${schema}.user_version`, { simple: true }) as number
}

export interface MigrateOptions {
  /** The database of the connection to migrate; default 'main'. */
  schema?: string
  /** How SchemaTooNewError names it; default "The cache". */
  what?: string
}

/** Applies what is pending; returns the versions applied. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, opts: MigrateOptions = {}): number[] {
  const schema = opts.schema ?? 'main'
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} is numbered ${m.version}, expected ${i + 1}`)
  })
  const pendingAt = (current: number): Migration[] => {
    if (current > latest) throw new SchemaTooNewError(current, latest, opts.what)
    return migrations.filter((m) => m.version > current)
  }
  // A look without locking first: opening an up-to-date cache never takes the write lock.
  if (pendingAt(schemaVersion(db, schema)).length === 0) return []
  // Then again inside a write transaction taken up front (IMMEDIATE): two processes opening a
  // new cache at once take turns (the busy timeout), and the second finds the work done. A
  // deferred transaction would read first and fail at once with "database is locked" when it
  // tried to write after the other process's commit.
  // An upgrade may hold the write lock for a while (006 rebuilds the search index: about 19 s
  // at 100,000 plans), so a process opening the cache meanwhile waits up to MIGRATION_WAIT_MS
  // for it rather than the usual busy timeout; the usual timeout comes back afterwards.
  const usual = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma(`busy_timeout = ${Math.max(usual, MIGRATION_WAIT_MS)}`)
  try {
    return db.transaction(() => {
      const pending = pendingAt(schemaVersion(db, schema))
      for (const m of pending) m.up(db, schema)
      // user_version lives in the database header, so it commits or rolls back with the rest.
      if (pending.length > 0) db.pragma(`${schema}.user_version = ${latest}`)
      return pending.map((m) => m.version)
    }).immediate()
  } finally {
    db.pragma(`busy_timeout = ${usual}`)
  }
}
