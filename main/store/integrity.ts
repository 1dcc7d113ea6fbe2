/**
 * Start-up integrity: a cache that SQLite cannot read, or whose quick_check fails, is moved
 * aside (never deleted: it may be needed to recover something) and a fresh cache is built.
 * Only a file that was a PlanDesk cache is ever moved: anything else (a document named by
 * --db, another program's database) is refused and left untouched (classifyCacheFile).
 * The cache holds only server data: the person's decisions live in the outbox's own file
 * beside it (main/outbox/file.ts), which none of this touches. A cache written before the
 * outbox had a file still holds decisions; they are salvaged from it before it is moved.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, renameSync } from 'node:fs'
import Database from 'better-sqlite3'
import type { Database as DB } from 'better-sqlite3'
import { isCorruptionError } from '../domain/errors'
import { sqliteOptions } from '../native/sqlite'

export { isCorruptionError }

/**
 * Returns null when healthy, else the first problems SQLite reports, on one line (of `schema`
 * alone: not of the databases attached to it). One answer of quick_check may list many pages,
 * a line each under a "*** in database main ***" heading: the person is told the first three and
 * how many more there are, not hundreds of lines.
 */
export function quickCheck(db: DB, schema = 'main'): string | null {
  const rows = db.pragma(`${schema}.quick_check`) as Array<{ quick_check: string }>
  const problems = rows
    .flatMap((r) => r.quick_check.split('\n'))
    .map((m) => m.trim())
    .filter((m) => m !== '' && m !== 'ok' && !/^\*\*\* in database .* \*\*\*$/.test(m))
  if (problems.length === 0) return null
  const more = problems.length - 3
  return problems.slice(0, 3).join('; ') + (more > 0 ? `; and ${more} more` : '')
}

/** Renames the database and its WAL/SHM companions to `<file>.corrupt-<timestamp>`; returns the new name. */
export function moveAside(file: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  let target = `${file}.corrupt-${stamp}`
  for (let n = 1; existsSync(target); n++) target = `${file}.corrupt-${stamp}-${n}`
  renameSync(file, target)
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix)
  }
  return target
}

/** The schema version in a database file's header (PRAGMA user_version, offset 60), or null when the header is not SQLite's. */
export function headerVersion(file: string): number | null {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    return null
  }
  try {
    const head = Buffer.alloc(64)
    const n = readSync(fd, head, 0, 64, 0)
    if (n < 64 || !head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return null
    return head.readUInt32BE(60)
  } finally {
    closeSync(fd)
  }
}

/** The 16 bytes every SQLite database file starts with. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')

/** A file that is not a PlanDesk cache: refused, never moved, never written. */
export class NotACacheError extends Error {
  override readonly name = 'NotACacheError'
  readonly code = 'storage' as const
  constructor(
    readonly file: string,
    /** Why, in words ("not an SQLite database", ...). */
    readonly reason: string,
    /** The unsent decisions kept in the outbox's file beside it, when there is one. */
    readonly kept: { open: number; file: string } | null = null,
  ) {
    super(
      `${file} is not a PlanDesk cache; nothing was changed.` +
        (kept
          ? ` ${kept.open === 0 ? 'No unsent decision was waiting' : `Your ${kept.open} unsent decision${kept.open === 1 ? ' is' : 's are'} kept`} in ${kept.file}: move ${file} away (or remove it) and start PlanDesk again${kept.open === 0 ? '' : ' to send them'}.`
          : ''),
    )
  }
}

/**
 * What a cache path holds, decided without writing to it:
 * - 'new': nothing yet (missing, 0 bytes, or an SQLite file with no tables and no version);
 * - 'cache': a PlanDesk cache (it has the `plans` table, or a version but no tables, which the
 *   migration runner judges), or an SQLite file whose schema cannot be read but whose header
 *   carries a schema version (what PlanDesk writes): damaged, so it may be moved aside;
 * - 'foreign': anything else (not SQLite at all, or SQLite without PlanDesk's tables).
 */
export function classifyCacheFile(file: string): { kind: 'new' | 'cache' } | { kind: 'foreign'; reason: string } {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'new' }
    throw e
  }
  let headerVersion = 0
  try {
    const st = fstatSync(fd)
    if (st.isDirectory()) return { kind: 'foreign', reason: 'a folder' }
    if (st.size === 0) return { kind: 'new' }
    const head = Buffer.alloc(100)
    const n = readSync(fd, head, 0, head.length, 0)
    if (n < SQLITE_MAGIC.length || !head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
      return { kind: 'foreign', reason: 'not an SQLite database' }
    }
    // PRAGMA user_version lives at offset 60 of the header (big-endian).
    if (n >= 64) headerVersion = head.readUInt32BE(60)
  } finally {
    closeSync(fd)
  }
  let db: DB | null = null
  try {
    // Read-only: looking must not change someone else's database.
    db = new Database(file, sqliteOptions({ readonly: true, fileMustExist: true }))
    db.pragma('busy_timeout = 20000')
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
    if (tables.includes('plans')) return { kind: 'cache' }
    if (tables.length === 0) return (db.pragma('user_version', { simple: true }) as number) === 0 ? { kind: 'new' } : { kind: 'cache' }
    return { kind: 'foreign', reason: "an SQLite database without PlanDesk's tables" }
  } catch (e) {
    if (!isCorruptionError(e)) throw e
    return headerVersion > 0 ? { kind: 'cache' } : { kind: 'foreign', reason: 'a damaged SQLite database PlanDesk did not write' }
  } finally {
    try {
      db?.close()
    } catch {
      // already unusable
    }
  }
}
