import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { LATEST_VERSION, SchemaTooNewError, openStore } from '../../../main/store'
import { makePlan, planInput } from './fixtures'

const tmp = () => mkdtempSync(join(tmpdir(), 'pd-store-'))

describe('openStore', () => {
  it('creates the folder and the cache in WAL mode, and reopens it with data intact', () => {
    const file = join(tmp(), 'sub', 'cache.sqlite')
    const a = openStore({ file })
    expect(a.notices).toEqual([])
    expect(a.store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    a.store.applyPlans([planInput(makePlan({ pk: 1 }))], 1)
    a.store.setState('cursor', '2026-01-01T00:00:00.000Z')
    a.store.close()
    const b = openStore({ file })
    expect(b.store.planCount()).toBe(1)
    expect(b.store.syncState()).toMatchObject({ running: false, lastError: null, cursor: '2026-01-01T00:00:00.000Z', planCount: 1 })
    b.store.close()
  })

  it('moves a damaged cache aside, says so, and builds a fresh one', () => {
    const dir = tmp()
    const file = join(dir, 'cache.sqlite')
    const garbage = 'garbage '.repeat(1000)
    writeFileSync(file, garbage)
    const { store, notices } = openStore({ file })
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/The cache was damaged .* moved aside to .*cache\.sqlite\.corrupt-.* fresh cache was built/)
    expect(store.planCount()).toBe(0)
    const moved = readdirSync(dir).find((f) => f.includes('.corrupt-'))!
    expect(readFileSync(join(dir, moved), 'utf8')).toBe(garbage)
    store.close()
  })

  it('moves aside a database whose pages are corrupt', () => {
    const dir = tmp()
    const file = join(dir, 'cache.sqlite')
    const { store } = openStore({ file })
    store.applyPlans(Array.from({ length: 300 }, (_, i) => planInput(makePlan({ pk: i + 1 }))), 1)
    store.close()
    // Overwrite the middle of the file (b-tree pages) with junk.
    const buf = readFileSync(file)
    buf.fill(0x5a, 8192, Math.min(buf.length - 4096, 8192 * 6))
    writeFileSync(file, buf)
    const again = openStore({ file })
    expect(again.notices[0]).toMatch(/damaged/)
    expect(again.store.planCount()).toBe(0)
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(true)
    again.store.close()
  })

  it('refuses a cache from a newer PlanDesk without moving it', () => {
    const file = join(tmp(), 'cache.sqlite')
    const db = new Database(file)
    db.pragma(`user_version = ${LATEST_VERSION + 5}`)
    db.close()
    expect(() => openStore({ file })).toThrow(SchemaTooNewError)
    expect(existsSync(file)).toBe(true)
  })

  it('keeps the cache (customer and order data) readable by its owner only', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'plandesk-perm-')), 'new-folder')
    const file = join(dir, 'cache.sqlite')
    const { store } = openStore({ file })
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(file).mode & 0o077).toBe(0)
    store.close()
  })

  it('opens an in-memory cache', () => {
    const { store } = openStore({ file: ':memory:' })
    expect(store.statuses().map((s) => s.key)).toContain('waiting_for_payment')
    expect(store.statuses().find((s) => s.key === 'waiting_for_payment')?.label).toBe('Waiting for payment')
    store.replaceStatuses([{ key: 'waiting', label: 'Bekliyor' }])
    expect(store.statuses()).toEqual([{ key: 'waiting', label: 'Bekliyor' }])
  })

  it('skips the whole-file check when asked (a quick read-only command), and still finds the damage later', () => {
    const dir = tmp()
    const file = join(dir, 'cache.sqlite')
    const { store } = openStore({ file })
    store.applyPlans(Array.from({ length: 300 }, (_, i) => planInput(makePlan({ pk: i + 1 }))), 1)
    store.close()
    const buf = readFileSync(file)
    buf.fill(0x5a, 8192, Math.min(buf.length - 4096, 8192 * 6))
    writeFileSync(file, buf)
    const quick = openStore({ file, check: false })
    expect(quick.notices).toEqual([])
    quick.store.close()
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(false)
    const checked = openStore({ file })
    expect(checked.notices[0]).toMatch(/damaged/)
    checked.store.close()
  })
})

describe('PlanStore.scope', () => {
  it('keeps the sync scope in the cache, for every process that opens it', () => {
    const file = join(tmp(), 'cache.sqlite')
    const a = openStore({ file }).store
    const b = openStore({ file }).store
    expect(a.scope()).toEqual({})
    a.setScope({ retailStoreRemoteId: 'S1', channelIds: [2, 3], createdWithinDays: 30 })
    expect(b.scope()).toEqual({ retailStoreRemoteId: 'S1', channelIds: [2, 3], createdWithinDays: 30 })
    a.close()
    const again = openStore({ file }).store
    expect(again.scope()).toEqual({ retailStoreRemoteId: 'S1', channelIds: [2, 3], createdWithinDays: 30 })
    // An empty scope is no scope: nothing is stored.
    again.setScope({})
    expect(again.getState('scope')).toBeNull()
    expect(b.scope()).toEqual({})
    again.close()
    b.close()
  })

  it('reads a scope it cannot understand as no scope', () => {
    const { store } = openStore({ file: ':memory:' })
    store.setState('scope', { retailStoreRemoteId: 5, nonsense: true })
    expect(store.scope()).toEqual({})
    store.close()
  })
})

describe('PlanStore.close', () => {
  it('never waits for the write lock: closing beside another process’s write transaction is immediate', () => {
    const file = join(tmp(), 'cache.sqlite')
    const reader = openStore({ file }).store
    const writer = openStore({ file }).store
    reader.applyPlans([planInput(makePlan({ pk: 1 }))], 1)
    writer.db.prepare('BEGIN IMMEDIATE').run()
    writer.applyPlans([planInput(makePlan({ pk: 2 }))], 1)
    const started = Date.now()
    reader.close()
    expect(Date.now() - started).toBeLessThan(1_000)
    writer.db.prepare('COMMIT').run()
    expect(writer.planCount()).toBe(2)
    writer.close()
    const again = openStore({ file }).store
    expect(again.planCount()).toBe(2)
    again.close()
  })
})
