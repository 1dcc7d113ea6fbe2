/**
 * The outbox's own file beside the cache: attached to the cache's connection, untouched by
 * whatever happens to the cache, moved out of caches written before it existed (crash-safely,
 * never twice), salvaged when damaged, and guarding its queue with its own push lease.
 */
import Database from 'better-sqlite3'
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSession } from '../../../main/app/session'
import { attachOutbox, carryCacheOutbox, OutboxReplacedError, outboxFileFor, readSalvage, salvageWords } from '../../../main/outbox/file'
import { OUTBOX_MIGRATIONS } from '../../../main/outbox/schema'
import { OutboxRepo } from '../../../main/outbox/repo'
import { LATEST_VERSION, NotACacheError, openStore, type PlanStore } from '../../../main/store'
import { MIGRATIONS, migrate, OutboxNotCarriedError, schemaVersion } from '../../../main/store/migrations'
import { makePlan, planInput } from '../store/fixtures'
import { addEdit } from '../store/helpers'
import { writeOldCache } from '../store/migrations/old-cache'

const FIXTURES = [
  { pk: 1, status: 'waiting' },
  { pk: 2, status: 'waiting' },
  { pk: 3, status: 'approved' },
]

const opened: PlanStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

function tempCache(): string {
  return join(mkdtempSync(join(tmpdir(), 'pd-outbox-file-')), 'cache-abc.sqlite')
}

function open(file: string): { store: PlanStore; notices: string[] } {
  const r = openStore({ file })
  opened.push(r.store)
  return r
}

function close(store: PlanStore): void {
  store.close()
  opened.splice(opened.indexOf(store), 1)
}

/** A cache of PlanDesk before the outbox had a file (schema 8), with decisions in it. */
function legacyCache(file: string, states: Array<'pending' | 'applied' | 'conflict'> = ['pending', 'pending', 'conflict']): void {
  writeOldCache(file, 8, FIXTURES)
  const db = new Database(file)
  states.forEach((state, i) => {
    const id = addEdit(db, (i % 3) + 1, { targetStatus: 'approved', state })
    db.prepare("INSERT INTO outbox_attempts (entry_id, n, kind, started_at, owner) VALUES (?, 1, 'send', 't', 'old')").run(id)
  })
  // Each decision made at its own moment, as they are.
  db.prepare("UPDATE outbox SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', '2026-03-01', '+' || id || ' seconds')").run()
  db.close()
}

const rowsIn = (store: PlanStore) => store.db.prepare('SELECT id, plan_pk, state FROM outbox.outbox ORDER BY id').all()

describe('the outbox file', () => {
  it('lives beside its cache, attached as `outbox`; the cache holds no outbox of its own', () => {
    expect(outboxFileFor('/d/cache-abc.sqlite')).toBe('/d/cache-abc.outbox.sqlite')
    expect(outboxFileFor('/d/notes.db')).toBe('/d/notes.db.outbox.sqlite')
    const file = tempCache()
    const { store } = open(file)
    expect(store.outboxFile).toBe(outboxFileFor(file))
    expect(existsSync(outboxFileFor(file))).toBe(true)
    expect(store.db.prepare("SELECT name FROM main.sqlite_master WHERE name LIKE 'outbox%'").all()).toEqual([])
    expect(store.db.pragma('outbox.journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('outbox.synchronous', { simple: true })).toBe(2)
    expect(statSync(outboxFileFor(file)).mode & 0o777).toBe(0o600)
  })

  it('keeps every decision when the cache is damaged, emptied or deleted, and says how many were kept', () => {
    const file = tempCache()
    let { store } = open(file)
    store.applyPlans([], 1)
    addEdit(store.db, 1)
    addEdit(store.db, 2)
    addEdit(store.db, 3, { state: 'applied' })
    close(store)

    truncateSync(file, 0)
    let r = open(file)
    expect(r.notices).toEqual([expect.stringMatching(/^The cache was missing or empty, so a fresh cache was built; .* Your 2 unsent decisions are kept/)])
    expect(rowsIn(r.store)).toHaveLength(3)
    close(r.store)

    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
    r = open(file)
    expect(r.notices[0]).toMatch(/Your 2 unsent decisions are kept/)
    close(r.store)

    writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84, 0xff), Buffer.alloc(8000, 0x33)]))
    r = open(file)
    expect(r.notices).toEqual([expect.stringMatching(/^The cache was damaged .*moved aside to .*Your 2 unsent decisions are kept/)])
    expect(rowsIn(r.store)).toHaveLength(3)
    close(r.store)

    // A second open of a healthy pair says nothing.
    const again = open(file)
    expect(again.notices).toEqual([])
    store = again.store
  })

  it('refuses a cache replaced by a document, saying how many decisions are kept and where', () => {
    const file = tempCache()
    const { store } = open(file)
    addEdit(store.db, 1)
    close(store)
    rmSync(file)
    writeFileSync(file, 'notes\n')
    expect(() => openStore({ file })).toThrow(NotACacheError)
    expect(() => openStore({ file })).toThrow(`${file} is not a PlanDesk cache; nothing was changed. Your 1 unsent decision is kept in ${outboxFileFor(file)}`)
    expect(readdirSync(join(file, '..')).sort()).toEqual(['cache-abc.outbox.sqlite', 'cache-abc.sqlite'])
  })

  it('is never created beside a document named as the cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-outbox-doc-'))
    writeFileSync(join(dir, 'notes.txt'), 'mine\n')
    expect(() => openStore({ file: join(dir, 'notes.txt') })).toThrow(NotACacheError)
    expect(readdirSync(dir)).toEqual(['notes.txt'])
  })

  it('holds the push lease, so a cache rebuilt under a running replay does not let a second one start', () => {
    const file = tempCache()
    const a = open(file).store
    const lease = a.lease('push', { purpose: 'first' })
    expect(lease.tryAcquire()).toEqual({ acquired: true })
    // Another process finds the cache damaged and builds a fresh one; the outbox file stays.
    renameSync(file, `${file}.aside`)
    const b = open(file).store
    expect(b.lease('push', { purpose: 'second' }).tryAcquire()).toMatchObject({ acquired: false, holder: { purpose: 'first' } })
    expect(b.lease('pull', { purpose: 'second' }).tryAcquire()).toEqual({ acquired: true })
    lease.release()
  })

  it('refuses to write a decision into an outbox file that was moved aside or removed meanwhile', () => {
    const file = tempCache()
    const { store } = open(file)
    const repo = new OutboxRepo(store.db)
    const base = { status: 'waiting', modifiedDate: 'm', paymentPlan: null }
    repo.add({ planPk: 1, kind: 'status', payload: { status: 'approved' }, targetStatus: 'approved', base, author: 'ayse' })
    renameSync(outboxFileFor(file), `${outboxFileFor(file)}.aside`)
    const second = { planPk: 2, kind: 'status' as const, payload: { status: 'approved' }, targetStatus: 'approved', base, author: 'ayse' }
    expect(() => repo.add(second)).toThrow(OutboxReplacedError)
    // Nor into a new file another process put in its place.
    writeFileSync(outboxFileFor(file), '')
    expect(() => repo.add(second)).toThrow(OutboxReplacedError)
    expect(repo.list().rows.map((r) => r.plan_pk)).toEqual([1])
  })

  it('writes again, at the next open, the status an applied change set when the cache lost that write', async () => {
    const file = tempCache()
    const { store } = open(file)
    store.applyPlans([planInput(makePlan({ pk: 1, status: 'waiting' }))], 1)
    const repo = new OutboxRepo(store.db)
    const base = { status: 'waiting', modifiedDate: 'm', paymentPlan: null }
    const row = repo.add({ planPk: 1, kind: 'status', payload: { status: 'approved' }, targetStatus: 'approved', base, author: 'ayse' })
    repo.settle(row.id, { state: 'applied' })
    expect(store.getPlan(1)!.summary.status).toBe('approved')
    // The outbox committed, the cache's write was lost (a crash between the two files' commits).
    store.db.prepare("UPDATE plans SET status = 'waiting' WHERE pk = 1").run()
    close(store)
    const session = openSession({ dataDir: join(file, '..'), cacheFile: file, target: { demo: false, serverUrl: null }, credentials: null, purpose: 'test' })
    try {
      expect(session.store.getPlan(1)!.summary).toMatchObject({ status: 'approved', serverStatus: 'approved' })
    } finally {
      await session.close()
    }
  })
})

describe('the upgrade moves the outbox out of the cache', () => {
  it('copies every decision and its attempts into the file, then drops them from the cache', () => {
    const file = tempCache()
    legacyCache(file)
    const { store, notices } = open(file)
    expect(notices).toEqual([])
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION)
    expect(store.db.prepare("SELECT name FROM main.sqlite_master WHERE name IN ('outbox', 'outbox_attempts')").all()).toEqual([])
    expect(rowsIn(store)).toEqual([
      { id: 1, plan_pk: 1, state: 'pending' },
      { id: 2, plan_pk: 2, state: 'pending' },
      { id: 3, plan_pk: 3, state: 'conflict' },
    ])
    expect(store.db.prepare('SELECT entry_id, owner FROM outbox.outbox_attempts ORDER BY entry_id').all()).toHaveLength(3)
    expect(store.searchPlans({ hasPendingEdits: true, sort: 'pk' }).rows.map((r) => [r.pk, r.localState])).toEqual([
      [1, 'pending'],
      [2, 'pending'],
      [3, 'conflict'],
    ])
  })

  it('copying twice (a crash after the copy, before the cache changed) copies nothing twice, and takes the newer state', () => {
    const file = tempCache()
    legacyCache(file)
    // The copy committed, then the process died before the upgrade of the cache.
    const db = new Database(file)
    attachOutbox(db, outboxFileFor(file))
    expect(carryCacheOutbox(db)).toBe(3)
    expect(schemaVersion(db)).toBe(8)
    // Meanwhile an older PlanDesk still running on the cache settled one of them.
    db.prepare("UPDATE main.outbox SET state = 'applied', finished_at = 'f' WHERE id = 2").run()
    db.close()
    const { store } = open(file)
    expect(rowsIn(store)).toEqual([
      { id: 1, plan_pk: 1, state: 'pending' },
      { id: 2, plan_pk: 2, state: 'applied' },
      { id: 3, plan_pk: 3, state: 'conflict' },
    ])
    expect(store.db.prepare('SELECT count(*) AS n FROM outbox.outbox_attempts').get()).toEqual({ n: 3 })
  })

  it('never drops a decision the copy did not bring over', () => {
    const db = new Database(':memory:')
    migrate(db, MIGRATIONS.slice(0, 8))
    addEdit(db, 1)
    // Without the outbox file attached, the upgrade refuses to drop the cache's decisions.
    expect(() => migrate(db)).toThrow(OutboxNotCarriedError)
    expect(db.prepare('SELECT count(*) AS n FROM main.outbox').get()).toEqual({ n: 1 })
    expect(schemaVersion(db)).toBe(8)
  })

  it('a decision id the file already gave to another decision gets a new id', () => {
    const file = tempCache()
    legacyCache(file, ['pending'])
    // The file already holds a decision 1, another one (the cache restored from an old copy, say).
    const db = new Database(':memory:')
    attachOutbox(db, outboxFileFor(file))
    addEdit(db, 9, { targetStatus: 'rejected' })
    db.close()
    const { store } = open(file)
    expect(store.db.prepare('SELECT id, plan_pk, target_status FROM outbox.outbox ORDER BY id').all()).toEqual([
      { id: 1, plan_pk: 9, target_status: 'rejected' },
      { id: 2, plan_pk: 1, target_status: 'approved' },
    ])
  })

  it('salvages the decisions of a damaged cache written before the outbox had a file', () => {
    const file = tempCache()
    legacyCache(file, Array.from({ length: 60 }, () => 'pending' as const))
    // The root page of the cache's outbox table overwritten: SQLite can copy none of it, its leaf pages are intact.
    const db = new Database(file)
    const root = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'outbox'").pluck().get() as number
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 60 })
    db.close()
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(4096, 0x77), 0, 4096, (root - 1) * 4096)
    closeSync(fd)
    const { store, notices } = open(file)
    expect(notices).toEqual([expect.stringMatching(/^The cache was damaged .*Your 60 unsent decisions are kept .* 60 of them were read from the damaged cache\./)])
    expect(rowsIn(store)).toHaveLength(60)
  })
})

describe('the outbox file as PlanDesk upgrades it', () => {
  it("gives a file written before bulk decisions (its version 1) the batch column, keeps its rows, and salvage reads rows from before and after", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pd-outbox-v1-')), 'x.outbox.sqlite')
    const v1 = new Database(file)
    migrate(v1, OUTBOX_MIGRATIONS.slice(0, 1), { what: 'The file of unsent decisions' })
    const before = addEdit(v1, 1)
    v1.close()

    const db = new Database(':memory:')
    attachOutbox(db, file)
    expect(schemaVersion(db, 'outbox')).toBe(OUTBOX_MIGRATIONS.length)
    const after = addEdit(db, 2)
    db.prepare("UPDATE outbox.outbox SET batch = 'b1' WHERE id = ?").run(after)
    expect(db.prepare('SELECT id, batch FROM outbox.outbox ORDER BY id').all()).toEqual([
      { id: before, batch: null },
      { id: after, batch: 'b1' },
    ])
    db.close()

    // The row from before has the 19 columns of version 1 in its record, the new one all of them: both are read.
    const rows = readSalvage(file, { indexes: false }).rows
    expect(rows.map((r) => [r.id, r.plan_pk, r.batch])).toEqual([
      [before, 1, null],
      [after, 2, 'b1'],
    ])
  })
})

describe('salvageWords', () => {
  it('says what was kept and which plans the unreadable decisions were for', () => {
    expect(salvageWords(3, [])).toBe('3 unsent decisions were read from it and kept; they are sent as usual. None was lost.')
    expect(salvageWords(1, [{ id: 4, planPk: 12 }])).toBe(
      '1 unsent decision was read from it and kept; they are sent as usual. 1 unsent decision could not be read (they were for plan 12): make it again.',
    )
    expect(salvageWords(0, [{ id: 4, planPk: 12 }, { id: 5, planPk: 9 }, { id: 6, planPk: null }])).toBe(
      'No unsent decision could be read from it. 3 unsent decisions could not be read (they were for plans 9 and 12 (and 1 plan that could not be read)): make them again.',
    )
  })
})
