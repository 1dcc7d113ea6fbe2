/**
 * Opening the SQLite file with the settings PlanDesk relies on, decided once for every
 * connection (SQLite refuses to change `synchronous` inside a transaction):
 * - WAL: readers never wait for a writer and a writer never waits for readers;
 * - synchronous = FULL: every commit is on disk before the call returns, so what was written
 *   survives a power cut, not only a crash. In WAL mode that is one fsync of the WAL per
 *   transaction. The outbox's own file is FULL always (outbox/file.ts); the cache's file is
 *   NORMAL while a sync walks the server's pages (PlanStore.walking), whose every commit can be
 *   made again;
 * - a busy timeout for the second process (the CLI beside the app): every write transaction
 *   starts IMMEDIATE (PlanStore.transaction), so it waits for the write lock up front instead
 *   of failing on a lock upgrade, which SQLite reports at once without waiting;
 * - switching a new file to WAL needs the exclusive lock, and SQLite answers SQLITE_BUSY at once
 *   (without the busy handler) when two connections reading the new file both try to upgrade:
 *   the loser retries until the busy timeout (useWal), so four processes opening one new cache
 *   together all succeed;
 * - closing never checkpoints by force (a TRUNCATE checkpoint needs the write lock and made a
 *   reader's exit kill a running sync); automatic PASSIVE checkpoints keep the WAL bounded
 *   (WAL_CHECKPOINT_PAGES) and journal_size_limit truncates it after them.
 */
import Database from 'better-sqlite3'
import type { Database as DB } from 'better-sqlite3'
import { sqliteOptions } from '../native/sqlite'
import { createLocalView } from '../outbox/local-view'
import { migrate, OutboxNotCarriedError } from './migrations'

/** How long a connection waits for another process's write transaction before giving up. */
export const BUSY_TIMEOUT_MS = 20_000

/** Sets journal_mode = WAL (of `schema`, one of the connection's databases), retrying the lock-upgrade deadlock SQLite reports without waiting. */
export function useWal(db: DB, schema = 'main'): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (let attempt = 0; ; attempt++) {
    try {
      // Already WAL (every open after the first): reading the mode takes no write lock.
      if (db.pragma(`${schema}.journal_mode`, { simple: true }) === 'wal') return
      // In-memory databases answer 'memory'; that is fine.
      db.pragma(`${schema}.journal_mode = WAL`)
      return
    } catch (e) {
      const code = (e as { code?: unknown }).code
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw e
      // Jittered so that two losers do not collide again.
      Atomics.wait(pause, 0, 0, Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()))
    }
  }
}

/**
 * The WAL's size, in 4 KB pages, at which a commit copies it back into the database file (a
 * PASSIVE checkpoint; SQLite's default is 1,000). A sync writes every plan's row, items and
 * search text and a dozen index pages per page of plans: checkpointing every 40 MB instead of
 * every 4 MB writes an index page that several pages of plans touched once instead of once
 * each. First sync of 100,000 plans through a ServerSession, one run each: 94.9 and 96.7 s at
 * 1,000; 83.9 and 89.9 s at 10,000 (87.8 s at 4,000); the longest page transaction (with its
 * commit, which checkpoints now and then) 215 ms at 1,000 and 286 ms at 10,000 in one run
 * each. journal_size_limit (64 MB) is above it.
 */
export const WAL_CHECKPOINT_PAGES = 10_000

/**
 * SQLite's page cache of the store's connection, in KiB: the pages its searches read (and the
 * walks of the plans table after a full sync, an export's pages). Filled only as pages are read,
 * so a CLI command that reads little costs little, but what the searches read stays: the cache
 * adds up to its size to the process's RSS. It grows with the cache file: a fifth of the file,
 * between PAGE_CACHE_MIN_KIB and PAGE_CACHE_MAX_KIB (pageCacheKibFor), set when the connection
 * opens and again when a long walk (a first sync) ends.
 *
 * At 300,000 plans (a file of about 760 MB) the pages B3's mix of searches reads do not fit in
 * 32 MB (the plans table alone is 91 MB) and most lookups read their page from the operating
 * system: B3 p95 22.6–27.8 ms at 32 MB, 18.1 ms at 128 MB, for about 70 MB more RSS after the
 * searches. At 100,000 plans (about 256 MB) 8.34 ms at 32 MB and 5.93 ms at 128 MB; but 128 MB
 * took the benchmark's main process to 330 MB after B3 (221 MB at 32 MB), over its 300 MB. A
 * long walk's writer thread, the checks at open (SCAN_PAGE_CACHE_KIB) and the checks' own thread
 * read through small caches.
 */
export const PAGE_CACHE_MIN_KIB = 32 * 1024
export const PAGE_CACHE_MAX_KIB = 128 * 1024

/** The page cache for a cache file of `bytes`: a fifth of it, between PAGE_CACHE_MIN_KIB and PAGE_CACHE_MAX_KIB. */
export function pageCacheKibFor(bytes: number): number {
  return Math.min(PAGE_CACHE_MAX_KIB, Math.max(PAGE_CACHE_MIN_KIB, Math.round(bytes / 1024 / 5)))
}

/** The page cache for the connection's main file as it is now. */
export function pageCacheKib(db: DB): number {
  const pages = db.pragma('main.page_count', { simple: true }) as number
  const pageSize = db.pragma('main.page_size', { simple: true }) as number
  return pageCacheKibFor(pages * pageSize)
}

/** The page cache while a long walk writes (PlanStore.holdPageCache). */
export const WALK_PAGE_CACHE_KIB = 8 * 1024

/**
 * The page cache while one pass reads the whole file (the checks at open): SQLite's default.
 * Such a pass reads every page once; at the full size it would leave the cache full of them.
 */
export const SCAN_PAGE_CACHE_KIB = 2 * 1024

/**
 * Runs fn with the main file's page cache at `kib`, then gives the cache its size back (if fn
 * throws too). Not inside a transaction: SQLite ignores the setting there.
 */
export function withPageCache<T>(db: DB, kib: number, fn: () => T): T {
  const before = db.pragma('main.cache_size', { simple: true }) as number
  db.pragma(`main.cache_size = -${kib}`)
  try {
    return fn()
  } finally {
    try {
      db.pragma(`main.cache_size = ${before}`)
    } catch {
      // The connection is unusable: fn's error, or the next statement's, says why.
    }
  }
}

export interface OpenDatabaseHooks {
  /** Before the migrations: attach other databases the schema relies on (the outbox's file). */
  attach?: (db: DB) => void
  /** The upgrade found rows of the cache's own outbox not yet in the outbox's file: copy them (then it tries again). */
  carry?: (db: DB) => void
}

/**
 * Opens a connection to a cache file with the settings above (without the migrations): the
 * store's own (openDatabase), and a long walk's writer thread, whose connection writes at
 * `synchronous = NORMAL` through a smaller page cache (sync/write-worker.ts).
 */
export function connect(file: string, opts: { synchronous?: 'FULL' | 'NORMAL'; cacheKib?: number; fileMustExist?: boolean } = {}): DB {
  const db = new Database(file, sqliteOptions({ fileMustExist: opts.fileMustExist ?? false }))
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    useWal(db)
    db.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`)
    db.pragma('journal_size_limit = 67108864')
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`)
    db.pragma('foreign_keys = ON')
    // SQLite's page cache, per connection (its default is 2 MB). B3's mix of 200 searches on a
    // 100,000-plan cache re-read most index and table pages from the operating system at 2 MB:
    // p95 19.4 ms, against 14–17 ms at 32 or 64 MB. It adds at most its size to the process's
    // RSS (PAGE_CACHE_MIN_KIB says what was measured, and how its size follows the file's).
    db.pragma(`cache_size = -${opts.cacheKib ?? pageCacheKib(db)}`)
    return db
  } catch (e) {
    db.close()
    throw e
  }
}

export function openDatabase(file: string, hooks: OpenDatabaseHooks = {}): DB {
  const db = connect(file)
  try {
    hooks.attach?.(db)
    for (let tries = 0; ; tries++) {
      try {
        migrate(db)
        break
      } catch (e) {
        // Another process (an older PlanDesk) queued a change between the copy and the upgrade.
        if (!(e instanceof OutboxNotCarriedError) || !hooks.carry || tries >= 3) throw e
        hooks.carry(db)
      }
    }
    createLocalView(db)
    return db
  } catch (e) {
    db.close()
    throw e
  }
}
