import { readFileSync } from 'node:fs'
import { join } from 'node:path'
/**
 * update_status: the whole transition table (every from/to pair over HTTP), body validation, and
 * what an applied change does to the plan (modified_date, last_updated_by, modified_by_id, audit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../../main/simulator'
import { PLAN_STATUSES } from '../../../main/simulator/data/catalog'
import { FINAL_STATUSES, TRANSITIONS } from '../../../main/simulator/transitions'
import { call, expectValid, post, responseValidator, type Body } from './helpers'

const UPDATE = '/api/v1/cancellation_plans/{id}/update_status/'
const NOW = new Date('2026-11-27T12:00:00.000Z')

let sim: RunningSimulator
beforeAll(async () => {
  // A clock that stands still: modified_date must still increase strictly.
  sim = await startSimulator({ plans: 300, seed: 5, now: () => NOW })
})
afterAll(async () => {
  await sim.close()
})

const update = (pk: number, body: unknown, token = sim.token) =>
  post(`${sim.url}/api/v1/cancellation_plans/${pk}/update_status/`, token, body)
const get = async (pk: number) => (await call(`${sim.url}/api/v1/cancellation_plans/${pk}/`, { token: sim.token })).json

/**
 * The table as the simulator's README documents it, read from the README itself: the one copy
 * people read, held to what the simulator enforces.
 */
function documentedTable(): Record<string, string[]> {
  const readme = readFileSync(join(__dirname, '../../../main/simulator/README.md'), 'utf8')
  const section = readme.split('## Transition table')[1]?.split('\n## ')[0] ?? ''
  const table: Record<string, string[]> = {}
  for (const [, from, to] of section.matchAll(/^\| ([a-z_, ]+) \| ([^|]+) \|$/gm)) {
    if (from === 'from') continue
    const targets = to.trim() === 'final: nothing' ? [] : to.split(',').map((t) => t.trim())
    for (const f of from.split(',')) table[f.trim()] = targets
  }
  return table
}
const DOCUMENTED = documentedTable()

describe('the transition table', () => {
  it('is the documented one', () => {
    expect(TRANSITIONS).toEqual(DOCUMENTED)
  })

  it('documents finals as having no way out and every other status as reachable', () => {
    for (const s of FINAL_STATUSES) expect(TRANSITIONS[s]).toEqual([])
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...PLAN_STATUSES].sort())
    const reachable = new Set(Object.values(TRANSITIONS).flat())
    for (const s of PLAN_STATUSES) if (s !== 'waiting') expect(reachable.has(s), s).toBe(true)
  })

  const pairs = PLAN_STATUSES.flatMap((from) => PLAN_STATUSES.map((to) => [from, to] as const))
  it.each(pairs.map(([from, to], i) => [from, to, i + 1] as const))('%s → %s', async (from, to, pk) => {
    sim.admin.updatePlan(pk, { status: from })
    const before = await get(pk)
    expect(before.status).toBe(from)
    const res = await update(pk, { status: to })
    const after = await get(pk)
    if (DOCUMENTED[from].includes(to)) {
      expect(res.status).toBe(200)
      expectValid(responseValidator(UPDATE, 'post', 200), res.json)
      expect(res.json.message).toBeTypeOf('string')
      expect(after.status).toBe(to)
      expect(sim.admin.audit({ pk, action: 'update_status' })).toHaveLength(1)
    } else {
      expect(res.status).toBe(400)
      expectValid(responseValidator(UPDATE, 'post', 400), res.json)
      expect(res.json.non_field_errors).toHaveLength(1)
      expect(res.json.code).toBe('invalid_transition')
      expect(after).toEqual(before)
      expect(sim.admin.audit({ pk, action: 'update_status' })).toHaveLength(0)
    }
  })
})

describe('an applied update', () => {
  it('bumps modified_date (strictly, even with a frozen clock), last_updated_by and modified_by_id', async () => {
    sim.admin.updatePlan(200, { status: 'waiting' }, 'kerem.aydemir')
    const before = await get(200)
    expect(before.last_updated_by.username).toBe('kerem.aydemir')
    const res = await update(200, { status: 'approved' })
    expect(res.status).toBe(200)
    const after = await get(200)
    expect(after.modified_date > before.modified_date).toBe(true)
    expect(after.modified_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    expect(after.last_updated_by.username).toBe('demo')
    expect(after.modified_by_id).toBe(after.last_updated_by.pk)
    expect(after.order.cancel_status).toBe('approved')
    expect(after.cancellationplanorderitem_set.every((i: Body) => i.order_item.cancel_status === 'approved')).toBe(true)
    // Everything else is untouched.
    expect(after.order.number).toBe(before.order.number)
    expect(after.refund_amount).toBe(before.refund_amount)
  })

  it('gives consecutive mutations strictly increasing modified_dates, visible to modified_date__gte', async () => {
    const stamps: string[] = []
    for (const pk of [210, 211, 212, 213]) {
      sim.admin.updatePlan(pk, { status: 'waiting' })
      expect((await update(pk, { status: 'rejected' })).status).toBe(200)
      stamps.push((await get(pk)).modified_date)
    }
    expect([...stamps].sort()).toEqual(stamps)
    expect(new Set(stamps).size).toBe(4)
    const res = await call(`${sim.url}/api/v1/cancellation_plans/?modified_date__gte=${encodeURIComponent(stamps[1])}`, { token: sim.token })
    expect(res.json.results.map((p: Body) => p.pk)).toEqual([213, 212, 211])
  })

  it('records the acting user: another account\'s edit shows that account', async () => {
    const login = await post(`${sim.url}/api/v1/auth/login/`, undefined, { username: 'kerem.aydemir', password: sim.password })
    sim.admin.updatePlan(220, { status: 'waiting' })
    expect((await update(220, { status: 'confirmation_waiting' }, login.json.key)).status).toBe(200)
    const plan = await get(220)
    expect(plan.last_updated_by.username).toBe('kerem.aydemir')
    const entry = sim.admin.audit({ pk: 220, action: 'update_status' })
    expect(entry).toHaveLength(1)
    expect(entry[0]).toMatchObject({ pk: 220, action: 'update_status', body: { status: 'confirmation_waiting' }, user: 'kerem.aydemir', at: plan.modified_date })
  })

  it('completing a cancel plan cancels its order and items', async () => {
    const res = await call(`${sim.url}/api/v1/cancellation_plans/?plan_type=cancel&status=approved&limit=1`, { token: sim.token })
    const pk = res.json.results[0].pk
    expect((await update(pk, { status: 'completed' })).status).toBe(200)
    const plan = await get(pk)
    expect(plan.order.status).toBe(100)
    expect(plan.cancellationplanorderitem_set.every((i: Body) => i.status === 'cancelled')).toBe(true)
  })
})

describe('concurrent updates', () => {
  it('applies exactly one of several simultaneous identical updates', async () => {
    sim.admin.updatePlan(260, { status: 'waiting' })
    const results = await Promise.all(Array.from({ length: 6 }, () => update(260, { status: 'approved' })))
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400, 400, 400, 400])
    expect(sim.admin.audit({ pk: 260, action: 'update_status' })).toHaveLength(1)
  })

  it('applies exactly one of two conflicting updates', async () => {
    sim.admin.updatePlan(261, { status: 'waiting' })
    const [a, b] = await Promise.all([update(261, { status: 'approved' }), update(261, { status: 'rejected' })])
    expect([a.status, b.status].sort()).toEqual([200, 400])
    const final = (await get(261)).status
    expect(final).toBe(a.status === 200 ? 'approved' : 'rejected')
  })
})

describe('body validation', () => {
  it.each([
    [{}, 'This field is required.'],
    [{ status: null }, 'This field is required.'],
    [{ status: 'done' }, '"done" is not a valid choice.'],
    [{ status: 3 }, '"3" is not a valid choice.'],
    [{ status: 'pending' }, '"pending" is not a valid choice.'],
  ])('%j → 400 {status: [...]}', async (body, message) => {
    const res = await update(250, body)
    expect(res.status).toBe(400)
    expectValid(responseValidator(UPDATE, 'post', 400), res.json)
    expect(res.json.status).toEqual([message])
    expect(res.json.code).toBeTypeOf('string')
  })

  it('unknown plan → 404, even with a bad body', async () => {
    for (const body of [{ status: 'approved' }, {}]) {
      const res = await update(99_999, body)
      expect(res.status).toBe(404)
      expectValid(responseValidator(UPDATE, 'post', 404), res.json)
      expect(res.json.detail).toBe('Not found.')
    }
  })
})
