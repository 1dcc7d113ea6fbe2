import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUSY_TIMEOUT_MS, openDatabase } from '../../../main/store/db'
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
})
