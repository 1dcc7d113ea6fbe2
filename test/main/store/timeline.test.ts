import { describe, expect, it } from 'vitest'
import type { OutboxEntry, TimelineEvent } from '../../../preload/contract'
import { mergeTimeline } from '../../../main/store/timeline'
import { makePlan, planInput, type PlanFixture } from './fixtures'
import { addEdit, memoryStore } from './helpers'

const events = (store: ReturnType<typeof memoryStore>) =>
  store.db.prepare('SELECT plan_pk, from_status, to_status, modified_date, changed_by, seen_at FROM plan_status_events ORDER BY id').all()

/** A server copy of a fixture plan, last updated by someone. */
function copy(f: PlanFixture, updatedBy: Record<string, unknown> | null = { username: 'kerem.aydemir', first_name: 'Kerem', last_name: 'Aydemir' }) {
  return planInput({ ...makePlan(f), last_updated_by: updatedBy })
}

describe('status changes recorded by syncs (plan_status_events)', () => {
  it('writes nothing for plans new to the cache, nor for copies that keep their status', () => {
    const store = memoryStore([{ pk: 1 }, { pk: 2 }])
    expect(events(store)).toEqual([])
    // Changed, but not its status.
    store.applyPlans([copy({ pk: 1, product: 'Toaster', modified: '2026-05-01T00:00:00Z' })], 2)
    // The same copy again.
    store.applyPlans([planInput(makePlan({ pk: 2 }))], 2)
    expect(events(store)).toEqual([])
  })

  it('records a cached plan whose new copy shows another status: from, to, the server’s time and updater, when it was seen', () => {
    const store = memoryStore([{ pk: 1, status: 'waiting' }])
    store.applyPlans([copy({ pk: 1, status: 'approved', modified: '2026-05-01T10:00:00Z' })], 2)
    store.applyPlans([copy({ pk: 1, status: 'completed', modified: '2026-05-02T11:00:00Z' }, { username: 'deniz' })], 3)
    expect(events(store)).toEqual([
      { plan_pk: 1, from_status: 'waiting', to_status: 'approved', modified_date: '2026-05-01T10:00:00.000Z', changed_by: 'Kerem Aydemir', seen_at: expect.any(String) },
      { plan_pk: 1, from_status: 'approved', to_status: 'completed', modified_date: '2026-05-02T11:00:00.000Z', changed_by: 'deniz', seen_at: expect.any(String) },
    ])
    const seen = (events(store)[0] as { seen_at: string }).seen_at
    expect(Math.abs(Date.parse(seen) - Date.now())).toBeLessThan(60_000)
  })

  it('records in the same transaction as the copy: a page that fails leaves no event behind', () => {
    const store = memoryStore([{ pk: 1, status: 'waiting' }])
    const bad = { pk: 2, status: null as unknown as string, modifiedDate: '2026-01-01T00:00:00.000Z', raw: {} }
    expect(() => store.applyPlans([copy({ pk: 1, status: 'approved', modified: '2026-05-01T00:00:00Z' }), bad], 2)).toThrow()
    expect(events(store)).toEqual([])
    expect(store.getPlan(1)!.summary.serverStatus).toBe('waiting')
  })

  it('records what the outbox’s read-back brings in (refreshPlans), but not a status the applied edit already set', () => {
    const store = memoryStore([{ pk: 1, status: 'waiting' }, { pk: 2, status: 'waiting' }])
    // Plan 1: someone else rejected it; the read-back after a send brings that copy in.
    store.refreshPlans([copy({ pk: 1, status: 'rejected', modified: '2026-05-01T00:00:00Z' })])
    // Plan 2: this person's edit applied; the outbox set the cached status at once (OutboxRepo.settle).
    store.db.prepare("UPDATE plans SET status = 'approved' WHERE pk = 2").run()
    store.refreshPlans([copy({ pk: 2, status: 'approved', modified: '2026-05-01T00:00:00Z' })])
    expect(events(store)).toMatchObject([{ plan_pk: 1, from_status: 'waiting', to_status: 'rejected' }])
  })

  it('goes with its plan when the plan is removed', () => {
    const store = memoryStore([{ pk: 1, status: 'waiting' }, { pk: 2, status: 'waiting' }])
    store.applyPlans([1, 2].map((pk) => copy({ pk, status: 'approved', modified: '2026-05-01T00:00:00Z' })), 2)
    expect(store.removePlans([1])).toEqual({ removed: [1], keptPending: [] })
    expect(events(store)).toMatchObject([{ plan_pk: 2 }])
  })
})

describe('PlanStore.planHistory', () => {
  it('is the plan’s creation (its created_date and created_by) and the status changes, newest first', () => {
    const store = memoryStore([{ pk: 1, status: 'waiting', created: '2026-04-30T08:00:00Z', firstName: 'Ayşe', lastName: 'Yılmaz' }, { pk: 2 }])
    store.applyPlans([copy({ pk: 1, status: 'approved', modified: '2026-05-01T10:00:00Z', created: '2026-04-30T08:00:00Z' })], 2)
    store.applyPlans([copy({ pk: 1, status: 'completed', modified: '2026-05-02T11:00:00Z', created: '2026-04-30T08:00:00Z' }, null)], 3)
    // Another plan's change is not this one's.
    store.applyPlans([copy({ pk: 2, status: 'rejected', modified: '2026-05-03T00:00:00Z' })], 3)
    expect(store.planHistory(1)).toEqual([
      { kind: 'status', at: '2026-05-02T11:00:00.000Z', from: 'approved', to: 'completed', by: null, seenAt: expect.any(String) },
      { kind: 'status', at: '2026-05-01T10:00:00.000Z', from: 'waiting', to: 'approved', by: 'Kerem Aydemir', seenAt: expect.any(String) },
      { kind: 'created', at: '2026-04-30T08:00:00.000Z', by: 'Ayşe Yılmaz' },
    ])
  })

  it('names the creator by username when the server sends no name, and by nobody when it sends no user', () => {
    const store = memoryStore([{ pk: 1, firstName: '', lastName: '', username: 'omnitron.entegrasyon', created: '2026-04-30T08:00:00Z' }])
    expect(store.planHistory(1)).toEqual([{ kind: 'created', at: '2026-04-30T08:00:00.000Z', by: 'omnitron.entegrasyon' }])
    store.applyPlans([planInput({ ...makePlan({ pk: 1, created: '2026-04-30T08:00:00Z', modified: '2026-05-01T00:00:00Z' }), created_by: null })], 2)
    expect(store.planHistory(1)).toEqual([{ kind: 'created', at: '2026-04-30T08:00:00.000Z', by: null }])
  })

  it('leaves out a creation the server gave no date, keeps the rest when the stored copy is damaged, and is null for a plan not cached', () => {
    const store = memoryStore()
    const raw = makePlan({ pk: 1 })
    delete raw.created_date
    store.applyPlans([planInput(raw)], 1)
    expect(store.planHistory(1)).toEqual([])
    const store2 = memoryStore([{ pk: 2, created: '2026-04-30T08:00:00Z' }])
    store2.db.prepare("UPDATE plan_json SET raw_json = X'00' WHERE pk = 2").run()
    expect(store2.planHistory(2)).toEqual([{ kind: 'created', at: '2026-04-30T08:00:00.000Z', by: null }])
    expect(store2.planHistory(99)).toBeNull()
  })
})

describe('mergeTimeline', () => {
  const entry = (id: number, createdAt: string, state: OutboxEntry['state'] = 'pending'): OutboxEntry =>
    ({ id, planPk: 1, kind: 'status', targetStatus: 'approved', createdAt, state }) as OutboxEntry
  const created: TimelineEvent = { kind: 'created', at: '2026-05-01T00:00:00.000Z', by: null }
  const status = (at: string, to: string): TimelineEvent => ({ kind: 'status', at, from: 'waiting', to, by: null, seenAt: at })

  it('puts server events and local changes in one list, newest first', () => {
    const merged = mergeTimeline(
      [status('2026-05-03T00:00:00.000Z', 'rejected'), status('2026-05-02T00:00:00.000Z', 'approved'), created],
      [entry(2, '2026-05-04T00:00:00.000Z', 'conflict'), entry(1, '2026-05-02T12:00:00.000Z', 'applied')],
    )
    expect(merged.map((e) => (e.kind === 'local' ? `local ${e.entry.id} ${e.entry.state}` : e.kind === 'status' ? `status ${e.to}` : 'created'))).toEqual([
      'local 2 conflict',
      'status rejected',
      'local 1 applied',
      'status approved',
      'created',
    ])
    expect(merged[0]).toMatchObject({ kind: 'local', at: '2026-05-04T00:00:00.000Z' })
  })

  it('orders events at the same instant: the change made here, then the server’s, then the creation; a kind keeps its own order', () => {
    const at = '2026-05-01T00:00:00.000Z'
    const merged = mergeTimeline([status(at, 'b'), status(at, 'a'), created], [entry(9, at), entry(8, at)])
    expect(merged.map((e) => (e.kind === 'local' ? e.entry.id : e.kind === 'status' ? e.to : e.kind))).toEqual([9, 8, 'b', 'a', 'created'])
  })
})

describe('PlanStore.relatedPlans', () => {
  it('lists the other cached plans of the same order number, oldest first, with what the person sees of them', () => {
    const store = memoryStore([
      { pk: 1, orderNumber: 'ORD-7', created: '2026-03-01T00:00:00Z' },
      { pk: 2, orderNumber: 'ORD-7', created: '2026-02-01T00:00:00Z', status: 'waiting' },
      { pk: 3, orderNumber: 'ORD-7', created: '2026-04-01T00:00:00Z' },
      { pk: 4, orderNumber: 'ORD-8' },
    ])
    addEdit(store.db, 2, { targetStatus: 'approved' })
    const related = store.relatedPlans(1)!
    expect(related.map((r) => r.pk)).toEqual([2, 3])
    expect(related[0]).toMatchObject({ status: 'approved', serverStatus: 'waiting', pendingEdits: 1, orderNumber: 'ORD-7' })
    expect(store.relatedPlans(4)).toEqual([])
    expect(store.relatedPlans(99)).toBeNull()
  })

  it('matches by order id when the plan’s order came without a number', () => {
    const store = memoryStore()
    const plan = (pk: number, orderPk: number, number: string | null) => {
      const raw = makePlan({ pk })
      return planInput({ ...raw, order: { ...(raw.order as object), pk: orderPk, number } })
    }
    store.applyPlans([plan(1, 500, null), plan(2, 500, 'ORD-500'), plan(3, 501, null)], 1)
    expect(store.relatedPlans(1)!.map((r) => r.pk)).toEqual([2])
    expect(store.relatedPlans(3)).toEqual([])
  })
})
