/**
 * Start-up integrity: a cache that SQLite cannot read, or whose quick_check fails, is moved
 * aside (never deleted: it may be needed to recover something) and a fresh cache is built.
 * The cache holds only server data plus the outbox; the outbox issue must decide whether to
 * salvage pending edits from the moved file.
 */
import { existsSync, renameSync } from 'node:fs'
import type { Database } from 'better-sqlite3'

/** SQLite error codes that mean "this file is not a healthy database". */
const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX'])

export function isCorruptionError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && (CORRUPTION_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'))
}

/** Returns null when healthy, else the first problem SQLite reports. */
export function quickCheck(db: Database): string | null {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>
  const problems = rows.map((r) => r.quick_check).filter((m) => m !== 'ok')
  return problems.length === 0 ? null : problems.slice(0, 3).join('; ')
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
