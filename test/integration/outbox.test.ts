/**
 * The outbox against the simulator: every offline decision lands exactly once (proved by the
 * simulator's audit log and the final server state), in order per plan, or is shown with its
 * reason. Sessions run in this process here; the SIGKILL and app-plus-CLI cases run real
 * processes (outbox-processes.test.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ServerSession } from '../../main/app/session'
import { startSimulator } from '../../main/simulator'
import type { RunningSimulator } from '../../main/simulator/types'
import { entries, expectExactlyOnce, plansIn, serverStatus, sessionFor, statusAudit, tokenFor } from './outbox-helpers'
import { tempDataDir } from './processes'

let sim: RunningSimulator
const open: ServerSession[] = []

beforeAll(async () => {
  sim = await startSimulator({ plans: 900, seed: 5 })
})
afterAll(() => sim.close())
afterEach(async () => {
  sim.setFaults({ latencyMs: 0, failRate: 0, resetRate: 0, hangRate: 0, truncateRate: 0, lostResponseRate: 0, offline: false })
  await Promise.all(open.splice(0).map((s) => s.close()))
})

async function syncedSession(opts: Parameters<typeof sessionFor>[1] = {}): Promise<ServerSession> {
  const s = await sessionFor(sim, opts)
  open.push(s)
  await s.sync({ full: true }, { wait: true })
  return s
}

describe('offline edits', () => {
  it('are durable and shown at once over the server copy, which a sync never reverts', async () => {
    const s = await syncedSession()
    const [pk] = plansIn(s, 'waiting', 1)
    await sim.setOffline(true)
    const e = s.setStatus({ pk, status: 'approved' })
    expect(e).toMatchObject({ planPk: pk, state: 'pending', targetStatus: 'approved', author: 'demo' })
    expect(e.base.status).toBe('waiting')
    const row = s.store.searchPlans({ statuses: ['approved'], limit: 1000 }).rows.find((r) => r.pk === pk)!
    expect(row).toMatchObject({ status: 'approved', serverStatus: 'waiting', pendingEdits: 1, localState: 'pending' })
    expect(s.store.getPlan(pk)!.summary.status).toBe('approved')
    expect(s.store.searchPlans({ statuses: ['waiting'], limit: 1000 }).rows.map((r) => r.pk)).not.toContain(pk)
    expect(s.store.searchPlans({ hasPendingEdits: true }).total).toBe(1)
    await sim.setOffline(false)
    // A pull brings the server copy (still waiting): the person still sees the pending value.
    await s.sync({ full: true }, { wait: true })
    expect(s.store.getPlan(pk)!.summary).toMatchObject({ status: 'approved', serverStatus: 'waiting' })
  })

  it('validates locally: a known status, not the one shown, items of the plan, a signed-in author', async () => {
    const s = await syncedSession()
    const [pk] = plansIn(s, 'waiting', 1)
    expect(() => s.setStatus({ pk, status: 'waiting' })).toThrow(/already shows status "waiting"/)
    expect(() => s.setStatus({ pk: 99_999_999, status: 'approved' })).toThrow(/not in the local cache/)
    expect(() => s.createPaymentPlan({ pk, lines: [{ transactionType: 'refund', orderItems: [1] }] })).toThrow(/does not belong to plan/)
    const signedOut = await sessionFor(sim, { dataDir: tempDataDir(), token: null })
    open.push(signedOut)
    expect(() => signedOut.setStatus({ pk, status: 'approved' })).toThrow(/Sign in to make changes/)
    expect(entries(s)).toHaveLength(0)
  })
})

describe('replay', () => {
  it('1. edits queued while the server is down apply exactly once after it returns, in order per plan', async () => {
    const s = await syncedSession()
    const pks = plansIn(s, 'waiting', 8)
    await sim.setOffline(true)
    for (const pk of pks) s.setStatus({ pk, status: 'approved' })
    // A chain on one plan: approved, then waiting_for_payment (allowed only after approved).
    s.setStatus({ pk: pks[0], status: 'waiting_for_payment' })
    const offline = await s.push({ wait: true })
    expect(offline.applied).toBe(0)
    expect(entries(s).every((e) => e.state === 'pending')).toBe(true)
    expect(entries(s).some((e) => e.lastError?.code === 'network')).toBe(true)
    await sim.setOffline(false)
    const r = await s.drain({ maxWaitMs: 20_000 })
    expect(r.applied).toBe(9)
    const all = entries(s)
    expect(all.every((e) => e.state === 'applied')).toBe(true)
    expectExactlyOnce(sim, all)
    const chain = statusAudit(sim).filter((a) => a.pk === pks[0]).map((a) => (a.body as { status: string }).status)
    expect(chain).toEqual(['approved', 'waiting_for_payment'])
    expect(serverStatus(sim, pks[0])).toBe('waiting_for_payment')
    for (const pk of pks.slice(1)) expect(serverStatus(sim, pk)).toBe('approved')
    // The cache holds the server's new copies: nothing flickers back once the edits are settled.
    expect(s.store.getPlan(pks[1])!.summary).toMatchObject({ status: 'approved', serverStatus: 'approved', pendingEdits: 0 })
  })

  it('2. with 30% of requests failing (5xx, resets, hangs, cut bodies, lost responses) every edit applies exactly once', async () => {
    const s = await syncedSession({ timeoutMs: 700 })
    const waiting = plansIn(s, 'waiting', 30)
    const forPayment = plansIn(s, 'approved', 6)
    for (const pk of waiting) s.setStatus({ pk, status: 'approved' })
    for (const pk of waiting.slice(0, 5)) s.setStatus({ pk, status: 'waiting_for_payment' })
    for (const pk of forPayment) {
      const items = (s.store.getPlan(pk)!.server.cancellationplanorderitem_set as Array<{ order_item: { pk: number } }>).map((i) => i.order_item.pk)
      s.createPaymentPlan({ pk, lines: [{ transactionType: 'refund', orderItems: items }] })
    }
    sim.setFaults({ failRate: 0.08, resetRate: 0.06, hangRate: 0.04, truncateRate: 0.06, lostResponseRate: 0.06 })
    const r = await s.drain({ maxWaitMs: 90_000 })
    sim.setFaults({ failRate: 0, resetRate: 0, hangRate: 0, truncateRate: 0, lostResponseRate: 0 })
    const all = entries(s)
    expect(all.filter((e) => e.state !== 'applied').map((e) => `${e.id} ${e.state} ${e.result ?? e.lastError?.message}`)).toEqual([])
    expect(r.applied).toBe(all.length)
    expectExactlyOnce(sim, all)
    // The faults really happened: some edits needed more than one attempt.
    expect(all.some((e) => e.attempts > 1)).toBe(true)
    for (const pk of waiting.slice(5)) expect(serverStatus(sim, pk)).toBe('approved')
    for (const pk of waiting.slice(0, 5)) expect(serverStatus(sim, pk)).toBe('waiting_for_payment')
  }, 120_000)

  it('4. a plan changed on the server by someone else becomes a conflict, is not overwritten, and both resolutions work', async () => {
    const s = await syncedSession()
    const [mine, theirs] = plansIn(s, 'waiting', 2)
    s.setStatus({ pk: mine, status: 'approved' })
    s.setStatus({ pk: theirs, status: 'rejected' })
    sim.admin.updatePlan(mine, { status: 'waiting_supplier' }, 'kerem.aydemir')
    sim.admin.updatePlan(theirs, { status: 'confirmation_waiting' }, 'kerem.aydemir')
    const before = statusAudit(sim).length
    const r = await s.push({ wait: true })
    expect(r.conflicts).toBe(2)
    expect(statusAudit(sim).length).toBe(before)
    expect(serverStatus(sim, mine)).toBe('waiting_supplier')
    const conflict = entries(s).find((e) => e.planPk === mine)!
    const changedAt = new Date(sim.admin.getPlan(mine)!.modified_date as string).toISOString()
    // Who changed the plan and when: the server copy's last_updated_by and modified_date.
    expect(conflict).toMatchObject({
      state: 'conflict',
      server: { status: 'waiting_supplier', by: 'Kerem Aydemir', modifiedDate: changedAt },
      base: { status: 'waiting' },
      result: `Kerem Aydemir changed this plan on the server (${changedAt}) after the change was made here.`,
      lastError: null,
    })
    // The plan shows the server's value, with both side by side.
    expect(s.store.getPlan(mine)!.summary).toMatchObject({
      status: 'waiting',
      localState: 'conflict',
      note: { state: 'conflict', mine: 'approved', server: { status: 'waiting_supplier', by: 'Kerem Aydemir' } },
    })

    // Apply mine anyway: re-based on the server's current state, sent once.
    expect(s.resolve({ id: conflict.id, choice: 'mine' }).state).toBe('pending')
    await s.drain({ maxWaitMs: 10_000 })
    expect(serverStatus(sim, mine)).toBe('approved')
    expect(statusAudit(sim).filter((a) => a.pk === mine)).toHaveLength(1)
    // Discard mine: the server's change stays, the plan shows it again.
    const other = entries(s).find((e) => e.planPk === theirs)!
    expect(s.resolve({ id: other.id, choice: 'theirs' }).state).toBe('discarded')
    expect(serverStatus(sim, theirs)).toBe('confirmation_waiting')
    expect(statusAudit(sim).filter((a) => a.pk === theirs)).toHaveLength(0)
    expect(s.store.getPlan(theirs)!.summary.pendingEdits).toBe(0)
  })

  it('each new attempt and outcome replaces the last error: a conflict after a failed attempt carries none', async () => {
    const s = await syncedSession()
    const [pk] = plansIn(s, 'waiting', 1)
    sim.setFaults({ failRate: 1 })
    const e = s.setStatus({ pk, status: 'approved' })
    await s.push({ wait: true })
    const failedOnce = entries(s).find((x) => x.id === e.id)!
    expect(failedOnce.lastError?.code).toBe('server')
    sim.setFaults({ failRate: 0 })
    sim.admin.updatePlan(pk, { status: 'confirmation_waiting' }, 'kerem.aydemir')
    await s.drain({ maxWaitMs: 10_000 })
    expect(entries(s).find((x) => x.id === e.id)).toMatchObject({ state: 'conflict', lastError: null, waitReason: null })
  })

  it("5. a refused transition fails with the server's message, holds that plan's later edits, and other plans still apply", async () => {
    const s = await syncedSession()
    const [final] = plansIn(s, 'completed', 1)
    const others = plansIn(s, 'waiting', 3)
    const refused = s.setStatus({ pk: final, status: 'approved' })
    const behind = s.setStatus({ pk: final, status: 'failed' })
    for (const pk of others) s.setStatus({ pk, status: 'approved' })
    const r = await s.drain({ maxWaitMs: 10_000 })
    expect(r).toMatchObject({ applied: 3, failed: 1 })
    const failed = entries(s).find((e) => e.id === refused.id)!
    expect(failed.state).toBe('failed')
    expect(failed.lastError?.code).toBe('validation')
    expect(failed.result).toMatch(/^The server refused the change: Cancellation plan in final status "completed" cannot be changed\.$/)
    expect(failed.lastError?.fields?.non_field_errors?.[0]).toMatch(/completed/)
    // The one behind it says why it waits.
    expect(entries(s).find((e) => e.id === behind.id)).toMatchObject({
      state: 'pending',
      waitReason: { kind: 'behind', entryId: refused.id, state: 'failed', author: 'demo' },
    })
    // The plan shows the server's status with the refusal's words (the change behind is "completed → failed": it can still land).
    expect(s.store.getPlan(final)!.summary).toMatchObject({ status: 'failed', serverStatus: 'completed', localState: 'failed', note: { entryId: refused.id, mine: 'approved', reason: { code: 'validation' } } })
    for (const pk of others) expect(serverStatus(sim, pk)).toBe('approved')
    // Discarding the refused edit lets the one behind it go (and the server refuses that too: completed is final).
    s.discard(refused.id)
    await s.drain({ maxWaitMs: 10_000 })
    expect(entries(s).find((e) => e.id === behind.id)!.state).toBe('failed')
  })

  it('6. a 401 pauses the whole queue without losing anything; a new sign-in resumes it', async () => {
    const dataDir = tempDataDir()
    const s = await syncedSession({ dataDir, username: 'kerem.aydemir' })
    const pks = plansIn(s, 'waiting', 4)
    for (const pk of pks) s.setStatus({ pk, status: 'approved' })
    sim.expireTokens()
    const r = await s.push({ wait: true })
    expect(r.paused).toBe('sign-in')
    expect(s.outboxSummary().paused).toBe('sign-in')
    expect(entries(s).every((e) => e.state === 'pending')).toBe(true)
    expect(entries(s)[0].lastError?.code).toBe('auth')
    // Paused means paused: another push does nothing until a new sign-in.
    expect((await s.push({ wait: true })).applied).toBe(0)
    await s.close()
    const again = await sessionFor(sim, { dataDir, username: 'kerem.aydemir', token: await tokenFor(sim, 'kerem.aydemir') })
    open.push(again)
    const resumed = await again.drain({ maxWaitMs: 10_000 })
    expect(resumed.applied).toBe(4)
    expectExactlyOnce(sim, entries(again))
  })

  it('7. a plan deleted on the server fails with a clear message', async () => {
    const s = await syncedSession()
    const [pk] = plansIn(s, 'waiting', 1)
    s.setStatus({ pk, status: 'approved' })
    sim.admin.deletePlan(pk)
    await s.drain({ maxWaitMs: 10_000 })
    const e = entries(s)[0]
    expect(e.state).toBe('failed')
    expect(e.result).toBe('This plan no longer exists on the server.')
    expect(e.lastError?.code).toBe('not_found')
    // A reconciling sync keeps the plan while it has an open edit, so the person sees why.
    const result = await s.sync({ reconcile: true }, { wait: true })
    expect(result.warnings.join(' ')).toMatch(new RegExp(`still have pending edits.*${pk}`))
    expect(s.store.getPlan(pk)).not.toBeNull()
  })

  it('8. an edit made while a sync is running is neither lost nor reverted by the sync', async () => {
    const s = await syncedSession()
    const [pk] = plansIn(s, 'waiting', 1)
    sim.setFaults({ latencyMs: 30 })
    // The edit is made once the sync has written its first page, while later pages are on the wire.
    let pageWritten!: () => void
    const midSync = new Promise<void>((ok) => (pageWritten = ok))
    const sync = s.sync({ full: true }, { wait: true, onProgress: (p) => p.phase === 'pages' && p.pagesDone > 0 && pageWritten() })
    await midSync
    expect(s.syncing).toBe(true)
    const e = s.setStatus({ pk, status: 'rejected' })
    await sync
    sim.setFaults({ latencyMs: 0 })
    expect(s.store.getPlan(pk)!.summary).toMatchObject({ status: 'rejected', serverStatus: 'waiting', pendingEdits: 1 })
    expect(entries(s).find((x) => x.id === e.id)!.state).toBe('pending')
    await s.drain({ maxWaitMs: 10_000 })
    expect(serverStatus(sim, pk)).toBe('rejected')
    expectExactlyOnce(sim, entries(s))
  })

  it('payment plans apply once; the read-back recognises one already created', async () => {
    const s = await syncedSession()
    // An approved plan no other test gave a payment plan.
    const pk = plansIn(s, 'approved', 12).reverse().find((p) => sim.admin.audit({ pk: p, action: 'create_payment_plan' }).length === 0)!
    const items = (s.store.getPlan(pk)!.server.cancellationplanorderitem_set as Array<{ order_item: { pk: number } }>).map((i) => i.order_item.pk)
    s.createPaymentPlan({ pk, lines: [{ transactionType: 'refund', orderItems: items }] })
    sim.setFaults({ lostResponseRate: 1 })
    const first = await s.push({ wait: true })
    expect(first.retrying).toBe(1)
    sim.setFaults({ lostResponseRate: 0 })
    await s.drain({ maxWaitMs: 10_000 })
    const [e] = entries(s)
    expect(e.state).toBe('applied')
    expect(e.result).toMatch(/confirmed by reading the plan back/)
    expect(sim.admin.audit({ pk, action: 'create_payment_plan' })).toHaveLength(1)
    // Exactly the seed's body was sent; the server worked the amount out from the items.
    expect(sim.admin.audit({ pk, action: 'create_payment_plan' })[0].body).toEqual({ payment_plan: [{ transaction_type: 'refund', order_items: items }] })
    expect(sim.admin.getPlan(pk)!.payment_plan).toMatchObject({ payment_plan: [{ transaction_type: 'refund', order_items: items, refund_amount: expect.any(Number) }] })
  })
})

describe('shared workstations', () => {
  it("each person's edits are sent with their own credentials; a signed-out person's edits wait for them", async () => {
    const dataDir = tempDataDir()
    const deniz = await syncedSession({ dataDir })
    const pks = plansIn(deniz, 'waiting', 4)
    await sim.setOffline(true)
    deniz.setStatus({ pk: pks[0], status: 'approved' })
    deniz.setStatus({ pk: pks[1], status: 'approved' })
    await deniz.close()
    await sim.setOffline(false)

    const kerem = await sessionFor(sim, { dataDir, username: 'kerem.aydemir' })
    open.push(kerem)
    kerem.setStatus({ pk: pks[2], status: 'rejected' })
    kerem.setStatus({ pk: pks[3], status: 'rejected' })
    const waiting = entries(kerem).filter((e) => e.author === 'demo')
    expect(waiting.map((e) => e.waitingFor)).toEqual(['demo', 'demo'])
    expect(waiting.map((e) => e.waitReason)).toEqual([{ kind: 'author', who: 'demo' }, { kind: 'author', who: 'demo' }])
    expect(kerem.outboxSummary().waitingForOthers).toBe(2)
    const r = await kerem.drain({ maxWaitMs: 10_000 })
    expect(r.applied).toBe(2)
    expect(entries(kerem).filter((e) => e.author === 'demo').every((e) => e.state === 'pending')).toBe(true)
    await kerem.close()

    const back = await sessionFor(sim, { dataDir, username: 'demo' })
    open.push(back)
    expect((await back.drain({ maxWaitMs: 10_000 })).applied).toBe(2)
    const users = new Map(statusAudit(sim).filter((a) => pks.includes(a.pk)).map((a) => [a.pk, a.user]))
    expect(users.get(pks[0])).toBe('demo')
    expect(users.get(pks[1])).toBe('demo')
    expect(users.get(pks[2])).toBe('kerem.aydemir')
    expect(users.get(pks[3])).toBe('kerem.aydemir')
    expectExactlyOnce(sim, entries(back))
  })
})
