import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../main/store/db'
import { LATEST_VERSION } from '../../../main/store/migrations'

describe('openDatabase', () => {
  it('opens in WAL mode with foreign keys and the latest schema', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'pd-db-')), 'c.sqlite'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    db.close()
  })
})
