/**
 * A full disk, as SQLite and Node report it, and the probe that tells when space is back.
 *
 * SQLite answers SQLITE_FULL when a write needs pages the disk (or `max_page_count`) cannot
 * give; the transaction is rolled back whole, so nothing half-written stays behind and every
 * edit committed before is intact. Node's own writes (settings.json, exports) fail with ENOSPC.
 */
import { closeSync, existsSync, openSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { isDiskFull } from '../domain/errors'

/** Opening the cache failed because the disk is full (code 'disk_full' crosses the bridge as is). */
export class DiskFullError extends Error {
  override readonly name = 'DiskFullError'
  readonly code = 'disk_full' as const
  constructor(file: string, message?: string) {
    super(message ?? `The disk is full, so PlanDesk cannot open its cache (${file}). Free some disk space and start PlanDesk again; nothing in the cache was changed.`)
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

/**
 * Space PlanDesk keeps for itself in the data folder (a file of zeroes): on a disk that filled
 * up, SQLite cannot even open a cache (its WAL index needs a 32 KB file), so PlanDesk would not
 * start. Then this file is removed, the cache and the outbox open in the room it leaves, the
 * person's decisions can still be saved (a few kilobytes each), and it is written again once
 * the disk has room.
 */
export const RESERVE_BYTES = 2 * 1024 * 1024
const RESERVE_FILE = '.plandesk-space-reserve'

export function reserveFile(dir: string): string {
  return join(dir, RESERVE_FILE)
}

/** Writes the reserve when it is missing and the disk has plenty of room (never taking its last megabytes). */
export function keepReserve(dir: string): void {
  const file = reserveFile(dir)
  try {
    if (existsSync(file) && statSync(file).size >= RESERVE_BYTES) return
    const free = freeBytes(file)
    if (free === null || free < RESERVE_BYTES * 8) return
    const fd = openSync(file, 'w', 0o600)
    try {
      const chunk = Buffer.alloc(64 * 1024)
      for (let written = 0; written < RESERVE_BYTES; written += chunk.length) writeSync(fd, chunk)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Best effort: without it a full disk is met as before.
    rmSync(file, { force: true })
  }
}

/** Gives the reserve's room back to the disk; true when there was one. */
export function releaseReserve(dir: string): boolean {
  const file = reserveFile(dir)
  if (!existsSync(file)) return false
  rmSync(file, { force: true })
  return true
}

/** Bytes a plan takes in the cache (B7: 3.91 KB a plan at 100,000 plans). */
export const CACHE_BYTES_PER_PLAN = 4_000
/** While a full sync writes, its WAL grows to about twice the cache (42 MB for a 19.7 MB cache at its first sync). */
const WAL_FACTOR = 2.2

/**
 * The free disk space a full sync of `plans` plans needs beside a cache of `cacheBytes` now: the
 * cache's growth to its final size, plus the WAL that holds what is written until SQLite copies
 * it into the cache.
 */
export function spaceForFullSync(plans: number, cacheBytes: number): number {
  const final = plans * CACHE_BYTES_PER_PLAN
  return Math.max(0, final - cacheBytes) + Math.ceil(final * WAL_FACTOR)
}

/** "1.2 GB", "340 MB" */
export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024)
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.max(1, Math.ceil(mb))} MB`
}

/**
 * Refuses a full sync that would fill the disk, before it writes anything: said in words, with
 * what it needs and what is free. Null when it fits (or the OS does not say how much is free).
 */
export function fullSyncRoomProblem(file: string, plans: number): string | null {
  const free = freeBytes(file)
  if (free === null) return null
  let size = 0
  try {
    size = statSync(file).size
  } catch {
    size = 0
  }
  const need = spaceForFullSync(plans, size)
  if (free >= need) return null
  return `A full sync of ${plans.toLocaleString('en-US')} plans needs about ${megabytes(need)} free on this disk (the cache grows to about ${megabytes(plans * CACHE_BYTES_PER_PLAN)}, and SQLite needs about twice that while it writes); ${megabytes(free)} ${free < 2 * 1024 * 1024 ? 'is' : 'are'} free. Free some disk space and sync again; nothing was changed.`
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
 * Whether the cache can take a write again: the disk reports at least PROBE_BYTES free (and
 * `keepFree` more: the space kept for a full disk, while it is in use) and a real write of that
 * size commits (and is then removed). The probe row lives in sync_state
 * under a key nothing else reads; a crash between the two commits leaves it for the next probe
 * to remove. Other errors than a full disk (busy, closed) are thrown: they say nothing about space.
 */
export function probeWritable(db: Database, file: string, keepFree = 0): boolean {
  const free = freeBytes(file)
  if (free !== null && free < PROBE_BYTES + keepFree) return false
  return probeTable(db, 'main.sync_state', PROBE_BYTES)
}

/** Bytes a decision takes at most in the outbox's file (its row, attempts and WAL frames): what the decisions probe writes. */
export const DECISION_PROBE_BYTES = 16 * 1024

/** Whether the outbox's file can take a decision now (a real write of a decision's size, removed again). */
export function probeDecisions(db: Database): boolean {
  return probeTable(db, 'outbox.outbox_meta', DECISION_PROBE_BYTES)
}

function probeTable(db: Database, table: string, bytes: number): boolean {
  try {
    db.prepare(`INSERT OR REPLACE INTO ${table} (key, value) VALUES ('disk_probe', zeroblob(?))`).run(bytes)
    return true
  } catch (e) {
    if (isDiskFull(e)) return false
    throw e
  } finally {
    try {
      db.prepare(`DELETE FROM ${table} WHERE key = 'disk_probe'`).run()
    } catch {
      // Still full, or closed: the next probe removes it.
    }
  }
}
