import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { isCorruptionError, moveAside, quickCheck } from '../../../main/store/integrity'

describe('integrity', () => {
  it('reports a healthy database as null', () => {
    expect(quickCheck(new Database(':memory:'))).toBeNull()
  })

  it('says the problems on one line: the first three, and how many more', () => {
    // quick_check's own answer when a damaged file's pages are lost: one row, a line per page.
    const answer = ['*** in database main ***', ...[1536, 1541, 1542, 1544, 1545].map((p) => `Page ${p}: never used`)].join('\n')
    const db = { pragma: () => [{ quick_check: answer }, { quick_check: 'row 3 missing from index idx_plans_status' }] } as unknown as Database.Database
    expect(quickCheck(db)).toBe('Page 1536: never used; Page 1541: never used; Page 1542: never used; and 3 more')
  })

  it('recognizes SQLite corruption errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-int-'))
    const file = join(dir, 'junk.sqlite')
    writeFileSync(file, 'this is not a database at all, just some text that is long enough'.repeat(100))
    let err: unknown
    try {
      new Database(file).pragma('user_version')
    } catch (e) {
      err = e
    }
    expect(isCorruptionError(err)).toBe(true)
    expect(isCorruptionError(new Error('x'))).toBe(false)
  })

  it('moves the file and its WAL/SHM aside, never deleting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-int-'))
    const file = join(dir, 'cache.sqlite')
    for (const f of [file, `${file}-wal`, `${file}-shm`]) writeFileSync(f, 'x')
    const moved = moveAside(file, new Date('2026-01-02T03:04:05Z'))
    expect(moved).toBe(`${file}.corrupt-2026-01-02T03-04-05-000Z`)
    expect(existsSync(file)).toBe(false)
    expect(readdirSync(dir).sort()).toEqual([
      'cache.sqlite.corrupt-2026-01-02T03-04-05-000Z',
      'cache.sqlite.corrupt-2026-01-02T03-04-05-000Z-shm',
      'cache.sqlite.corrupt-2026-01-02T03-04-05-000Z-wal',
    ])
  })
})
