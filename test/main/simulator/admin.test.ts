/**
 * The admin interface: in-process (RunningSimulator.admin) and over HTTP (/__admin/, secret and
 * loopback protected), and the audit log that proves each edit was applied exactly once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../../main/simulator'
import { NO_FAULTS } from '../../../main/simulator/faults'
import { isLoopback } from '../../../main/simulator/http'
import { InputError } from '../../../main/simulator/input'
import { call, componentValidator, expectValid, post, type Body } from './helpers'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ plans: 100, seed: 21 })
})
afterAll(async () => {
  await sim.close()
})

const get = (pk: number) => call(`${sim.url}/api/v1/cancellation_plans/${pk}/`, { token: sim.token })
const admin = (path: string, init: RequestInit = {}, secret: string | null = sim.adminSecret) =>
  call(`${sim.url}/__admin/${path}`, { ...init, headers: { ...(secret === null ? {} : { 'X-Simulator-Secret': secret }), 'Content-Type': 'application/json' } })

describe('in-process admin', () => {
  it('getPlan returns the plan as served; null for unknown', async () => {
    expect(sim.admin.getPlan(10)).toEqual((await get(10)).json)
    expect(sim.admin.getPlan(10_000)).toBeNull()
  })

  it('updatePlan edits as another user: any status, other fields, modified_date bumped, audited', async () => {
    const before = (await get(11)).json
    sim.admin.updatePlan(11, { status: 'completed', staff_remote_id: 'PRS-99999' })
    sim.admin.updatePlan(11, { status: 'waiting' }, 'demo')
    const after = (await get(11)).json
    expect(after.status).toBe('waiting')
    expect(after.staff_remote_id).toBe('PRS-99999')
    expect(after.last_updated_by.username).toBe('demo')
    expect(after.modified_date > before.modified_date).toBe(true)
    expectValid(componentValidator('schemas', 'CancellationPlan'), after)
    const audit = sim.admin.audit({ pk: 11 })
    expect(audit.map((e) => [e.action, e.user, e.body])).toEqual([
      ['admin_update', 'kerem.aydemir', { status: 'completed', staff_remote_id: 'PRS-99999' }],
      ['admin_update', 'demo', { status: 'waiting' }],
    ])
    expect(audit[1].at).toBe(after.modified_date)
    expect(audit[1].seq).toBeGreaterThan(audit[0].seq)
    expect(() => sim.admin.updatePlan(10_000, { status: 'waiting' })).toThrow()
    expect(() => sim.admin.updatePlan(11, { status: 'bogus' })).toThrow()
  })

  it('addPlan adds a valid plan with the next pk, newest in the list, with overrides', async () => {
    const pk = sim.admin.addPlan({ status: 'waiting', plan_type: 'refund' })
    expect(pk).toBe(101)
    expect(sim.admin.planCount()).toBe(101)
    const plan = (await get(pk)).json
    expectValid(componentValidator('schemas', 'CancellationPlan'), plan)
    expect(plan.status).toBe('waiting')
    expect(plan.plan_type).toBe('refund')
    const list = await call(`${sim.url}/api/v1/cancellation_plans/?limit=1`, { token: sim.token })
    expect(list.json.results[0].pk).toBe(pk)
    expect(list.json.count).toBe(101)
    // Filter columns follow the overrides.
    const filtered = await call(`${sim.url}/api/v1/cancellation_plans/?pk=${pk}&plan_type=refund&status=waiting`, { token: sim.token })
    expect(filtered.json.count).toBe(1)
    // Its ids do not collide with existing plans' order items.
    const all = (await call(`${sim.url}/api/v1/cancellation_plans/?limit=1000`, { token: sim.token })).json.results
    const itemPks = all.flatMap((p: Body) => p.cancellationplanorderitem_set.map((i: Body) => i.pk))
    expect(new Set(itemPks).size).toBe(itemPks.length)
    expect(sim.admin.audit({ action: 'admin_add' }).map((e) => e.pk)).toEqual([pk])
  })

  it('deletePlan removes a plan: 404 on retrieve and on update, gone from the list', async () => {
    sim.admin.deletePlan(12)
    expect((await get(12)).status).toBe(404)
    expect((await post(`${sim.url}/api/v1/cancellation_plans/12/update_status/`, sim.token, { status: 'approved' })).status).toBe(404)
    const list = await call(`${sim.url}/api/v1/cancellation_plans/?pk__in=11,12,13`, { token: sim.token })
    expect(list.json.results.map((p: Body) => p.pk)).toEqual([13, 11])
    expect(sim.admin.audit({ pk: 12, action: 'admin_delete' })).toHaveLength(1)
    expect(() => sim.admin.deletePlan(12)).toThrow()
  })

  it('audit records API mutations with their body and user, filterable by action', async () => {
    sim.admin.updatePlan(20, { status: 'waiting' })
    await post(`${sim.url}/api/v1/cancellation_plans/20/update_status/`, sim.token, { status: 'approved' })
    const entries = sim.admin.audit({ pk: 20, action: 'update_status' })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ pk: 20, action: 'update_status', body: { status: 'approved' }, user: 'demo' })
    expect(sim.admin.audit({ action: 'update_status' }).every((e) => e.action === 'update_status')).toBe(true)
  })
})

describe('HTTP admin', () => {
  it('requires the secret', async () => {
    expect((await admin('count/', {}, null)).status).toBe(403)
    expect((await admin('count/', {}, 'wrong')).status).toBe(403)
    expect((await admin('count/')).status).toBe(200)
  })

  it('only accepts loopback peers', () => {
    expect(isLoopback('127.0.0.1')).toBe(true)
    expect(isLoopback('::1')).toBe(true)
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true)
    expect(isLoopback('192.168.1.5')).toBe(false)
    expect(isLoopback('::ffff:10.0.0.1')).toBe(false)
    expect(isLoopback(undefined)).toBe(false)
  })

  it('reads, updates, adds and deletes plans and reads the audit log', async () => {
    expect((await admin('plans/30/')).json.pk).toBe(30)
    const updated = await admin('plans/30/', { method: 'POST', body: JSON.stringify({ patch: { status: 'rejected' }, user: 'kerem.aydemir' }) })
    expect(updated.status).toBe(200)
    expect(updated.json.status).toBe('rejected')
    expect((await get(30)).json.status).toBe('rejected')
    const added = await admin('plans/', { method: 'POST', body: JSON.stringify({ overrides: { status: 'waiting' } }) })
    expect(added.status).toBe(201)
    expect((await get(added.json.pk)).json.status).toBe('waiting')
    expect((await admin(`plans/${added.json.pk}/`, { method: 'DELETE' })).status).toBe(200)
    expect((await get(added.json.pk)).status).toBe(404)
    const audit = await admin('audit/?pk=30')
    expect(audit.json.entries.map((e: Body) => e.action)).toEqual(['admin_update'])
    expect((await admin('plans/99999/')).status).toBe(404)
    expect((await admin('plans/30/', { method: 'POST', body: JSON.stringify({ patch: { status: 'nope' } }) })).status).toBe(400)
  })

  it('controls faults and token expiry', async () => {
    const set = await admin('faults/', { method: 'POST', body: JSON.stringify({ failRate: 1 }) })
    expect(set.json.failRate).toBe(1)
    expect((await get(1)).status).toBeGreaterThanOrEqual(500)
    await admin('faults/', { method: 'POST', body: JSON.stringify({ failRate: 0 }) })
    expect((await get(1)).status).toBe(200)
    expect((await admin('faults/', { method: 'POST', body: JSON.stringify({ failRate: 3 }) })).status).toBe(400)

    const login = await post(`${sim.url}/api/v1/auth/login/`, undefined, { username: 'demo', password: sim.password })
    await admin('expire-tokens/', { method: 'POST', body: '{}' })
    expect((await call(`${sim.url}/api/v1/cancellation_plans/`, { token: login.json.key })).status).toBe(401)
  })

  it('goes offline for a while and comes back by itself', async () => {
    const res = await admin('offline/', { method: 'POST', body: JSON.stringify({ ms: 2000 }) })
    expect(res.status).toBe(202)
    const reach = () => fetch(`${sim.url}/__admin/count/`, { headers: { 'X-Simulator-Secret': sim.adminSecret } }).then(() => 'ok', () => 'refused')
    // It goes away a moment after answering, and comes back two seconds later by itself.
    await expect.poll(reach, { timeout: 2_000, interval: 20 }).toBe('refused')
    await expect.poll(reach, { timeout: 10_000, interval: 100 }).toBe('ok')
    expect((await admin('count/')).status).toBe(200)
  })
})

describe('admin input is checked: 400 naming each bad field, nothing changed, nothing printed', () => {
  const consoleError = vi.spyOn(console, 'error')
  afterEach(() => {
    // A bad request is the caller's mistake, never a crash with a stack trace on the console.
    expect(consoleError).not.toHaveBeenCalled()
    consoleError.mockClear()
    sim.setFaults(NO_FAULTS)
  })
  const send = (method: string, path: string, body: unknown) => admin(path, { method, body: typeof body === 'string' ? body : JSON.stringify(body) })
  const expectRefused = (res: Body, fields: Record<string, RegExp>) => {
    expect(res.status, res.text).toBe(400)
    expect(res.json.code).toBe('invalid')
    expect(Object.keys(res.json.fields).sort()).toEqual(Object.keys(fields).sort())
    for (const [field, message] of Object.entries(fields)) {
      expect(res.json.fields[field].join(' '), field).toMatch(message)
      expect(res.json.detail).toContain(`${field}: `)
    }
  }

  it('"add plan" with bad fields names each one and adds nothing', async () => {
    const count = sim.admin.planCount()
    const audit = sim.admin.audit().length
    const res = await send('POST', 'plans/', {
      overrides: {
        created_date: 'yesterday', order: 5, plan_type: null, status: 'bogus', cancellationplanorderitem_set: 5,
        pk: 3, stauts: 'waiting', refund_amount: -1, tags: [1], related_cancellation_plan: 'x',
      },
    })
    expectRefused(res, {
      'overrides.created_date': /date-time.*got "yesterday"/,
      'overrides.order': /order object with pk, number, channel and customer; got 5/,
      'overrides.plan_type': /one of cancel, refund; got null/,
      'overrides.status': /one of completed, waiting, .*got "bogus"/,
      'overrides.cancellationplanorderitem_set': /list of plan items; got 5/,
      'overrides.pk': /Read-only/,
      'overrides.stauts': /Unknown field/,
      'overrides.refund_amount': /number ≥ 0; got -1/,
      'overrides.tags.0': /string; got 1/,
      'overrides.related_cancellation_plan': /whole number/,
    })
    expectRefused(await send('POST', 'plans/', { overrides: 'x', extra: 1 }), {
      overrides: /object of plan fields; got "x"/,
      extra: /Unknown field; known: overrides, offSpec/,
    })
    expectRefused(await send('POST', 'plans/', { overrides: { order: { pk: 1, number: '', channel: 99, customer: -1 } } }), {
      'overrides.order.number': /empty/,
      'overrides.order.channel': /simulator's channels/,
      'overrides.order.customer': /whole number ≥ 0/,
    })
    expect(sim.admin.planCount()).toBe(count)
    expect(sim.admin.audit()).toHaveLength(audit)
  })

  it('a bad edit names each bad field and leaves the plan as it was', async () => {
    const before = (await admin('plans/40/')).json
    expectRefused(await send('POST', 'plans/40/', { patch: { status: 'nope', modified_date: '2999-01-01T00:00:00Z', planType: 'cancel' }, user: 'a b' }), {
      'patch.status': /got "nope"/,
      'patch.modified_date': /not be later than the simulator's now/,
      'patch.planType': /Unknown field/,
      user: /username/,
    })
    expectRefused(await send('POST', 'plans/40/', { user: 'kerem.aydemir' }), { patch: /Required/ })
    expectRefused(await send('POST', 'plans/40/', { patch: [] }), { patch: /object of plan fields/ })
    expect((await admin('plans/40/')).json).toEqual(before)
    expect(sim.admin.audit({ pk: 40 })).toEqual([])
    // An unknown plan is still a 404, whatever the body.
    expect((await send('POST', 'plans/99999/', { patch: 5 })).status).toBe(404)
  })

  it('serves an off-spec value only when asked to, and never one that would break the simulator', async () => {
    expectRefused(await send('POST', 'plans/41/', { patch: { plan_type: 5 } }), { 'patch.plan_type': /one of cancel, refund; got 5/ })
    const off = await send('POST', 'plans/41/', { patch: { plan_type: 5, note_for_test: 'x' }, offSpec: true })
    expect(off.status, off.text).toBe(200)
    // (read through the admin: an earlier test expired the API tokens)
    expect((await admin('plans/41/')).json).toMatchObject({ plan_type: 5, note_for_test: 'x' })
    expectRefused(await send('POST', 'plans/41/', { patch: { plan_type: {}, status: 'x', order: null }, offSpec: true }), {
      'patch.plan_type': /string or a number/,
      'patch.status': /got "x"/,
      'patch.order': /order object/,
    })
    const added = await send('POST', 'plans/', { overrides: { created_date: '2999-01-01T00:00:00Z' }, offSpec: true })
    expect(added.status, added.text).toBe(201)
    expect((await admin(`plans/${added.json.pk}/`)).json.created_date).toBe('2999-01-01T00:00:00Z')
    sim.admin.deletePlan(added.json.pk)
    // The in-process admin (test code) is off-spec, but refuses what would break the simulator.
    sim.admin.updatePlan(41, { plan_type: 'cancel' })
    expect(() => sim.admin.addPlan({ order: 5, created_date: 'x' })).toThrow(InputError)
    expect(() => sim.admin.addPlan({ order: 5, created_date: 'x' })).toThrow(/^Invalid plan fields\. (?=.*order: Must be an order object)(?=.*created_date: Must be a date-time)/)
  })

  it('refuses unknown fault settings and out-of-range values, naming the key and the allowed range, changing nothing', async () => {
    sim.setFaults({ latencyMs: 7 })
    expectRefused(await send('POST', 'faults/', { latencyMs: 1e308 }), { latencyMs: /from 0 to 600000; got 1e\+308/ })
    expectRefused(await send('POST', 'faults/', '{"latencyJitterMs": 1e400}'), { latencyJitterMs: /from 0 to 600000; got Infinity/ })
    expectRefused(await send('POST', 'faults/', { latencyMs: -1, failRate: 1.5, resetRate: -0.1, hangRate: '0.5', truncateRate: null }), {
      latencyMs: /number of milliseconds from 0 to 600000; got -1/,
      failRate: /probability from 0 to 1; got 1.5/,
      resetRate: /probability from 0 to 1; got -0.1/,
      hangRate: /probability from 0 to 1; got "0.5"/,
      truncateRate: /probability from 0 to 1; got null/,
    })
    expectRefused(await send('POST', 'faults/', { failRate: 0.5, bogus: 1 }), { bogus: /Unknown fault setting; known: latencyMs, .*lostResponseRate/ })
    expectRefused(await send('POST', 'faults/', { offline: true }), { offline: /POST \/__admin\/offline\// })
    expect((await admin('faults/')).json).toEqual({ ...NO_FAULTS, latencyMs: 7 })
    // In process, the same rules (a RangeError naming the setting).
    expect(() => sim.setFaults({ latencyMs: 1e308 })).toThrow(/latencyMs: Must be a number of milliseconds from 0 to 600000; got 1e\+308/)
    expect(() => sim.setFaults({ latencyMs: Number.NaN })).toThrow(/got NaN/)
    expect(() => sim.setFaults({ bogus: 1 } as Body)).toThrow(/bogus: Unknown fault setting/)
    expect(sim.admin.planCount()).toBeGreaterThan(0)
    await expect(startSimulator({ plans: 1, faults: { hangRate: 2 } })).rejects.toThrow(/hangRate: Must be a probability from 0 to 1; got 2/)
  })

  it('checks the other endpoints too: audit query, expire-tokens, offline, methods', async () => {
    expectRefused(await admin('audit/?pk=abc&action=x&foo=1'), {
      pk: /plan pk/,
      action: /one of update_status, /,
      foo: /Unknown query parameter/,
    })
    expectRefused(await send('POST', 'expire-tokens/', { all: true }), { all: /Unknown field/ })
    expectRefused(await send('POST', 'offline/', { ms: 1e9 }), { ms: /whole number of milliseconds from 1 to 600000; got 1000000000/ })
    expectRefused(await send('POST', 'offline/', { ms: 1.5, for: 3 }), { ms: /whole number/, for: /Unknown field; known: ms/ })
    expect((await admin('count/', { method: 'POST' })).status).toBe(405)
    const put = await admin('plans/40/', { method: 'PUT', body: '{}' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, POST, PATCH, DELETE')
    expect((await send('POST', 'plans/', '{"overrides": ')).status).toBe(400)
  })
})
