import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LATEST_VERSION, openStore, type PlanStore } from '../../../../main/store'
import { MIGRATIONS, migrate, schemaVersion } from '../../../../main/store/migrations'
import { addEdit, memoryStore } from '../helpers'
import { OLD_STATE, writeOldCache } from './old-cache'

const FIXTURES = [
  { pk: 1, status: 'waiting', product: 'Işık Masa Lambası' },
  { pk: 2, status: 'approved', product: 'Kahve Makinesi' },
]

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'pd-mig-')), 'cache.sqlite')
const schema = (db: Database.Database) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all()
const names = (db: Database.Database, type: string) =>
  (db.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').all(type) as Array<{ name: string }>).map((r) => r.name)

const opened: PlanStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

function latest(): Database.Database {
  const db = new Database(':memory:')
  migrate(db)
  return db
}

interface LocalRow {
  plan_pk: number
  status: string | null
  pending_edits: number
  severity: number
}

describe('003_outbox', () => {
  it.each([1, 2])('upgrades a schema-%i cache to the schema of a new cache, keeping its data', (version) => {
    const file = tempFile()
    writeOldCache(file, version, FIXTURES)
    if (version === 2) {
      // A lease row left behind by a process that was killed: it survives, and expires by itself.
      const db = new Database(file)
      db.prepare("INSERT INTO leases VALUES ('pull', 'gone:1:x', 1, 'gone', 'plandesk sync', 't', 't', 0)").run()
      db.close()
    }
    const { store } = openStore({ file })
    opened.push(store)
    expect(schemaVersion(store.db)).toBe(LATEST_VERSION)
    expect(schema(store.db)).toEqual(schema(latest()))
    expect(names(store.db, 'table')).not.toContain('plan_overlay')
    expect(store.planCount()).toBe(2)
    expect(store.syncState().cursor).toBe(OLD_STATE.cursor)
    expect(store.searchPlans({ text: 'kahve' }).rows).toMatchObject([{ pk: 2, status: 'approved', pendingEdits: 0, localState: null }])
    expect(store.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 })
    expect(store.lease('pull', { purpose: 'test' }).tryAcquire()).toEqual({ acquired: true })
  })

  it('replaces the overlay table by the plan_local view over the outbox (which 008 moves to each connection)', () => {
    const db = new Database(':memory:')
    migrate(db, MIGRATIONS.slice(0, 3))
    expect(names(db, 'table')).toEqual(expect.arrayContaining(['outbox', 'outbox_attempts']))
    expect(names(db, 'table')).not.toContain('plan_overlay')
    expect(names(db, 'view')).toEqual(['plan_local'])
    expect(names(latest(), 'view')).toEqual([])
  })

  it('plan_local: per plan with open edits, the newest open status change, the open count and the most urgent state', () => {
    const store = memoryStore([1, 2, 3, 4, 5, 6].map((pk) => ({ pk, status: 'waiting' })))
    const db = store.db
    // 1: two open status changes, the newer one failed (refused: it shows nothing of its own)
    addEdit(db, 1, { targetStatus: 'approved' })
    addEdit(db, 1, { targetStatus: 'rejected', state: 'failed' })
    // 2: only finished edits: nothing to show
    addEdit(db, 2, { targetStatus: 'approved', state: 'applied' })
    addEdit(db, 2, { targetStatus: 'rejected', state: 'discarded' })
    // 3: a status change and a payment plan in conflict (a payment plan has no status to show)
    addEdit(db, 3, { targetStatus: 'approved' })
    addEdit(db, 3, { kind: 'payment_plan', state: 'conflict' })
    // 4: a newer edit that was applied does not hide the older open one
    addEdit(db, 4, { targetStatus: 'cancelled', state: 'needs_checking' })
    addEdit(db, 4, { targetStatus: 'completed', state: 'applied' })
    // 5: being sent right now is still open
    addEdit(db, 5, { targetStatus: 'approved', state: 'sending' })
    // 6: only a payment plan: the server's status shows
    addEdit(db, 6, { kind: 'payment_plan' })

    expect(db.prepare('SELECT plan_pk, status, pending_edits, severity FROM plan_local ORDER BY plan_pk').all()).toEqual<LocalRow[]>([
      { plan_pk: 1, status: 'approved', pending_edits: 2, severity: 3 },
      { plan_pk: 3, status: 'approved', pending_edits: 2, severity: 4 },
      { plan_pk: 4, status: 'cancelled', pending_edits: 1, severity: 2 },
      { plan_pk: 5, status: 'approved', pending_edits: 1, severity: 1 },
      { plan_pk: 6, status: null, pending_edits: 1, severity: 1 },
    ])
    const shown = store.searchPlans({ sort: 'pk' }).rows.map((r) => ({ pk: r.pk, status: r.status, serverStatus: r.serverStatus, pendingEdits: r.pendingEdits, localState: r.localState }))
    expect(shown).toEqual([
      { pk: 1, status: 'approved', serverStatus: 'waiting', pendingEdits: 2, localState: 'failed' },
      { pk: 2, status: 'waiting', serverStatus: 'waiting', pendingEdits: 0, localState: null },
      { pk: 3, status: 'approved', serverStatus: 'waiting', pendingEdits: 2, localState: 'conflict' },
      { pk: 4, status: 'cancelled', serverStatus: 'waiting', pendingEdits: 1, localState: 'needs_checking' },
      { pk: 5, status: 'approved', serverStatus: 'waiting', pendingEdits: 1, localState: 'pending' },
      { pk: 6, status: 'waiting', serverStatus: 'waiting', pendingEdits: 1, localState: 'pending' },
    ])
    expect(store.searchPlans({ hasPendingEdits: true, sort: 'pk' }).rows.map((r) => r.pk)).toEqual([1, 3, 4, 5, 6])
    expect(store.searchPlans({ statuses: ['waiting'], sort: 'pk' }).rows.map((r) => r.pk)).toEqual([2, 6])
    // Finishing the last open edit of a plan takes it out of the view at once.
    db.prepare("UPDATE outbox SET state = 'applied', finished_at = updated_at WHERE plan_pk = 5").run()
    expect(store.getPlan(5)!.summary).toMatchObject({ status: 'waiting', pendingEdits: 0, localState: null })
  })

  it('checks kinds and states, and never reuses an id', () => {
    const store = memoryStore([{ pk: 1 }])
    const db = store.db
    expect(() => addEdit(db, 1, { state: 'lost' as never })).toThrow(/CHECK/)
    expect(() =>
      db
        .prepare("INSERT INTO outbox (plan_pk, kind, payload, base_status, base_modified, author, created_at, updated_at) VALUES (1, 'delete', '{}', 'w', 'm', 'a', 't', 't')")
        .run(),
    ).toThrow(/CHECK/)
    const first = addEdit(db, 1)
    const second = addEdit(db, 1)
    db.prepare('DELETE FROM outbox WHERE id = ?').run(second)
    expect(addEdit(db, 1)).toBeGreaterThan(second)
    expect(first).toBeLessThan(second)
  })

  it("removes an entry's attempts with it", () => {
    const store = memoryStore([{ pk: 1 }])
    const db = store.db
    const id = addEdit(db, 1)
    const attempt = db.prepare("INSERT INTO outbox_attempts (entry_id, n, kind, started_at, owner) VALUES (?, ?, 'send', 't', 'me')")
    attempt.run(id, 1)
    attempt.run(id, 2)
    expect(() => attempt.run(id + 100, 1)).toThrow(/FOREIGN KEY/)
    db.prepare('DELETE FROM outbox WHERE id = ?').run(id)
    expect(db.prepare('SELECT count(*) AS n FROM outbox_attempts').get()).toEqual({ n: 0 })
  })
})
