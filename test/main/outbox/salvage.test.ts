/** The page reader that salvages rows from a damaged SQLite file without SQLite. */
import Database from 'better-sqlite3'
import { closeSync, copyFileSync, mkdtempSync, openSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { salvageRecords } from '../../../main/outbox/salvage'

const open: Database.Database[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'pd-salvage-')), 'x.sqlite')
}

/** A table of n rows (id, plan, text of `size` characters). */
function fill(file: string, n: number, size = 200, wal = false): Database.Database {
  const db = new Database(file)
  open.push(db)
  if (wal) db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, plan INTEGER NOT NULL, body TEXT NOT NULL); CREATE INDEX t_plan ON t (plan, id)')
  const ins = db.prepare('INSERT INTO t (id, plan, body) VALUES (?, ?, ?)')
  db.transaction(() => {
    for (let i = 1; i <= n; i++) ins.run(i, 1000 + i, `${i}:`.padEnd(size, 'x'))
  })()
  return db
}

const rowsOf = (file: string) =>
  salvageRecords(file)
    .tableRecords.filter((r) => r.values.length === 3)
    .map((r) => [r.rowid, r.values[1], (r.values[2] as string).length] as const)
    .sort((a, b) => (a[0] as number) - (b[0] as number))

function overwrite(file: string, page: number, pageSize = 4096, byte = 0xa5): void {
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(pageSize, byte), 0, pageSize, (page - 1) * pageSize)
  closeSync(fd)
}

describe('salvageRecords', () => {
  it('reads every row of a healthy file, with payloads that spill onto overflow pages', () => {
    const file = tempFile()
    const db = fill(file, 30, 200)
    db.prepare('INSERT INTO t (id, plan, body) VALUES (31, 1031, ?)').run('y'.repeat(20_000))
    db.close()
    open.length = 0
    const rows = rowsOf(file)
    expect(rows).toHaveLength(31)
    expect(rows[30]).toEqual([31, 1031, 20_000])
    // The index's records: (plan, id, rowid).
    const index = salvageRecords(file).indexRecords.filter((r) => r.values.length === 3)
    expect(index.map((r) => r.values[0]).sort()).toEqual(Array.from({ length: 31 }, (_, i) => 1001 + i))
  })

  it('keeps the rows of every page that was not overwritten, whatever happened to the header and the interior pages', () => {
    const file = tempFile()
    fill(file, 200, 300).close()
    open.length = 0
    const before = salvageRecords(file).tableRecords.filter((r) => r.values.length === 3)
    const pages = [...new Set(before.map((r) => r.page))]
    expect(pages.length).toBeGreaterThan(5)
    const lost = pages[2]
    overwrite(file, 1) // the header and the schema
    overwrite(file, lost)
    const after = rowsOf(file)
    expect(after.map((r) => r[0])).toEqual(before.filter((r) => r.page !== lost).map((r) => r.rowid).sort((a, b) => a! - b!))
    // SQLite itself can read none of it.
    expect(() => new Database(file).prepare('SELECT count(*) FROM t').get()).toThrow()
  })

  it('lays the committed frames of the WAL over the file, and ignores what follows a broken frame', () => {
    const file = tempFile()
    const db = fill(file, 10, 100, true)
    db.pragma('wal_autocheckpoint = 0')
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.prepare("UPDATE t SET body = 'changed' WHERE id = 3").run()
    db.prepare('INSERT INTO t (id, plan, body) VALUES (11, 1011, ?)').run('new')
    // A copy while the connection is open: the changes are only in the WAL.
    const copy = tempFile()
    copyFileSync(file, copy)
    copyFileSync(`${file}-wal`, `${copy}-wal`)
    const rows = rowsOf(copy)
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(rows[2]).toEqual([3, 1003, 'changed'.length])
    // The second commit's frame damaged: only the first commit counts.
    const broken = tempFile()
    copyFileSync(file, broken)
    copyFileSync(`${file}-wal`, `${broken}-wal`)
    const fd = openSync(`${broken}-wal`, 'r+')
    const frame = 24 + 4096
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, 32 + frame + 24 + 100)
    closeSync(fd)
    const partial = rowsOf(broken)
    expect(partial.map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(partial[2]).toEqual([3, 1003, 'changed'.length])
  })

  it('never brings back rows from pages on the freelist', () => {
    const file = tempFile()
    const db = fill(file, 200, 300)
    db.exec('DELETE FROM t WHERE id > 20')
    db.close()
    open.length = 0
    expect(rowsOf(file).map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('reads nothing, and does not throw, from a file that is not SQLite at all', () => {
    const file = tempFile()
    const fd = openSync(file, 'w')
    writeSync(fd, Buffer.from('notes of the day\n'.repeat(500)))
    closeSync(fd)
    expect(salvageRecords(file)).toMatchObject({ tableRecords: [], indexRecords: [] })
    expect(salvageRecords(join(tmpdir(), 'no-such-file.sqlite'))).toMatchObject({ tableRecords: [], indexRecords: [] })
  })
})
