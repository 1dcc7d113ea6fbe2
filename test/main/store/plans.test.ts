import { describe, expect, it } from 'vitest'
import { makePlan, planInput } from './fixtures'
import { addEdit, memoryStore } from './helpers'
import { hashJson } from '../../../main/store/plans'
import { preparePlan } from '../../../main/store/prepare'
import { decodeRecord } from '../../../main/store/record'
import type { PlanInput } from '../../../main/store/types'

describe('PlanWriter (through PlanStore)', () => {
  it('adds, updates, and leaves unchanged plans alone', () => {
    const store = memoryStore()
    expect(store.applyPlans([1, 2, 3].map((pk) => planInput(makePlan({ pk }))), 1)).toEqual({ added: 3, updated: 0, unchanged: 0 })
    const changed = planInput(makePlan({ pk: 2, status: 'approved', modified: '2026-05-01T00:00:00Z' }))
    expect(store.applyPlans([planInput(makePlan({ pk: 1 })), changed], 2)).toEqual({ added: 0, updated: 1, unchanged: 1 })
    expect(store.getPlan(2)?.summary.status).toBe('approved')
    expect(store.pksNotSeen(2)).toEqual([3])
  })

  it('replaces item rows and the search text when a plan changes', () => {
    const store = memoryStore([{ pk: 1, product: 'Kettle' }])
    expect(store.searchPlans({ text: 'kettle' }).total).toBe(1)
    store.applyPlans([planInput(makePlan({ pk: 1, product: 'Toaster', modified: '2026-06-01T00:00:00Z' }))], 2)
    expect(store.searchPlans({ text: 'kettle' }).total).toBe(0)
    expect(store.searchPlans({ text: 'toast' }).total).toBe(1)
    expect(store.db.prepare('SELECT count(*) AS n FROM plan_items').get()).toEqual({ n: 1 })
  })

  it('a changed plan gets every changed column, and the filters and sorts find it by its new values only', () => {
    const store = memoryStore([{ pk: 1, invoice: 'INV-OLD', status: 'waiting', store: 'STORE-1', refund: 10 }, { pk: 2 }])
    const next = makePlan({ pk: 1, invoice: 'INV-NEW', status: 'approved', store: 'STORE-9', refund: 25.5, modified: '2026-07-01T00:00:00Z' })
    expect(store.applyPlans([planInput(next)], 2)).toEqual({ added: 0, updated: 1, unchanged: 0 })
    const row = store.db.prepare('SELECT invoice_number, status, store_remote_id, refund_amount, modified_date, seen_run FROM plans WHERE pk = 1').get()
    expect(row).toEqual({ invoice_number: 'INV-NEW', status: 'approved', store_remote_id: 'STORE-9', refund_amount: 25.5, modified_date: '2026-07-01T00:00:00.000Z', seen_run: 2 })
    // The indexes answer with the new values (an UPDATE that left an index out would not).
    const pks = (sql: string, ...args: unknown[]) => (store.db.prepare(sql).all(...args) as Array<{ pk: number }>).map((r) => r.pk)
    expect(pks('SELECT pk FROM plans INDEXED BY idx_plans_invoice WHERE invoice_number = ?', 'INV-NEW')).toEqual([1])
    expect(pks('SELECT pk FROM plans INDEXED BY idx_plans_invoice WHERE invoice_number = ?', 'INV-OLD')).toEqual([])
    expect(pks('SELECT pk FROM plans INDEXED BY idx_plans_store_type_status WHERE store_remote_id = ?', 'STORE-9')).toEqual([1])
    expect(pks('SELECT pk FROM plans INDEXED BY idx_plans_status WHERE status = ?', 'approved')).toEqual([1])
    expect(store.searchPlans({ text: 'inv-new' }).rows.map((r) => r.pk)).toEqual([1])
    expect(store.searchPlans({ text: 'inv-old' }).total).toBe(0)
    expect(store.db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok')
  })

  it('rewrites a changed plan\'s item rows only when its items changed', () => {
    const store = memoryStore([{ pk: 1, product: 'Kettle' }])
    const changes = () => store.db.prepare('SELECT total_changes()').pluck().get() as number
    // An edit that leaves the items as they were (a new invoice number): one row written, the plan's.
    let before = changes()
    store.applyPlans([planInput(makePlan({ pk: 1, product: 'Kettle', invoice: 'INV-2', modified: '2026-06-01T00:00:00Z' }))], 2)
    const planOnly = changes() - before
    before = changes()
    store.applyPlans([planInput(makePlan({ pk: 1, product: 'Toaster', invoice: 'INV-2', modified: '2026-06-02T00:00:00Z' }))], 3)
    // Another product: the item row is deleted and written again as well.
    expect(changes() - before).toBe(planOnly + 2)
    expect(store.db.prepare('SELECT product_name FROM plan_items WHERE plan_pk = 1').pluck().all()).toEqual(['Toaster'])
  })

  it('leaves unchanged plans unwritten when told not to mark them seen (an incremental walk)', () => {
    const store = memoryStore([{ pk: 1 }, { pk: 2 }])
    const seen = () => store.db.prepare('SELECT pk, seen_run FROM plans ORDER BY pk').all()
    const before = seen()
    const changed = planInput(makePlan({ pk: 2, status: 'approved', modified: '2026-05-01T00:00:00Z' }))
    expect(store.applyPlans([planInput(makePlan({ pk: 1 })), changed], 7, { markUnchanged: false })).toEqual({ added: 0, updated: 1, unchanged: 1 })
    expect(seen()).toEqual([before[0], { pk: 2, seen_run: 7 }])
  })

  it('rolls a page back as a whole when one plan fails to write', () => {
    const store = memoryStore()
    const bad = { pk: 2, status: null as unknown as string, modifiedDate: '2026-01-01T00:00:00.000Z', raw: {} }
    expect(() => store.applyPlans([planInput(makePlan({ pk: 1 })), bad], 1)).toThrow()
    expect(store.planCount()).toBe(0)
  })

  it('removes plans with their items and index rows, but keeps plans with pending edits', () => {
    const store = memoryStore([{ pk: 1, product: 'Kettle' }, { pk: 2 }, { pk: 3 }])
    addEdit(store.db, 3, { targetStatus: 'approved' })
    // An edit that is over (applied, discarded) no longer holds its plan back.
    addEdit(store.db, 2, { state: 'applied' })
    expect(store.removePlans([1, 2, 3, 99])).toEqual({ removed: [1, 2], keptPending: [3] })
    expect(store.planCount()).toBe(1)
    expect(store.searchPlans({ text: 'kettle' }).total).toBe(0)
    expect(store.db.prepare('SELECT count(*) AS n FROM plan_items WHERE plan_pk = 1').get()).toEqual({ n: 0 })
  })

  it('never overwrites the display status of a plan with a pending edit', () => {
    const store = memoryStore([{ pk: 1, status: 'waiting' }])
    addEdit(store.db, 1, { targetStatus: 'approved' })
    store.applyPlans([planInput(makePlan({ pk: 1, status: 'rejected', modified: '2026-07-01T00:00:00Z' }))], 2)
    const s = store.getPlan(1)!.summary
    expect(s).toMatchObject({ status: 'approved', serverStatus: 'rejected', pendingEdits: 1, localState: 'pending' })
    expect(store.getPlan(1)!.server.status).toBe('rejected')
  })

  it('keeps the cached copy of a plan an edit applied to after the page was asked for, and writes the others', () => {
    const store = memoryStore([1, 2, 3].map((pk) => ({ pk, status: 'waiting' })))
    // Edits applied (finished) on 1 March: one to plan 1, one to plan 2; a discarded one on plan 3.
    addEdit(store.db, 1, { targetStatus: 'approved', state: 'applied' })
    addEdit(store.db, 2, { targetStatus: 'approved', state: 'applied' })
    addEdit(store.db, 3, { targetStatus: 'approved', state: 'discarded' })
    store.db.prepare("UPDATE plans SET status = 'approved' WHERE pk IN (1, 2)").run()
    const page = [1, 2, 3].map((pk) => planInput(makePlan({ pk, status: 'waiting', invoice: 'INV-PAGE', modified: '2026-02-27T00:00:00Z' })))
    // Asked for on 28 February: plans 1 and 2 may be older than their edits there; 3 is written.
    expect(store.applyPlans(page, 2, { readAt: '2026-02-28T00:00:00.000Z' })).toEqual({ added: 0, updated: 1, unchanged: 2 })
    expect([1, 2, 3].map((pk) => store.getPlan(pk)!.summary.status)).toEqual(['approved', 'approved', 'waiting'])
    expect(store.searchPlans({ text: 'inv-page' }).rows.map((r) => r.pk)).toEqual([3])
    // Kept plans count as seen by a full walk: not taken for deleted on the server.
    expect(store.pksNotSeen(2)).toEqual([])
    // A page asked for after the edits applied is written as usual.
    expect(store.applyPlans(page, 3, { readAt: '2026-03-02T00:00:00.000Z' })).toEqual({ added: 0, updated: 2, unchanged: 1 })
    expect([1, 2].map((pk) => store.getPlan(pk)!.summary.status)).toEqual(['waiting', 'waiting'])
  })

  describe('plans readied ahead (preparePlan)', () => {
    const stored = (store: ReturnType<typeof memoryStore>) => ({
      plans: store.db.prepare('SELECT * FROM plans ORDER BY pk').all(),
      json: store.db.prepare('SELECT pk, raw_json FROM plan_json ORDER BY pk').all(),
      items: store.db.prepare('SELECT * FROM plan_items ORDER BY plan_pk, position').all(),
      fts: store.db.prepare("SELECT rowid FROM plans_fts WHERE plans_fts MATCH 'urun' ORDER BY rowid").pluck().all(),
      events: store.db.prepare('SELECT plan_pk, from_status, to_status, changed_by FROM plan_status_events ORDER BY id').all(),
      paymentTypes: store.db.prepare('SELECT type FROM payment_types ORDER BY type').pluck().all(),
    })
    const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ synced_at: _s, ...r }) => r)
    const ready = (page: PlanInput[]) => page.map((p) => ({ pk: p.pk, status: p.status, modifiedDate: p.modifiedDate, prepared: preparePlan(p) }) as PlanInput)

    it('stores exactly what an unprepared write stores, and never reads the server object', () => {
      const first = [1, 2, 3].map((pk) => planInput(makePlan({ pk, product: `Ürün ${pk}` })))
      // A payment plan whose transaction type the cache learns (the seed's one, and another the server uses).
      first[1].raw.payment_plan = [{ transaction_type: 'refund', order_items: [1] }, { transaction_type: 'coupon', order_items: [2] }]
      const second = [planInput(makePlan({ pk: 2, status: 'approved', product: 'Ürün 2' })), planInput(makePlan({ pk: 4 }))]
      const plain = memoryStore()
      const prepared = memoryStore()
      for (const [page, run] of [[first, 1], [second, 2]] as const) {
        expect(prepared.applyPlans(ready(page), run)).toEqual(plain.applyPlans(page, run))
      }
      const a = stored(plain)
      const b = stored(prepared)
      expect(strip(b.plans as never)).toEqual(strip(a.plans as never))
      expect(b.json).toEqual(a.json)
      expect(b.items).toEqual(a.items)
      expect(b.fts).toEqual([1, 2, 3])
      expect(b.fts).toEqual(a.fts)
      expect(b.events).toEqual(a.events)
      expect(b.events).toHaveLength(1)
      expect(b.paymentTypes).toEqual(a.paymentTypes)
      expect(b.paymentTypes).toEqual(['coupon', 'refund'])
    })

    it("keeps the server's own text of a plan when it came with one, and hashes that text", () => {
      const store = memoryStore()
      const raw = makePlan({ pk: 5, product: 'Işık' })
      const text = JSON.stringify(raw, null, 1)
      const rawJson = () => decodeRecord(store.db.prepare('SELECT raw_json FROM plan_json WHERE pk = 5').pluck().get())
      expect(store.applyPlans(ready([{ ...planInput(raw), json: text }]), 1)).toEqual({ added: 1, updated: 0, unchanged: 0 })
      expect(rawJson()).toBe(text)
      expect(store.getPlan(5)!.server).toEqual(raw)
      expect(store.db.prepare('SELECT raw_hash FROM plans WHERE pk = 5').pluck().get()).toBe(hashJson(text))
      // The same text again is unchanged, prepared or not; the object written out differently is a new text.
      expect(store.applyPlans(ready([{ ...planInput(raw), json: text }]), 2)).toEqual({ added: 0, updated: 0, unchanged: 1 })
      expect(store.applyPlans([{ ...planInput(raw), json: text }], 3)).toEqual({ added: 0, updated: 0, unchanged: 1 })
      expect(store.applyPlans([planInput(raw)], 4)).toEqual({ added: 0, updated: 1, unchanged: 0 })
      expect(rawJson()).toBe(JSON.stringify(raw))
    })
  })

  it('writes several pages in one transaction in plan-number order, each page with the time it was asked for', () => {
    const store = memoryStore()
    store.applyPlans([1, 2, 3, 4].map((pk) => planInput(makePlan({ pk, status: 'waiting', modified: '2026-02-01T00:00:00Z' }))), 1)
    // An edit of plan 2 applied (finished) on 1 March.
    addEdit(store.db, 2, { targetStatus: 'waiting', state: 'applied' })
    const changed = (pk: number) => planInput(makePlan({ pk, status: 'rejected', modified: '2026-02-15T00:00:00Z' }))
    // Pages in the server's order, newest (highest) first; plan 4 listed twice (the list moved): the later copy wins.
    const pages = [
      { plans: [changed(4), changed(3)], readAt: '2026-03-02T00:00:00.000Z' },
      { plans: [changed(2), planInput(makePlan({ pk: 4, status: 'approved', modified: '2026-02-16T00:00:00Z' }))], readAt: '2026-02-28T00:00:00.000Z' },
      { plans: [changed(1), planInput(makePlan({ pk: 9 }))] },
    ]
    expect(store.applyPages(pages, 2)).toEqual({ added: 1, updated: 4, unchanged: 1 })
    // Plan 2's copy was asked for before its edit applied: kept. Plan 4: the later page's copy.
    expect([1, 2, 3, 4, 9].map((pk) => store.getPlan(pk)!.summary.status)).toEqual(['rejected', 'waiting', 'rejected', 'approved', 'waiting'])
    expect(store.pksNotSeen(2)).toEqual([])
    expect(store.searchPlans({ text: '9' }).rows.map((r) => r.pk)).toContain(9)
  })
})
