import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { LATEST_VERSION, MIGRATIONS, MIGRATION_WAIT_MS, SchemaTooNewError, migrate, schemaVersion } from '../../../../main/store/migrations'
import type { Migration } from '../../../../main/store/migrations'

describe('migration runner', () => {
  it('applies pending migrations and records user_version', () => {
    const db = new Database(':memory:')
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(schemaVersion(db)).toBe(LATEST_VERSION)
    expect(migrate(db)).toEqual([])
  })

  it('refuses a database newer than the code', () => {
    const db = new Database(':memory:')
    db.pragma(`user_version = ${LATEST_VERSION + 1}`)
    expect(() => migrate(db)).toThrow(SchemaTooNewError)
    expect(() => migrate(db)).toThrow(/newer PlanDesk/)
  })

  it('applies all pending migrations in one transaction (all or nothing)', () => {
    const db = new Database(':memory:')
    const steps: Migration[] = [
      { version: 1, name: 'a', up: (d) => d.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'b', up: (d) => d.exec('CREATE TABLE b (x); SELECT nonsense FROM nowhere') },
    ]
    expect(() => migrate(db, steps)).toThrow()
    expect(schemaVersion(db)).toBe(0)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 })
  })

  it('applies only what is pending', () => {
    const db = new Database(':memory:')
    const ran: number[] = []
    const steps: Migration[] = [1, 2, 3].map((v) => ({ version: v, name: `m${v}`, up: () => void ran.push(v) }))
    migrate(db, steps.slice(0, 1))
    migrate(db, steps)
    expect(ran).toEqual([1, 2, 3])
    expect(schemaVersion(db)).toBe(3)
  })

  it('waits longer for another process’s upgrade while upgrading, and the usual time afterwards', () => {
    const db = new Database(':memory:')
    db.pragma('busy_timeout = 20000')
    const seen: number[] = []
    const watching: Migration = { version: MIGRATIONS.length + 1, name: 'watch', up: (d) => void seen.push(d.pragma('busy_timeout', { simple: true }) as number) }
    migrate(db, [...MIGRATIONS, watching])
    expect(seen).toEqual([MIGRATION_WAIT_MS])
    expect(db.pragma('busy_timeout', { simple: true })).toBe(20000)
    // Also after a failed upgrade.
    const db2 = new Database(':memory:')
    db2.pragma('busy_timeout = 20000')
    expect(() => migrate(db2, [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'fails', up: () => { throw new Error('no') } }])).toThrow('no')
    expect(db2.pragma('busy_timeout', { simple: true })).toBe(20000)
  })

  it('rejects gaps in numbering', () => {
    const db = new Database(':memory:')
    expect(() => migrate(db, [{ version: 2, name: 'x', up: () => {} }])).toThrow(/expected 1/)
  })
})
