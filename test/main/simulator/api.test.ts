/**
 * Login, authentication, the detail and statuses endpoints, and malformed requests; every body
 * is validated against resources/omnitron-openapi.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../../main/simulator'
import { call, componentValidator, expectValid, post, responseValidator, type Body } from './helpers'

const LOGIN = '/api/v1/auth/login/'
const LIST = '/api/v1/cancellation_plans/'
const DETAIL = '/api/v1/cancellation_plans/{id}/'
const STATUSES = '/api/v1/cancellation_plans/cancellation_plan_statuses/'
const UPDATE = '/api/v1/cancellation_plans/{id}/update_status/'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ plans: 300, seed: 7 })
})
afterAll(async () => {
  await sim.close()
})

describe('start-up', () => {
  it('binds to loopback only', async () => {
    await expect(startSimulator({ plans: 1, host: '0.0.0.0' })).rejects.toThrow(/loopback/)
    await expect(startSimulator({ plans: 1, host: '192.168.1.10' })).rejects.toThrow(/loopback/)
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })
})

describe('login', () => {
  it('exchanges the demo credentials for a token that authenticates', async () => {
    const res = await post(sim.url + LOGIN, undefined, { username: sim.username, password: sim.password })
    expect(res.status).toBe(200)
    expectValid(responseValidator(LOGIN, 'post', 200), res.json)
    expect(res.json.key).toMatch(/^[0-9a-f]{40}$/)
    // One key per user, like DRF's Token model.
    expect(res.json.key).toBe(sim.token)
    const list = await call(sim.url + LIST, { token: res.json.key })
    expect(list.status).toBe(200)
  })

  it('lets other staff accounts log in with the demo password', async () => {
    const res = await post(sim.url + LOGIN, undefined, { username: 'kerem.aydemir', password: sim.password })
    expect(res.status).toBe(200)
    expect(res.json.key).not.toBe(sim.token)
  })

  it('refuses bad credentials with 400 non_field_errors', async () => {
    for (const body of [{ username: 'demo', password: 'wrong' }, { username: 'nobody', password: sim.password }]) {
      const res = await post(sim.url + LOGIN, undefined, body)
      expect(res.status).toBe(400)
      expectValid(responseValidator(LOGIN, 'post', 400), res.json)
      expect(res.json).toEqual({ non_field_errors: ['Unable to log in with provided credentials.'], code: 'authorization' })
    }
  })

  it('reports missing fields per field', async () => {
    const res = await post(sim.url + LOGIN, undefined, { username: 'demo' })
    expect(res.status).toBe(400)
    expectValid(responseValidator(LOGIN, 'post', 400), res.json)
    expect(res.json.password).toEqual(['This field is required.'])
    expect(res.json.code).toBeTypeOf('string')
  })
})

describe('authentication', () => {
  const endpoints: [string, string, unknown?][] = [
    ['GET', LIST],
    ['GET', '/api/v1/cancellation_plans/1/'],
    ['GET', STATUSES],
    ['POST', '/api/v1/cancellation_plans/1/update_status/', { status: 'approved' }],
    ['POST', '/api/v1/cancellation_plans/1/create_payment_plan/', { payment_plan: [] }],
  ]

  it.each(endpoints)('%s %s without a token → 401 {detail, code}', async (method, path, body) => {
    const res = await call(sim.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) })
    expect(res.status).toBe(401)
    expectValid(componentValidator('responses', '401'), res.json)
    expect(res.json).toEqual({ detail: 'Authentication credentials were not provided.', code: 'not_authenticated' })
  })

  it.each(endpoints)('%s %s with an unknown token → 401 Invalid token', async (method, path, body) => {
    const res = await call(sim.url + path, { method, token: 'f'.repeat(40), body: body === undefined ? undefined : JSON.stringify(body) })
    expect(res.status).toBe(401)
    expectValid(componentValidator('responses', '401'), res.json)
    expect(res.json).toEqual({ detail: 'Invalid token.', code: 'authentication_failed' })
  })

  it('rejects a malformed Authorization header', async () => {
    const res = await call(sim.url + LIST, { headers: { Authorization: 'Bearer abc' } })
    expect(res.status).toBe(401)
    expect(res.json.code).toBe('not_authenticated')
  })

  it('expireTokens makes every token 401 until a new login', async () => {
    const other = await post(sim.url + LOGIN, undefined, { username: 'kerem.aydemir', password: sim.password })
    sim.expireTokens()
    for (const token of [sim.token, other.json.key]) {
      const res = await call(sim.url + LIST, { token })
      expect(res.status).toBe(401)
      expect(res.json.detail).toBe('Invalid token.')
    }
    const fresh = await post(sim.url + LOGIN, undefined, { username: sim.username, password: sim.password })
    expect(fresh.status).toBe(200)
    expect(fresh.json.key).not.toBe(sim.token)
    expect((await call(sim.url + LIST, { token: fresh.json.key })).status).toBe(200)
    expect((await call(sim.url + LIST, { token: sim.token })).status).toBe(401)
    // Later tests use this file's token variable only through `token()`.
    currentToken = fresh.json.key
  })
})

let currentToken: string | undefined
const token = () => currentToken ?? sim.token

describe('retrieve', () => {
  it('returns a full plan that validates against CancellationPlan', async () => {
    const res = await call(sim.url + '/api/v1/cancellation_plans/42/', { token: token() })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expectValid(responseValidator(DETAIL, 'get', 200), res.json)
    const plan = res.json
    expect(plan.pk).toBe(42)
    expect(plan.order.number).toBeTypeOf('string')
    expect(plan.cancellationplanorderitem_set.length).toBeGreaterThanOrEqual(1)
    const item = plan.cancellationplanorderitem_set[0]
    expect(item.order_item.product.sku).toBeTypeOf('string')
    expect(item.order_item.product.barcode).toMatch(/^869\d{10}$/)
    expect(item.order_item.price_list.name).toBeTypeOf('string')
    expect(item.order_item.stock_list.code).toBeTypeOf('string')
    expect(item.reason.subject).toBeTypeOf('string')
    expect(plan.created_by.username).toBeTypeOf('string')
    expect(plan.last_updated_by.pk).toBe(plan.modified_by_id)
  })

  it.each(['999999', '0', 'abc', '-1'])('unknown id %s → 404 {detail: "Not found."}', async (id) => {
    const res = await call(`${sim.url}/api/v1/cancellation_plans/${id}/`, { token: token() })
    expect(res.status).toBe(404)
    expectValid(responseValidator(DETAIL, 'get', 404), res.json)
    expect(res.json.detail).toBe('Not found.')
  })

  it('answers 404 for unknown API paths and 405 for wrong methods', async () => {
    expect((await call(sim.url + '/api/v1/nothing/', { token: token() })).status).toBe(404)
    const res = await call(sim.url + LIST, { method: 'DELETE', token: token() })
    expect(res.status).toBe(405)
    expect(res.json.detail).toBe('Method "DELETE" not allowed.')
  })
})

describe('statuses', () => {
  it('lists every plan status with English labels by default', async () => {
    const res = await call(sim.url + STATUSES, { token: token() })
    expect(res.status).toBe(200)
    expectValid(responseValidator(STATUSES, 'get', 200), res.json)
    const labels = res.json.cancellation_plan_statuses
    const spec = (await import('../../../resources/omnitron-openapi.json')).default as Body
    expect(Object.keys(labels).sort()).toEqual([...spec.components.schemas.CancellationPlanStatus.enum].sort())
    expect(labels.waiting).toBe('Waiting')
    expect(labels.manuel_refund_need).toBe('Manual Refund Needed')
  })

  it('answers in Turkish for Accept-Language: tr', async () => {
    for (const lang of ['tr', 'tr-TR,tr;q=0.9,en;q=0.8', 'en;q=0.5, tr']) {
      const res = await call(sim.url + STATUSES, { token: token(), headers: { 'Accept-Language': lang } })
      expectValid(responseValidator(STATUSES, 'get', 200), res.json)
      expect(res.json.cancellation_plan_statuses.waiting).toBe('Bekliyor')
      expect(res.json.cancellation_plan_statuses.approved).toBe('Kabul Edildi')
    }
    const en = await call(sim.url + STATUSES, { token: token(), headers: { 'Accept-Language': 'en-US,tr;q=0.5' } })
    expect(en.json.cancellation_plan_statuses.waiting).toBe('Waiting')
  })
})

describe('malformed requests', () => {
  it('answers malformed JSON with 400 {detail, code}', async () => {
    const res = await call(sim.url + '/api/v1/cancellation_plans/1/update_status/', { method: 'POST', token: token(), body: '{"status": ' })
    expect(res.status).toBe(400)
    expectValid(responseValidator(UPDATE, 'post', 400), res.json)
    expect(res.json.code).toBe('parse_error')
    expect(res.json.detail).toMatch(/^JSON parse error/)
  })

  it('answers a wrong Content-Type with 400 {detail, code}', async () => {
    const res = await call(sim.url + '/api/v1/cancellation_plans/1/update_status/', {
      method: 'POST', token: token(), body: 'status=approved', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(400)
    expectValid(responseValidator(UPDATE, 'post', 400), res.json)
    expect(res.json).toEqual({ detail: 'Unsupported media type "application/x-www-form-urlencoded" in request.', code: 'unsupported_media_type' })
  })

  it('answers a JSON body that is not an object with 400 non_field_errors', async () => {
    const res = await call(sim.url + LOGIN, { method: 'POST', body: '[1,2]' })
    expect(res.status).toBe(400)
    expect(res.json.non_field_errors[0]).toContain('Expected a dictionary, but got list')
  })

  it('keeps serving after malformed requests', async () => {
    const res = await call(sim.url + LIST, { token: token() })
    expect(res.status).toBe(200)
  })
})
