/** create_payment_plan: validation of payment_plan entries, storage on the plan, modified_date. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../../main/simulator'
import { call, expectValid, post, responseValidator, type Body } from './helpers'

const PATH = '/api/v1/cancellation_plans/{id}/create_payment_plan/'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ plans: 200, seed: 9 })
})
afterAll(async () => {
  await sim.close()
})

const create = (pk: number, body: unknown) => post(`${sim.url}/api/v1/cancellation_plans/${pk}/create_payment_plan/`, sim.token, body)
const get = async (pk: number) => (await call(`${sim.url}/api/v1/cancellation_plans/${pk}/`, { token: sim.token })).json
const itemPks = (plan: Body): number[] => plan.cancellationplanorderitem_set.map((i: Body) => i.order_item.pk)

async function openPlan(): Promise<Body> {
  const res = await call(`${sim.url}/api/v1/cancellation_plans/?status=approved&limit=1`, { token: sim.token })
  const pk = res.json.results[0].pk
  return get(pk)
}

describe('create_payment_plan', () => {
  it('stores a valid payment plan with the refund it works out from the items, bumps modified_date and answers 200 {message}', async () => {
    const plan = await openPlan()
    const body = { payment_plan: [{ transaction_type: 'refund', order_items: itemPks(plan) }] }
    const res = await create(plan.pk, body)
    expect(res.status).toBe(200)
    expectValid(responseValidator(PATH, 'post', 200), res.json)
    expect(res.json.message).toBeTypeOf('string')
    const after = await get(plan.pk)
    const prices = plan.cancellationplanorderitem_set.reduce((sum: number, i: Body) => sum + Math.round(i.order_item.price * 100), 0) / 100
    expect(after.payment_plan).toEqual({ payment_plan: [{ ...body.payment_plan[0], refund_amount: prices }] })
    expect(after.modified_date > plan.modified_date).toBe(true)
    expect(after.status).toBe(plan.status)
    const audit = sim.admin.audit({ pk: plan.pk, action: 'create_payment_plan' })
    expect(audit).toHaveLength(1)
    expect(audit[0].body).toEqual(body)
  })

  const invalid: [string, (items: number[]) => unknown, string][] = [
    ['missing payment_plan', () => ({}), 'payment_plan'],
    ['payment_plan not a list', () => ({ payment_plan: { transaction_type: 'refund' } }), 'payment_plan'],
    ['empty payment_plan', () => ({ payment_plan: [] }), 'payment_plan'],
    ['entry not an object', () => ({ payment_plan: ['refund'] }), 'payment_plan'],
    ['missing transaction_type', (i) => ({ payment_plan: [{ order_items: i }] }), 'transaction_type'],
    ['blank transaction_type', (i) => ({ payment_plan: [{ transaction_type: '  ', order_items: i }] }), 'transaction_type'],
    ['missing order_items', () => ({ payment_plan: [{ transaction_type: 'refund' }] }), 'order_items'],
    ['empty order_items', () => ({ payment_plan: [{ transaction_type: 'refund', order_items: [] }] }), 'order_items'],
    ['non-integer order item', () => ({ payment_plan: [{ transaction_type: 'refund', order_items: ['1'] }] }), 'order_items'],
    ['order item of another plan', (i) => ({ payment_plan: [{ transaction_type: 'refund', order_items: [...i, 1] }] }), 'order_items'],
    // The seed's body defines nothing else (a validating proxy refuses it): the server works the amount out.
    ['a refund_amount', (i) => ({ payment_plan: [{ transaction_type: 'refund', order_items: i, refund_amount: 10 }] }), 'refund_amount'],
    ['a field beside payment_plan', (i) => ({ payment_plan: [{ transaction_type: 'refund', order_items: i }], note: 'x' }), 'note'],
  ]

  it.each(invalid)('%s → 400 {%s...}', async (_name, makeBody, field) => {
    const plan = await openPlan()
    const res = await create(plan.pk, makeBody(itemPks(plan)))
    expect(res.status).toBe(400)
    expectValid(responseValidator(PATH, 'post', 400), res.json)
    expect(Array.isArray(res.json[field])).toBe(true)
    expect(res.json.code).toBeTypeOf('string')
    const after = await get(plan.pk)
    expect(after).toEqual(plan)
  })

  it('names the foreign order item in the error', async () => {
    const plan = await openPlan()
    const res = await create(plan.pk, { payment_plan: [{ transaction_type: 'refund', order_items: [123] }] })
    expect(res.json).toEqual({ order_items: ['Order item 123 does not belong to this cancellation plan.'], code: 'does_not_exist' })
  })

  it('refuses a plan in a final status with non_field_errors', async () => {
    const res0 = await call(`${sim.url}/api/v1/cancellation_plans/?status=rejected&limit=1`, { token: sim.token })
    const plan = res0.json.results[0]
    const res = await create(plan.pk, { payment_plan: [{ transaction_type: 'refund', order_items: itemPks(plan) }] })
    expect(res.status).toBe(400)
    expectValid(responseValidator(PATH, 'post', 400), res.json)
    expect(res.json.non_field_errors[0]).toContain('rejected')
  })

  it('unknown plan → 404', async () => {
    const res = await create(77_777, { payment_plan: [{ transaction_type: 'refund', order_items: [1] }] })
    expect(res.status).toBe(404)
    expectValid(responseValidator(PATH, 'post', 404), res.json)
  })
})
