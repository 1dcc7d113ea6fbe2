import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { OutboxEntry, OutboxSummary } from '../../../preload/contract'
import type { RunningSimulator } from '../../../main/simulator/types'
import { startSim } from '../sync/sim-helpers'
import { cli, tempDataDir } from './harness'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSim(200)
})
afterAll(async () => {
  await sim?.close()
})
afterEach(async () => {
  await sim.setOffline(false)
})

/** A data folder signed in as demo (by password, so edits carry the user name) and synced. */
async function ready(): Promise<string> {
  const dataDir = tempDataDir()
  const login = await cli(['login', '--server', sim.url, '--username', 'demo'], { dataDir, stdin: 'demo1234\n' })
  expect(login.code, login.err).toBe(0)
  expect((await cli(['sync'], { dataDir })).code).toBe(0)
  return dataDir
}

async function pksIn(dataDir: string, status: string, n: number): Promise<number[]> {
  const found = JSON.parse((await cli(['search', '--status', status, '--sort', 'pk', '--limit', String(n), '--json'], { dataDir })).out)
  return found.rows.map((r: { pk: number }) => r.pk)
}

async function queue(dataDir: string, ...args: string[]): Promise<{ summary: OutboxSummary; total: number; entries: OutboxEntry[] }> {
  return JSON.parse((await cli(['queue', '--json', ...args], { dataDir })).out)
}

describe('plandesk set-status / payment-plan / queue / push / retry / discard / resolve', () => {
  it('applies a status change at once when the server answers, and shows it', async () => {
    const dataDir = await ready()
    const [pk] = await pksIn(dataDir, 'waiting', 1)
    const r = await cli(['set-status', String(pk), 'approved'], { dataDir })
    expect(r.code, r.err).toBe(0)
    expect(r.out).toMatch(new RegExp(`^Queued change \\d+: plan ${pk}, status → approved\\.\\nApplied on the server: Cancellation plan status updated to "approved"\\.\\n$`))
    expect(sim.admin.getPlan(pk)!.status).toBe('approved')
    const shown = JSON.parse((await cli(['show', String(pk), '--json'], { dataDir })).out)
    expect(shown.summary).toMatchObject({ status: 'approved', serverStatus: 'approved', pendingEdits: 0 })
    const q = await queue(dataDir)
    expect(q.entries[0]).toMatchObject({ planPk: pk, state: 'applied', author: 'demo', attempts: 1 })
  })

  it('offline: queues, exits 0 saying so, and push sends it when the server is back', async () => {
    const dataDir = await ready()
    const [pk] = await pksIn(dataDir, 'waiting', 1)
    await sim.setOffline(true)
    const r = await cli(['set-status', String(pk), 'rejected'], { dataDir })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/Not sent yet \(.*cannot reach.*\): it waits in the queue and is sent by "plandesk push" or by the app\./)
    const shown = JSON.parse((await cli(['show', String(pk), '--json'], { dataDir })).out)
    expect(shown.summary).toMatchObject({ status: 'rejected', serverStatus: 'waiting', pendingEdits: 1, localState: 'pending' })
    const table = await cli(['queue'], { dataDir })
    expect(table.out).toMatch(/status → rejected\s+pending/)
    expect(table.out).toMatch(/Queue: 1 waiting, 0 failed, 0 in conflict, 0 to check, 0 applied\./)
    const stillOffline = await cli(['push', '--max-wait', '1'], { dataDir })
    expect(stillOffline.code).toBe(1)
    expect(stillOffline.err).toMatch(/1 of your changes did not reach the server/)
    await sim.setOffline(false)
    const pushed = await cli(['push'], { dataDir })
    expect(pushed.code, pushed.err).toBe(0)
    expect(pushed.out).toMatch(/^Sent: 1 applied, 0 failed, 0 in conflict, 0 to check\./)
    expect(sim.admin.audit({ pk, action: 'update_status' })).toHaveLength(1)
  })

  it('a refusal exits 1 with the server message; retry and discard act on it', async () => {
    const dataDir = await ready()
    const [pk] = await pksIn(dataDir, 'completed', 1)
    const r = await cli(['set-status', String(pk), 'approved'], { dataDir })
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/is failed: The server refused the change: Cancellation plan in final status "completed" cannot be changed\./)
    // The plan shows what the server holds, with the refusal's words beside it.
    const shown = JSON.parse((await cli(['show', String(pk), '--json'], { dataDir })).out)
    expect(shown.summary).toMatchObject({
      status: 'completed',
      serverStatus: 'completed',
      localState: 'failed',
      note: { state: 'failed', mine: 'approved', reason: { code: 'validation', message: 'Cancellation plan in final status "completed" cannot be changed.' } },
    })
    const text = await cli(['show', String(pk)], { dataDir })
    expect(text.out).toMatch(/^Status:\s+completed \(refused: approved — Cancellation plan in final status "completed" cannot be changed\.\)$/m)
    const listed = JSON.parse((await cli(['search', '--pending', '--json'], { dataDir })).out)
    expect(listed.rows.find((row: { pk: number }) => row.pk === pk)).toMatchObject({ status: 'completed', localState: 'failed' })
    const [failed] = (await queue(dataDir, '--state', 'failed')).entries
    const retried = await cli(['retry', String(failed.id)], { dataDir })
    expect(retried.out).toMatch(/is pending/)
    expect(retried.out).toMatch(/is failed/)
    expect(sim.admin.audit({ pk, action: 'update_status' })).toHaveLength(0)
    const discarded = await cli(['discard', String(failed.id)], { dataDir })
    expect(discarded.code).toBe(0)
    expect(discarded.out).toMatch(/is discarded/)
    expect((await cli(['push'], { dataDir })).code).toBe(0)
    expect((await cli(['discard', String(failed.id)], { dataDir })).err).toMatch(/already discarded/)
    expect((await cli(['retry', '999999'], { dataDir })).err).toMatch(/There is no queued change 999999/)
  })

  it('a conflict is kept for the person; resolve --mine sends it on the current state, --theirs discards it', async () => {
    const dataDir = await ready()
    const [a, b] = await pksIn(dataDir, 'waiting', 2)
    await sim.setOffline(true)
    await cli(['set-status', String(a), 'approved'], { dataDir })
    await cli(['set-status', String(b), 'approved'], { dataDir })
    await sim.setOffline(false)
    sim.admin.updatePlan(a, { status: 'waiting_supplier' }, 'kerem.aydemir')
    sim.admin.updatePlan(b, { status: 'confirmation_waiting' }, 'kerem.aydemir')
    const pushed = await cli(['push'], { dataDir })
    expect(pushed.code).toBe(1)
    expect(pushed.out).toMatch(/2 in conflict/)
    const conflicts = (await queue(dataDir, '--state', 'conflict')).entries
    const ca = conflicts.find((e) => e.planPk === a)!
    const cb = conflicts.find((e) => e.planPk === b)!
    expect(ca.server).toMatchObject({ status: 'waiting_supplier' })
    expect((await cli(['resolve', String(ca.id)], { dataDir })).code).toBe(2)
    const mine = await cli(['resolve', String(ca.id), '--mine'], { dataDir })
    expect(mine.out).toMatch(/is applied/)
    expect(sim.admin.getPlan(a)!.status).toBe('approved')
    const theirs = await cli(['resolve', String(cb.id), '--theirs'], { dataDir })
    expect(theirs.out).toMatch(/is discarded/)
    expect(sim.admin.getPlan(b)!.status).toBe('confirmation_waiting')
    expect((await cli(['push'], { dataDir })).code).toBe(0)
  })

  it('creates a payment plan from item ids and refuses items of another plan', async () => {
    const dataDir = await ready()
    const [pk] = await pksIn(dataDir, 'approved', 1)
    const shown = JSON.parse((await cli(['show', String(pk), '--json'], { dataDir })).out)
    const items = (shown.server.cancellationplanorderitem_set as Array<{ order_item: { pk: number } }>).map((i) => i.order_item.pk)
    const wrong = await cli(['payment-plan', String(pk), '--items', '1'], { dataDir })
    expect(wrong.code).toBe(1)
    expect(wrong.err).toMatch(/Item 1 does not belong to plan/)
    expect((await cli(['payment-plan', String(pk), '--items', 'x'], { dataDir })).code).toBe(2)
    // No amount (the server works it out from the items), and only a type this server's payment plans use.
    const amount = await cli(['payment-plan', String(pk), '--items', items.join(','), '--amount', '25.5'], { dataDir })
    expect(amount.code).toBe(2)
    expect(amount.err).toMatch(/--amount is not sent: the server works the refund out from the items/)
    const typo = await cli(['payment-plan', String(pk), '--items', items.join(','), '--type', 'refnud'], { dataDir })
    expect(typo.code).toBe(2)
    expect(typo.err).toBe("plandesk: --type must be one of the types this server's payment plans use: refund.\n")
    const prices = (shown.server.cancellationplanorderitem_set as Array<{ order_item: { price: number } }>).reduce((s, i) => s + Math.round(i.order_item.price * 100), 0) / 100
    const r = await cli(['payment-plan', String(pk), '--items', items.join(',')], { dataDir })
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain(`Refund of the ${items.length} chosen item(s): ${prices.toFixed(2)} TRY; the server works it out from the items.`)
    expect(r.out).toMatch(/Applied on the server: Payment plan created successfully\./)
    expect(sim.admin.audit({ pk, action: 'create_payment_plan' })[0].body).toEqual({ payment_plan: [{ transaction_type: 'refund', order_items: items }] })
    expect(sim.admin.getPlan(pk)!.payment_plan).toEqual({ payment_plan: [{ transaction_type: 'refund', order_items: items, refund_amount: prices }] })
    // Once synced, the items of that payment plan are named as already in one.
    expect((await cli(['sync'], { dataDir })).code).toBe(0)
    const again = await cli(['payment-plan', String(pk), '--items', String(items[0])], { dataDir })
    expect(again.out).toContain(`Already in a payment plan of plan ${pk}: item ${items[0]}.`)
  })

  it("a colleague's waiting change says it waits for them to sign in, also when retried", async () => {
    const dataDir = await ready()
    const [pk, other] = await pksIn(dataDir, 'waiting', 2)
    await sim.setOffline(true)
    await cli(['set-status', String(pk), 'approved'], { dataDir })
    await sim.setOffline(false)
    expect((await cli(['login', '--server', sim.url, '--username', 'kerem.aydemir'], { dataDir, stdin: 'demo1234\n' })).code).toBe(0)
    const [waiting] = (await queue(dataDir, '--plan', String(pk))).entries
    expect(waiting.waitReason).toEqual({ kind: 'author', who: 'demo' })
    const retried = await cli(['retry', String(waiting.id)], { dataDir })
    expect(retried.code).toBe(1)
    expect(retried.err).toBe(`plandesk: Change ${waiting.id} (plan ${pk}, status → approved) is pending: waits for demo to sign in: it is sent with their sign-in\n`)
    expect(retried.err).not.toMatch(/cannot reach/)
    expect(sim.admin.audit({ pk, action: 'update_status' })).toHaveLength(0)
    // Kerem's own change behind a refused one says what it waits behind.
    const [final] = await pksIn(dataDir, 'completed', 1)
    await cli(['set-status', String(final), 'approved'], { dataDir })
    const held = await cli(['set-status', String(final), 'failed'], { dataDir })
    expect(held.out).toMatch(/Not sent yet: it waits behind change \d+ of the same plan, which the server refused \(retry or discard it\)\./)
    const table = await cli(['queue', '--plan', String(final)], { dataDir })
    expect(table.out).toMatch(/waits behind change \d+ of the same plan, which the server refused/)
    expect((await cli(['queue', '--plan', String(other)], { dataDir })).out).toBe('No queued changes.\n')
  })

  it('needs a sign-in to queue a change', async () => {
    const dataDir = await ready()
    const [pk] = await pksIn(dataDir, 'waiting', 1)
    await cli(['logout'], { dataDir })
    const r = await cli(['set-status', String(pk), 'approved'], { dataDir })
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/Not signed in to/)
  })
})
