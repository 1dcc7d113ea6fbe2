/**
 * Decisions a store can trust, against the simulator: a refusal teaches PlanDesk (per server, in
 * the cache) and marks that choice; a bulk decision shows its scope and leaves out what it
 * should; the Changes view's selection and "discard all failed of this bulk decision" act in one
 * step; payment plans follow the seed's body and the server's transaction types.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ServerSession } from '../../main/app/session'
import { startSimulator } from '../../main/simulator'
import type { RunningSimulator } from '../../main/simulator/types'
import { entries, plansIn, serverStatus, sessionFor } from './outbox-helpers'

let sim: RunningSimulator
const open: ServerSession[] = []

beforeAll(async () => {
  sim = await startSimulator({ plans: 600, seed: 11 })
})
afterAll(() => sim.close())
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

async function syncedSession(): Promise<ServerSession> {
  const s = await sessionFor(sim)
  open.push(s)
  await s.sync({ full: true }, { wait: true })
  return s
}

describe('learned refusals', () => {
  it('a refused X → Y is kept with the server’s words and date, asks for force next time, and is forgotten once the server accepts it', async () => {
    const s = await syncedSession()
    const [a, b] = plansIn(s, 'completed', 2)
    s.setStatus({ pk: a, status: 'waiting_supplier' })
    await s.drain({ maxWaitMs: 10_000 })
    const [refusal] = s.store.knowledge.refusals()
    expect(refusal).toMatchObject({ from: 'completed', to: 'waiting_supplier', message: 'Cancellation plan in final status "completed" cannot be changed.' })
    expect(Date.parse(refusal.learnedAt)).not.toBeNaN()
    // The list shows what the server holds, with the refusal's words.
    expect(s.store.getPlan(a)!.summary).toMatchObject({ status: 'completed', localState: 'failed', note: { reason: { message: refusal.message } } })

    // Another plan in the same status: the same change needs force.
    expect(() => s.setStatus({ pk: b, status: 'waiting_supplier' })).toThrow(/^The server refused a change from "completed" to "waiting_supplier" on \d{4}-\d{2}-\d{2}: Cancellation plan in final status/)
    expect(entries(s).filter((e) => e.planPk === b)).toHaveLength(0)
    // Other targets are not marked by it.
    expect(() => s.setStatus({ pk: b, status: 'approved' })).not.toThrow()

    // The server changes its mind (here: the plan is no longer final); forced, it is accepted and the refusal forgotten.
    const [c] = plansIn(s, 'waiting', 1)
    s.store.knowledge.learnRefusal('waiting', 'approved', 'Not today.', '2026-03-01T00:00:00.000Z')
    expect(() => s.setStatus({ pk: c, status: 'approved' })).toThrow(/refused a change from "waiting" to "approved"/)
    s.setStatus({ pk: c, status: 'approved', force: true })
    await s.drain({ maxWaitMs: 10_000 })
    expect(serverStatus(sim, c)).toBe('approved')
    expect(s.store.knowledge.refusal('waiting', 'approved')).toBeNull()
  })
})

describe('bulk decisions', () => {
  it('show their scope by status, leave out the plans already in the target and those with a learned refusal, and queue one batch', async () => {
    const s = await syncedSession()
    const waiting = plansIn(s, 'waiting', 4)
    const approved = plansIn(s, 'approved', 2)
    const completed = plansIn(s, 'completed', 3)
    s.store.knowledge.learnRefusal('completed', 'cancelled', 'Cancellation plan in final status "completed" cannot be changed.', '2026-03-01T00:00:00.000Z')
    const pks = [...waiting, ...approved, ...completed, 99_999_999]
    const scope = s.bulkScope({ pks, status: 'approved' })
    expect(scope.byStatus).toEqual([
      { status: 'waiting', count: 4 },
      { status: 'completed', count: 3 },
      { status: 'approved', count: 2 },
    ])
    expect(scope.already).toEqual(approved)
    expect(scope.missing).toEqual([99_999_999])
    expect(scope.refused).toEqual([])
    expect(scope.change).toEqual([...waiting, ...completed])
    const toCancel = s.bulkScope({ pks, status: 'cancelled' })
    expect(toCancel.refused).toEqual([{ refusal: expect.objectContaining({ from: 'completed', to: 'cancelled' }), pks: completed }])
    expect(toCancel.change).toEqual([...waiting, ...approved])

    await sim.setOffline(true)
    const result = s.bulkSetStatus({ pks, status: 'cancelled' })
    expect(result).toMatchObject({ queued: 6, already: 0, refusedLeftOut: 3, failed: [{ pk: 99_999_999, error: { code: 'not_found' } }] })
    const batch = entries(s).filter((e) => e.batch === result.batch)
    expect(batch.map((e) => e.planPk).sort()).toEqual([...waiting, ...approved].sort())
    expect(s.outboxPage({ batch: result.batch! }).total).toBe(6)
    await sim.setOffline(false)

    // A colleague moved one of them meanwhile (a conflict); the server refuses approved → cancelled.
    sim.admin.updatePlan(waiting[0], { status: 'rejected' }, 'kerem.aydemir')
    await s.drain({ maxWaitMs: 10_000 })
    const states = new Map(entries(s).filter((e) => e.batch === result.batch).map((e) => [e.planPk, e.state]))
    expect(states.get(waiting[0])).toBe('conflict')
    for (const pk of waiting.slice(1)) expect(states.get(pk)).toBe('applied')
    for (const pk of approved) expect(states.get(pk)).toBe('failed')
    // What the server refused is learned for the next bulk decision.
    expect(s.bulkScope({ pks: approved, status: 'cancelled' }).refused).toEqual([{ refusal: expect.objectContaining({ from: 'approved' }), pks: approved }])
  })

  it('the Changes view retries or discards a selection in one step, and discards the failed changes of one bulk decision', async () => {
    const s = await syncedSession()
    const completed = plansIn(s, 'completed', 3)
    const waiting = plansIn(s, 'waiting', 2)
    const result = s.bulkSetStatus({ pks: [...completed, ...waiting], status: 'approved' })
    await s.drain({ maxWaitMs: 10_000 })
    const ofBatch = () => entries(s).filter((e) => e.batch === result.batch)
    expect(ofBatch().filter((e) => e.state === 'failed').map((e) => e.planPk).sort()).toEqual([...completed].sort())
    expect(ofBatch().filter((e) => e.state === 'applied')).toHaveLength(2)

    const failed = ofBatch().filter((e) => e.state === 'failed')
    const applied = ofBatch().find((e) => e.state === 'applied')!
    const retried = s.many({ action: 'retry', ids: [failed[0].id, applied.id] })
    expect(retried.done).toEqual([failed[0].id])
    expect(retried.skipped).toEqual([{ id: applied.id, error: expect.objectContaining({ code: 'validation' }) }])
    await s.drain({ maxWaitMs: 10_000 })
    expect(s.discardFailedOfBatch(result.batch!)).toBe(3)
    expect(ofBatch().filter((e) => e.state === 'discarded')).toHaveLength(3)
    expect(s.discardFailedOfBatch(result.batch!)).toBe(0)
    for (const pk of completed) expect(s.store.getPlan(pk)!.summary).toMatchObject({ status: 'completed', pendingEdits: 0 })
  })
})

describe('payment plans', () => {
  it('take a transaction type the server’s payment plans use, and a corrected one replaces a refused one', async () => {
    const s = await syncedSession()
    const [pk] = plansIn(s, 'approved', 1)
    const items = (s.store.getPlan(pk)!.server.cancellationplanorderitem_set as Array<{ order_item: { pk: number } }>).map((i) => i.order_item.pk)
    expect(() => s.createPaymentPlan({ pk, lines: [{ transactionType: 'refnud', orderItems: items }] })).toThrow(
      '"refnud" is not a transaction type of this server\'s payment plans; choose one of: refund.',
    )
    // A plan the server refuses payment plans for: corrected by a new one that replaces it.
    const [final] = plansIn(s, 'rejected', 1)
    const finalItems = (s.store.getPlan(final)!.server.cancellationplanorderitem_set as Array<{ order_item: { pk: number } }>).map((i) => i.order_item.pk)
    const first = s.createPaymentPlan({ pk: final, lines: [{ transactionType: 'refund', orderItems: finalItems }] })
    await s.drain({ maxWaitMs: 10_000 })
    expect(entries(s).find((e) => e.id === first.id)!.state).toBe('failed')
    const second = s.createPaymentPlan({ pk: final, lines: [{ transactionType: 'refund', orderItems: finalItems.slice(0, 1) }], replaces: first.id })
    expect(entries(s).find((e) => e.id === first.id)).toMatchObject({ state: 'discarded', result: 'Replaced by a corrected payment plan (demo).' })
    expect(second.waitReason?.kind).not.toBe('behind')
    expect(() => s.createPaymentPlan({ pk, lines: [{ transactionType: 'refund', orderItems: items }], replaces: second.id })).toThrow(/is not a refused payment plan of plan/)
  })
})
