import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { DamagedRecordError, LATEST_VERSION, NotACacheError, SchemaTooNewError, openStore } from '../../../main/store'
import { PAGE_CACHE_MAX_KIB, PAGE_CACHE_MIN_KIB, pageCacheKibFor, WALK_PAGE_CACHE_KIB } from '../../../main/store/db'
import { makePlan, planInput } from './fixtures'

const tmp = () => mkdtempSync(join(tmpdir(), 'pd-store-'))

describe('PlanStore.walking', () => {
  it("writes the cache's commits without waiting for the disk while a walk runs, and on disk again after it, even when the walk fails", async () => {
    const { store } = openStore({ file: join(tmp(), 'cache.sqlite') })
    try {
      const level = (schema: string) => store.db.pragma(`${schema}.synchronous`, { simple: true })
      expect([level('main'), level('outbox')]).toEqual([2, 2])
      const during = await store.walking(async () => [level('main'), level('outbox')])
      // NORMAL for the cache's file only: the outbox's file stays FULL.
      expect(during).toEqual([1, 2])
      expect(level('main')).toBe(2)
      await expect(store.walking(() => Promise.reject(new Error('cut')))).rejects.toThrow('cut')
      expect(level('main')).toBe(2)
    } finally {
      store.close()
    }
  })
})

describe('PlanStore.holdPageCache', () => {
  it("holds the cache file's page cache smaller until the walk ends, and does nothing outside a walk", async () => {
    const { store } = openStore({ file: join(tmp(), 'cache.sqlite') })
    try {
      const size = () => store.db.pragma('main.cache_size', { simple: true })
      const outbox = () => store.db.pragma('outbox.cache_size', { simple: true })
      const before = [size(), outbox()]
      expect(before[0]).toBe(-PAGE_CACHE_MIN_KIB)
      store.holdPageCache()
      expect(size()).toBe(-PAGE_CACHE_MIN_KIB)
      const during = await store.walking(async () => {
        const unheld = size()
        store.holdPageCache()
        store.holdPageCache()
        return [unheld, size(), outbox()]
      })
      expect(during).toEqual([-PAGE_CACHE_MIN_KIB, -WALK_PAGE_CACHE_KIB, before[1]])
      expect([size(), outbox()]).toEqual(before)
      // A walk that fails gives it back too, and the next walk starts with the full cache.
      await expect(store.walking(async () => {
        store.holdPageCache()
        throw new Error('cut')
      })).rejects.toThrow('cut')
      expect(size()).toBe(-PAGE_CACHE_MIN_KIB)
      expect(await store.walking(async () => size())).toBe(-PAGE_CACHE_MIN_KIB)
    } finally {
      store.close()
    }
  })
  it('sizes the page cache to the file: a fifth of it, between 32 and 128 MB, again when a walk that grew it ends', async () => {
    expect(pageCacheKibFor(0)).toBe(PAGE_CACHE_MIN_KIB)
    expect(pageCacheKibFor(256 * 1024 * 1024)).toBe(Math.round((256 * 1024) / 5))
    expect(pageCacheKibFor(760 * 1024 * 1024)).toBe(PAGE_CACHE_MAX_KIB)
    const { store } = openStore({ file: join(tmp(), 'cache.sqlite') })
    try {
      const size = () => store.db.pragma('main.cache_size', { simple: true }) as number
      expect(size()).toBe(-PAGE_CACHE_MIN_KIB)
      // A walk (a first sync) grows the file to about 200 MB: a 40 MB cache once it ends.
      await store.walking(async () => {
        store.holdPageCache()
        store.db.exec('CREATE TABLE filler (b BLOB)')
        const insert = store.db.prepare('INSERT INTO filler VALUES (zeroblob(1048576))')
        store.db.transaction(() => {
          for (let i = 0; i < 200; i++) insert.run()
        })()
      })
      const bytes = (store.db.pragma('main.page_count', { simple: true }) as number) * (store.db.pragma('main.page_size', { simple: true }) as number)
      expect(bytes).toBeGreaterThan(200 * 1024 * 1024)
      expect(size()).toBe(-pageCacheKibFor(bytes))
      expect(-size()).toBeGreaterThan(PAGE_CACHE_MIN_KIB)
    } finally {
      store.close()
    }
  })
})

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

  it('refuses a file that is not SQLite at all and leaves it untouched', () => {
    const dir = tmp()
    const file = join(dir, 'notes.txt')
    const text = 'my shopping list\n'.repeat(500)
    writeFileSync(file, text)
    expect(() => openStore({ file })).toThrow(NotACacheError)
    expect(() => openStore({ file })).toThrow(`${file} is not a PlanDesk cache; nothing was changed.`)
    expect(readFileSync(file, 'utf8')).toBe(text)
    expect(readdirSync(dir)).toEqual(['notes.txt'])
  })

  it('refuses another program\'s SQLite database and leaves it untouched', () => {
    const dir = tmp()
    const file = join(dir, 'other.db')
    const other = new Database(file)
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')")
    other.close()
    const before = readFileSync(file)
    expect(() => openStore({ file })).toThrow(NotACacheError)
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(readdirSync(dir)).toEqual(['other.db'])
  })

  it('treats an empty (0-byte) file as a new cache', () => {
    const file = join(tmp(), 'cache.sqlite')
    writeFileSync(file, '')
    const { store, notices } = openStore({ file })
    expect(notices).toEqual([])
    expect(store.planCount()).toBe(0)
    store.close()
  })

  it('moves aside a PlanDesk cache whose schema page is damaged, says so, and builds a fresh one', () => {
    const dir = tmp()
    const file = join(dir, 'cache.sqlite')
    const { store: first } = openStore({ file })
    first.applyPlans([planInput(makePlan({ pk: 1 }))], 1)
    first.close()
    // Keep the 100-byte header (magic and schema version), ruin the rest of page 1 (the schema).
    const buf = readFileSync(file)
    buf.fill(0x5a, 100, 4096)
    writeFileSync(file, buf)
    const { store, notices } = openStore({ file })
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/The cache was damaged .* moved aside to .*cache\.sqlite\.corrupt-.* fresh cache was built/)
    expect(store.planCount()).toBe(0)
    const moved = readdirSync(dir).find((f) => f.includes('.corrupt-') && !f.endsWith('-wal') && !f.endsWith('-shm'))!
    expect(readFileSync(join(dir, moved)).equals(buf)).toBe(true)
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

describe('damaged plan records', () => {
  it('getPlan throws a storage error for unreadable JSON and marks the plan so the next sync rewrites it', () => {
    const { store } = openStore({ file: ':memory:' })
    const plans = [1, 2, 3].map((pk) => planInput(makePlan({ pk })))
    store.applyPlans(plans, 1)
    store.db.prepare("UPDATE plan_json SET raw_json = '{\"pk\": 2, broken' WHERE pk = 2").run()
    store.db.prepare("UPDATE plan_json SET raw_json = '[1, 2]' WHERE pk = 3").run()
    for (const pk of [2, 3]) {
      let err: unknown
      try {
        store.getPlan(pk)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(DamagedRecordError)
      expect(err).toMatchObject({ code: 'storage', message: `Plan ${pk}'s cached copy is damaged; the next sync fetches it again.` })
    }
    expect(store.pksToRefetch()).toEqual([2, 3])
    expect(store.getPlan(1)?.summary.pk).toBe(1)
    // The same server copy arrives again: not skipped as unchanged, rewritten.
    expect(store.applyPlans(plans, 2)).toEqual({ added: 0, updated: 2, unchanged: 1 })
    expect(store.getPlan(2)?.server).toEqual(plans[1].raw)
    expect(store.getPlan(3)?.server).toEqual(plans[2].raw)
    expect(store.pksToRefetch()).toEqual([])
  })

  it('the record check at open finds them, marks them and says so in one line', () => {
    const file = join(tmp(), 'cache.sqlite')
    const first = openStore({ file }).store
    first.applyPlans([1, 2, 3, 4].map((pk) => planInput(makePlan({ pk }))), 1)
    first.db.prepare("UPDATE plan_json SET raw_json = 'not json' WHERE pk = 1").run()
    first.db.prepare("UPDATE plan_json SET raw_json = '\"a string\"' WHERE pk = 4").run()
    first.close()
    const quick = openStore({ file, check: false })
    expect(quick.notices).toEqual([])
    quick.store.close()
    const { store, notices } = openStore({ file })
    expect(notices).toEqual(['2 cached plans were damaged and will be fetched again at the next sync.'])
    expect(store.pksToRefetch()).toEqual([1, 4])
    expect(store.planCount()).toBe(4)
    store.close()
  })

  it('finds a compressed record whose bytes changed on disk, without inflating the intact ones', () => {
    const file = join(tmp(), 'cache.sqlite')
    const first = openStore({ file }).store
    first.applyPlans([1, 2, 3].map((pk) => planInput(makePlan({ pk }))), 1)
    const stored = first.db.prepare('SELECT raw_json FROM plan_json WHERE pk = 2').pluck().get() as Buffer
    const flipped = Buffer.from(stored)
    flipped[flipped.length - 5] ^= 0x01
    first.db.prepare('UPDATE plan_json SET raw_json = ? WHERE pk = 2').run(flipped)
    expect(() => first.getPlan(2)).toThrow(DamagedRecordError)
    first.db.prepare("UPDATE plans SET raw_hash = 'x' WHERE pk = 2").run()
    first.close()
    const { store, notices } = openStore({ file })
    expect(notices).toEqual(['1 cached plan was damaged and will be fetched again at the next sync (plan 2).'])
    expect(store.pksToRefetch()).toEqual([2])
    expect(store.getPlan(3)?.server).toEqual(makePlan({ pk: 3 }))
    store.close()
  })
})
