/**
 * A full disk, as SQLite and Node report it, and the probe that tells when space is back.
 *
 * SQLite answers SQLITE_FULL when a write needs pages the disk (or `max_page_count`) cannot
 * give; the transaction is rolled back whole, so nothing half-written stays behind and every
 * edit committed before is intact. Node's own writes (settings.json, exports) fail with ENOSPC.
 */
import { statfsSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Database } from 'better-sqlite3'
import { isDiskFull } from '../domain/errors'

/** Opening the cache failed because the disk is full (code 'disk_full' crosses the bridge as is). */
export class DiskFullError extends Error {
  override readonly name = 'DiskFullError'
  readonly code = 'disk_full' as const
  constructor(file: string) {
    super(`The disk is full, so PlanDesk cannot open its cache (${file}). Free some disk space and start PlanDesk again; nothing in the cache was changed.`)
  }
}

/**
 * Whether an error while opening the cache comes from a full disk: SQLITE_FULL, or the I/O
 * error SQLite gives when it cannot create its shared-memory file, on a disk with no room.
 */
export function isDiskFullAtOpen(err: unknown, file: string): boolean {
  if (isDiskFull(err)) return true
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !/^SQLITE_(IOERR|CANTOPEN)/.test(code)) return false
  const free = freeBytes(file)
  return free !== null && free < PROBE_BYTES
}

/** Bytes the probe writes: more than a page or two, so a disk with a few kilobytes left still counts as full. */
export const PROBE_BYTES = 256 * 1024

/** Free bytes on the disk holding `file` for this user, or null where the OS does not say. */
export function freeBytes(file: string): number | null {
  try {
    const s = statfsSync(dirname(file))
    return Number(s.bavail) * Number(s.bsize)
  } catch {
    return null
  }
}

/**
 * Whether the cache can take a write again: the disk reports at least PROBE_BYTES free and a
 * real write of that size commits (and is then removed). The probe row lives in sync_state
 * under a key nothing else reads; a crash between the two commits leaves it for the next probe
 * to remove. Other errors than a full disk (busy, closed) are thrown: they say nothing about space.
 */
export function probeWritable(db: Database, file: string): boolean {
  const free = freeBytes(file)
  if (free !== null && free < PROBE_BYTES) return false
  try {
    db.prepare("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('disk_probe', zeroblob(?))").run(PROBE_BYTES)
    return true
  } catch (e) {
    if (isDiskFull(e)) return false
    throw e
  } finally {
    try {
      db.prepare("DELETE FROM sync_state WHERE key = 'disk_probe'").run()
    } catch {
      // Still full, or closed: the next probe removes it.
    }
  }
}
