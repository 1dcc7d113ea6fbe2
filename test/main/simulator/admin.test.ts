/**
 * The admin interface: in-process (RunningSimulator.admin) and over HTTP (/__admin/, secret and
 * loopback protected), and the audit log that proves each edit was applied exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../../main/simulator'
import { isLoopback } from '../../../main/simulator/http'
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
    const res = await admin('offline/', { method: 'POST', body: JSON.stringify({ ms: 300 }) })
    expect(res.status).toBe(202)
    await new Promise((r) => setTimeout(r, 100))
    const refused = await fetch(`${sim.url}/__admin/count/`, { headers: { 'X-Simulator-Secret': sim.adminSecret } }).then(() => 'ok', () => 'refused')
    expect(refused).toBe('refused')
    await new Promise((r) => setTimeout(r, 500))
    expect((await admin('count/')).status).toBe(200)
  })
})
