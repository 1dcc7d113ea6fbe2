/**
 * A connection for reading and one for writing, told apart by type.
 *
 * The query side (search, facets, the overview, a plan's timeline, the open changes shown over
 * the server's values) takes a {@link ReadableDB}: it can prepare statements and read their rows,
 * register the SQL functions its queries call and read in one transaction (a snapshot), but its
 * statements have no `run()`, and it has no `exec()` or `pragma()`, so a read path that tried to
 * write would not compile. SQLite holds the same line at run time: better-sqlite3 refuses `get()`,
 * `all()` and `iterate()` on a statement that returns no rows.
 *
 * The sync, the outbox and the migrations take a {@link WritableDB}: the whole connection. A
 * better-sqlite3 `Database` is both, so the store hands its one connection to either side.
 */
import type { ColumnDefinition, Database } from 'better-sqlite3'

/** A prepared statement that reads: rows, a value or an iterator, never a change. */
export interface ReadStatement<P extends unknown[], R = unknown> {
  readonly source: string
  readonly reader: boolean
  get(...params: P): R | undefined
  all(...params: P): R[]
  iterate(...params: P): IterableIterator<R>
  pluck(toggleState?: boolean): ReadStatement<P, R>
  expand(toggleState?: boolean): ReadStatement<P, R>
  raw(toggleState?: boolean): ReadStatement<P, R>
  bind(...params: P): ReadStatement<P, R>
  safeIntegers(toggleState?: boolean): ReadStatement<P, R>
  columns(): ColumnDefinition[]
}

/** What a read path may do with the cache's connection. */
export interface ReadableDB {
  // The same type parameters as better-sqlite3's own prepare(), so a Database is a ReadableDB.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  prepare<P extends unknown[] | {} = unknown[], R = unknown>(source: string): P extends unknown[] ? ReadStatement<P, R> : ReadStatement<[P], R>
  /** Reads in one transaction: every statement inside sees the same state of the cache. */
  transaction: Database['transaction']
  /** SQL functions the queries call (they compute, they do not write). */
  function: Database['function']
  readonly inTransaction: boolean
}

/** The whole connection: the sync, the outbox and the migrations write through it. */
export type WritableDB = Database
