import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Database as DB } from 'better-sqlite3'
import { BUSY_TIMEOUT_MS, openDatabase, useWal, WAL_CHECKPOINT_PAGES } from '../../../main/store/db'
import { LATEST_VERSION } from '../../../main/store/migrations'

describe('openDatabase', () => {
  it('opens in WAL mode with foreign keys and the latest schema', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-db-')), 'c.sqlite'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    db.close()
  })

  it('makes every commit durable and waits for another process instead of failing', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-db-')), 'c.sqlite'))
    // 2 = FULL: an outbox entry the person was told is queued survives a power cut.
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS)
    expect(BUSY_TIMEOUT_MS).toBeGreaterThanOrEqual(5_000)
    expect(db.pragma('journal_size_limit', { simple: true })).toBeGreaterThan(0)
    db.close()
  })

  it('checkpoints the WAL once it passes WAL_CHECKPOINT_PAGES and keeps it under journal_size_limit', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pd-db-')), 'c.sqlite')
    const db = openDatabase(file)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_CHECKPOINT_PAGES)
    const limit = db.pragma('journal_size_limit', { simple: true }) as number
    expect(WAL_CHECKPOINT_PAGES * 4096).toBeLessThan(limit)
    db.exec('CREATE TABLE blobs (b BLOB)')
    const put = db.prepare('INSERT INTO blobs VALUES (randomblob(1048576))')
    const walBytes = () => statSync(`${file}-wal`).size
    let largest = 0
    // 1 MB a transaction, to twice the checkpoint size: the WAL is copied back and restarts.
    for (let i = 0; i < (WAL_CHECKPOINT_PAGES * 4096 * 2) / 1048576; i++) {
      db.transaction(() => put.run())()
      largest = Math.max(largest, walBytes())
    }
    expect(largest).toBeGreaterThan(WAL_CHECKPOINT_PAGES * 4096 * 0.9)
    expect(largest).toBeLessThanOrEqual(limit)
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>
    // Checkpointed along the way: what is left in the WAL is less than one checkpoint's worth.
    expect(row.log).toBeLessThan(WAL_CHECKPOINT_PAGES * 1.1)
    db.close()
  })

  it('retries the switch to WAL when SQLite reports the lock-upgrade deadlock at once, and gives up on other errors', () => {
    // Two processes reading a brand-new file both try to take the exclusive lock; SQLite
    // answers one of them SQLITE_BUSY without calling the busy handler (seen in CI).
    const calls: string[] = []
    let busyLeft = 3
    const fake = {
      pragma(sql: string) {
        calls.push(sql)
        if (sql === 'main.journal_mode') return 'delete'
        if (busyLeft-- > 0) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
        return 'wal'
      },
    } as unknown as DB
    useWal(fake)
    expect(calls.filter((c) => c === 'main.journal_mode = WAL')).toHaveLength(4)

    const broken = {
      pragma() {
        throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' })
      },
    } as unknown as DB
    expect(() => useWal(broken)).toThrow('disk I/O error')
  })

  it('does not ask for the exclusive lock when the file is already in WAL mode', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pd-db-')), 'c.sqlite')
    openDatabase(file).close()
    const calls: string[] = []
    const db = openDatabase(file)
    const spy = { pragma: (sql: string, o?: object) => (calls.push(sql), db.pragma(sql, o)) } as unknown as DB
    useWal(spy)
    expect(calls).toEqual(['main.journal_mode'])
    db.close()
  })
})
