/**
 * The outbox where timing bites: a person acting while a replay runs, a colleague acting
 * between the read-back and the send, a replay that must stop, read-backs failing in a row,
 * and edits without a known author. Each case once broke the exactly-once promise or lost
 * something (found in review); each is checked against the simulator's audit log.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ServerSession } from '../../main/app/session'
import { OmnitronClient } from '../../main/omnitron'
import { startSimulator } from '../../main/simulator'
import type { RunningSimulator } from '../../main/simulator/types'
import { entries, plansIn, serverStatus, sessionFor, statusAudit } from './outbox-helpers'
import { tempDataDir } from './processes'
import { SyncEngine } from '../../main/sync'

let sim: RunningSimulator
const open: ServerSession[] = []

beforeAll(async () => {
  sim = await startSimulator({ plans: 600, seed: 31 })
})
afterAll(() => sim.close())
afterEach(async () => {
  sim.setFaults({ latencyMs: 0, offline: false })
  await Promise.all(open.splice(0).map((s) => s.close()))
})

async function synced(opts: Parameters<typeof sessionFor>[1] = {}): Promise<ServerSession> {
  const s = await sessionFor(sim, opts)
  open.push(s)
  await s.sync({ full: true }, { wait: true })
  return s
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('the outbox under races', () => {
  it('an edit discarded while its plan is being read back stays discarded, and the other plans are still sent once', async () => {
    const s = await synced()
    const [a] = plansIn(s, 'waiting', 1)
    const [b] = plansIn(s, 'approved', 1)
    const items = (s.store.getPlan(b)!.server.cancellationplanorderitem_set as Array<{ order_item: { pk: number } }>).map((i) => i.order_item.pk)
    const e1 = s.setStatus({ pk: a, status: 'approved' })
    s.createPaymentPlan({ pk: b, lines: [{ transactionType: 'refund', orderItems: items }] })
    sim.admin.updatePlan(a, { status: 'waiting_supplier' }, 'kerem.aydemir') // the read-back will see a conflict for a
    sim.setFaults({ latencyMs: 300 })
    const replay = s.push({ wait: true })
    await sleep(120) // the read-back is on its way
    expect(s.discard(e1.id).state).toBe('discarded')
    await replay
    sim.setFaults({ latencyMs: 0 })
    await s.drain({ maxWaitMs: 10_000 })
    const after = entries(s)
    expect(after.find((e) => e.id === e1.id)!.state).toBe('discarded') // not overwritten by the replay's "conflict"
    expect(s.store.getPlan(a)!.summary.pendingEdits).toBe(0)
    expect(sim.admin.audit({ pk: b, action: 'create_payment_plan' })).toHaveLength(1)
    expect(statusAudit(sim).filter((x) => x.pk === a)).toHaveLength(0)
  })

  it('a colleague\'s change made while earlier plans are being sent is seen as a conflict, not overwritten', async () => {
    const s = await synced()
    const pks = plansIn(s, 'waiting', 12)
    for (const pk of pks) s.setStatus({ pk, status: 'approved' })
    sim.setFaults({ latencyMs: 200 })
    const replay = s.push({ wait: true })
    await sleep(300) // the first plans are being read and sent; the last ones are not read yet (a read of all plans up front would have been)
    sim.admin.updatePlan(pks[11], { status: 'waiting_supplier' }, 'kerem.aydemir')
    const r = await replay
    sim.setFaults({ latencyMs: 0 })
    expect(r.conflicts).toBe(1)
    expect(serverStatus(sim, pks[11])).toBe('waiting_supplier')
    expect(entries(s).find((e) => e.planPk === pks[11])!.state).toBe('conflict')
    for (const pk of pks.slice(0, 11)) expect(serverStatus(sim, pk)).toBe('approved')
  })

  it('closing stops the replay: requests in flight are aborted and their edits wait, to be read back next time', async () => {
    const dataDir = tempDataDir()
    const s = await sessionFor(sim, { dataDir })
    await s.sync({ full: true }, { wait: true })
    const pks = plansIn(s, 'waiting', 16)
    for (const pk of pks) s.setStatus({ pk, status: 'rejected' })
    sim.setFaults({ latencyMs: 800 })
    void s.push({ wait: true })
    // Closed once sends are on the wire (the read-back is done): they are aborted.
    await expect.poll(() => entries(s).filter((e) => e.state === 'sending').length, { timeout: 15_000 }).toBeGreaterThan(0)
    await s.close()
    sim.setFaults({ latencyMs: 0 })
    const again = await sessionFor(sim, { dataDir })
    open.push(again)
    // The aborted sends wait, marked as stopped, to be read back before anything is sent again.
    const stopped = entries(again).filter((e) => e.lastError?.code === 'cancelled')
    expect(stopped.length).toBeGreaterThan(0)
    expect(stopped.every((e) => e.state === 'pending' && e.attempts === 1)).toBe(true)
    expect(entries(again).filter((e) => e.state === 'applied').length).toBeLessThan(16)
    await again.drain({ maxWaitMs: 15_000 })
    const all = entries(again)
    expect(all.every((e) => e.state === 'applied')).toBe(true)
    for (const pk of pks) expect(statusAudit(sim).filter((a) => a.pk === pk && (a.body as { status: string }).status === 'rejected')).toHaveLength(1)
  })

  it('read-backs failing in a row back off further each time, and are recorded as attempts', async () => {
    const s = await synced({})
    const [pk] = plansIn(s, 'waiting', 1)
    const e = s.setStatus({ pk, status: 'approved' })
    await sim.setOffline(true)
    for (let i = 0; i < 3; i++) {
      await s.push({ wait: true })
      const row = s.outbox.get(e.id)!
      // The streak is what the backoff grows with (attempts + read_failures + 1 in backoffDelay).
      expect(row.read_failures).toBe(i + 1)
      expect(row.attempts).toBe(0) // nothing was sent
      expect(JSON.parse(row.last_error!).code).toBe('network')
      // Due again at once, keeping the streak (the backoff's own delay is the retry policy's unit tests' subject).
      s.outbox.tx(() => s.store.db.prepare('UPDATE outbox SET next_attempt_at = NULL WHERE id = ?').run(e.id))
    }
    const kinds = s.outbox.attempts(e.id).map((a) => `${a.kind}:${a.outcome}`)
    expect(kinds).toEqual(['read_back:failed', 'read_back:failed', 'read_back:failed'])
    await sim.setOffline(false)
  })

  it('when the connection comes back, waiting edits are sent now, not when their backoff ends', async () => {
    const s = await synced()
    const [pk] = plansIn(s, 'waiting', 1)
    const e = s.setStatus({ pk, status: 'approved' })
    s.outbox.tx(() => s.store.db.prepare("UPDATE outbox SET next_attempt_at = '2999-01-01T00:00:00.000Z' WHERE id = ?").run(e.id))
    s.startReplay()
    await sleep(300)
    expect(s.outbox.get(e.id)!.state).toBe('pending') // still waiting for its backoff
    s.reconnected()
    await expect.poll(() => s.outbox.get(e.id)!.state, { timeout: 15_000 }).toBe('applied')
    expect(statusAudit(sim).filter((a) => a.pk === pk)).toHaveLength(1)
  })

  it('an applied status change shows at once in the cache, before the plan is read again', async () => {
    const s = await synced()
    const [pk] = plansIn(s, 'waiting', 1)
    const e = s.setStatus({ pk, status: 'approved' })
    s.outbox.settle(e.id, { state: 'applied', result: 'test' }, undefined, ['pending'])
    expect(s.store.getPlan(pk)!.summary).toMatchObject({ status: 'approved', serverStatus: 'approved', pendingEdits: 0 })
  })

  it("the person's next decision on a plan whose applied change the cache has not read back yet is sent, not a false conflict (found by the soak)", async () => {
    const s = await synced()
    const [mine, theirs] = plansIn(s, 'waiting', 2)
    const before = s.store.db.prepare('SELECT modified_date, synced_at FROM plans WHERE pk = ?')
    const stale = [mine, theirs].map((pk) => ({ pk, ...(before.get(pk) as { modified_date: string; synced_at: string }) }))
    for (const pk of [mine, theirs]) s.setStatus({ pk, status: 'approved' })
    expect((await s.push({ wait: true })).applied).toBe(2)
    // As if the read-back after the replay had failed (faults, or the process was killed): the
    // rows show the new status but the older server time.
    for (const r of stale) s.store.db.prepare('UPDATE plans SET modified_date = ?, synced_at = ? WHERE pk = ?').run(r.modified_date, r.synced_at, r.pk)
    const next = s.setStatus({ pk: mine, status: 'waiting_for_payment' })
    // A colleague's change on the other plan is still caught.
    sim.admin.updatePlan(theirs, { status: 'completed' })
    const other = s.setStatus({ pk: theirs, status: 'waiting_for_payment' })
    await s.push({ wait: true })
    const after = entries(s)
    expect(after.find((e) => e.id === next.id)?.state).toBe('applied')
    expect(serverStatus(sim, mine)).toBe('waiting_for_payment')
    expect(after.find((e) => e.id === other.id)?.state).toBe('conflict')
    expect(serverStatus(sim, theirs)).toBe('completed')
  })

  it("a sync that read a plan before the person's change applied does not write the older copy over it (found by the soak)", async () => {
    const s = await synced()
    const [pk, theirs] = plansIn(s, 'waiting', 2)
    // A colleague's change made before the sync reads the page is written as usual.
    sim.admin.updatePlan(theirs, { status: 'waiting_supplier' }, 'kerem.aydemir')
    // A sync in this cache (as the app's background sync, or a CLI's) whose page holding the plan
    // arrives before the person's change is sent and is written after it applied.
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let heldPage!: () => void
    const held = new Promise<void>((r) => (heldPage = r))
    class SlowPages extends OmnitronClient {
      override async listPage(...args: Parameters<OmnitronClient['listPage']>) {
        const page = await super.listPage(...args)
        if (page.plans.some((p) => p.pk === pk)) {
          heldPage()
          await gate
        }
        return page
      }
    }
    const engine = new SyncEngine({ store: s.store, client: new SlowPages({ baseUrl: sim.url, token: sim.token }), pageSize: 50 })
    const sync = engine.run({ full: true })
    await held
    const first = s.setStatus({ pk, status: 'approved' })
    expect((await s.push({ wait: true })).applied).toBe(1)
    release()
    await sync
    expect(s.store.getPlan(pk)!.summary.status).toBe('approved')
    expect(s.store.getPlan(theirs)!.summary.status).toBe('waiting_supplier')
    expect(s.store.planHistory(pk)!.map((e) => e.kind === 'status' && e.to)).not.toContain('waiting')
    // The person's next decision rests on what the server has: it is sent, not a false conflict.
    const next = s.setStatus({ pk, status: 'waiting_for_payment' })
    await s.push({ wait: true })
    expect(entries(s).find((e) => e.id === next.id)?.state).toBe('applied')
    expect(serverStatus(sim, pk)).toBe('waiting_for_payment')
    expect(statusAudit(sim).filter((a) => a.pk === pk).map((a) => (a.body as { status: string }).status)).toEqual(['approved', 'waiting_for_payment'])
    expect(entries(s).find((e) => e.id === first.id)?.state).toBe('applied')
  })

  it('a token without a user name may read but not make or send changes: the server must know who did what', async () => {
    const s = await synced({ username: 'demo' })
    const [pk] = plansIn(s, 'waiting', 1)
    // sessionFor names the user; a session opened with a token alone does not.
    const { openSession } = await import('../../main/app/session')
    const tokenOnly = openSession({ dataDir: tempDataDir(), target: { demo: false, serverUrl: sim.url }, credentials: { username: null, token: sim.token }, purpose: 'test' })
    open.push(tokenOnly)
    await tokenOnly.sync({ full: true }, { wait: true })
    expect(tokenOnly.signedIn).toBe(true)
    expect(tokenOnly.author).toBeNull()
    expect(() => tokenOnly.setStatus({ pk, status: 'approved' })).toThrow(/Sign in with your user name/)
    await expect(tokenOnly.push({ wait: false })).rejects.toThrow(/Sign in/)
  })
})
