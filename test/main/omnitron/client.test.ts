import { afterEach, describe, expect, it } from 'vitest'
import { OmnitronClient } from '../../../main/omnitron/client'
import { OmnitronError } from '../../../main/omnitron/errors'
import { makePlan } from '../store/fixtures'
import { type FakeServer, json, startFakeServer } from './fake-server'

const TOKEN = 'secret-token-abc123'
let server: FakeServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function catchError(p: Promise<unknown>): Promise<OmnitronError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(OmnitronError)
    expect(String((e as Error).message)).not.toContain(TOKEN)
    expect(JSON.stringify(e)).not.toContain(TOKEN)
    return e as OmnitronError
  }
  throw new Error('expected a rejection')
}

describe('OmnitronClient', () => {
  it('logs in, then sends the token and Accept-Language', async () => {
    server = await startFakeServer((req, res, url, body) => {
      if (url.pathname === '/api/v1/auth/login/') {
        const b = JSON.parse(body)
        return b.password === 'pw' ? json(res, 200, { key: TOKEN }) : json(res, 400, { non_field_errors: ['Unable to log in.'], code: 'invalid' })
      }
      if (req.headers.authorization !== `Token ${TOKEN}`) return json(res, 401, { detail: 'Invalid token.' })
      return json(res, 200, { cancellation_plan_statuses: { waiting: 'Bekliyor' } })
    })
    const c = new OmnitronClient({ baseUrl: server.url, language: 'tr' })
    await expect(c.statuses()).rejects.toMatchObject({ kind: 'auth' })
    const bad = await catchError(c.login('u', 'wrong'))
    expect(bad).toMatchObject({ kind: 'validation', status: 400, fields: { non_field_errors: ['Unable to log in.'] } })
    expect(await c.login('u', 'pw')).toBe(TOKEN)
    expect(await c.statuses()).toEqual([{ key: 'waiting', label: 'Bekliyor' }])
    const last = server.requests.at(-1)!
    expect(last.headers['accept-language']).toBe('tr')
    expect(last.headers.authorization).toBe(`Token ${TOKEN}`)
    expect(server.requests[1].headers.authorization).toBeUndefined()
  })

  it('maps HTTP errors to kinds and parses Retry-After', async () => {
    server = await startFakeServer((_req, res, url) => {
      const pk = url.pathname.split('/')[4]
      if (pk === '1') return json(res, 404, { detail: 'Not found.' })
      if (pk === '2') return json(res, 503, { detail: 'Maintenance' }, { 'Retry-After': '12' })
      if (pk === '3') return json(res, 401, { detail: 'Invalid token.', code: 'token' })
      if (pk === '4') return json(res, 400, { status: ['"x" is not a valid choice.'], code: 'invalid_choice' })
      res.writeHead(500)
      res.end('<html>oops</html>')
    })
    const c = new OmnitronClient({ baseUrl: server.url, token: TOKEN })
    expect(await catchError(c.getPlan(1))).toMatchObject({ kind: 'not_found', status: 404 })
    expect(await catchError(c.getPlan(2))).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 12_000 })
    expect(await catchError(c.getPlan(3))).toMatchObject({ kind: 'auth', code: 'token' })
    expect(await catchError(c.updateStatus(4, 'x'))).toMatchObject({
      kind: 'validation',
      code: 'invalid_choice',
      fields: { status: ['"x" is not a valid choice.'] },
    })
    expect(await catchError(c.getPlan(5))).toMatchObject({ kind: 'server', status: 500 })
    expect(JSON.parse(server.requests[3].body)).toEqual({ status: 'x' })
  })

  it('reports malformed responses', async () => {
    server = await startFakeServer((_req, res, url) => {
      if (url.pathname.endsWith('/1/')) {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        return void res.end('{"pk": 1, "status": ')
      }
      if (url.pathname.endsWith('/2/')) return json(res, 200, { pk: 2, status: 'waiting' })
      return json(res, 200, { count: 1, next: null })
    })
    const c = new OmnitronClient({ baseUrl: server.url, token: TOKEN })
    expect(await catchError(c.getPlan(1))).toMatchObject({ kind: 'malformed_response' })
    expect((await catchError(c.getPlan(2))).message).toMatch(/modified_date/)
    expect(await catchError(c.listPage({}, 1, 10))).toMatchObject({ kind: 'malformed_response' })
  })

  it('serializes filters (arrays comma-separated) and reads the Date header', async () => {
    server = await startFakeServer((_req, res) =>
      json(res, 200, { count: 1, next: null, previous: null, results: [makePlan({ pk: 1 })] }, { Date: 'Fri, 27 Nov 2026 10:00:00 GMT' }),
    )
    const c = new OmnitronClient({ baseUrl: server.url + '/', token: TOKEN })
    const page = await c.listPage({ channel_id__in: [3, 4], retail_store_remote_id: 'S 1', modified_date__gte: '2026-01-01T00:00:00.000Z' }, 2, 25)
    expect(page.serverDate).toBe('2026-11-27T10:00:00.000Z')
    expect(page.plans[0].pk).toBe(1)
    const q = server.requests[0].url.searchParams
    expect(q.get('channel_id__in')).toBe('3,4')
    expect(q.get('retail_store_remote_id')).toBe('S 1')
    expect(q.get('modified_date__gte')).toBe('2026-01-01T00:00:00.000Z')
    expect(q.get('page')).toBe('2')
    expect(q.get('limit')).toBe('25')
  })

  it("hands each plan of a list page over with the server's own text of it", async () => {
    const plans = [makePlan({ pk: 1, product: 'Işık' }), makePlan({ pk: 2 })]
    const body = JSON.stringify({ count: 2, next: null, previous: null, results: plans }, null, 2)
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
      res.end(body)
    })
    const page = await new OmnitronClient({ baseUrl: server.url, token: TOKEN }).listPage({}, 1, 10)
    // Written at the depth of a page's entries: each inner line four spaces further in.
    expect(page.plans.map((p) => p.json)).toEqual(plans.map((p) => JSON.stringify(p, null, 2).replace(/\n/g, '\n    ')))
    expect(page.plans.map((p) => JSON.parse(p.json!))).toEqual(plans)
  })

  it('reads a page of 150 plans to the same plans and their texts', async () => {
    const plans = Array.from({ length: 150 }, (_, i) => makePlan({ pk: i + 1, product: `Işık "Masa" [${i}]` }))
    const body = JSON.stringify({ count: 150, next: null, previous: null, results: plans })
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(body)
    })
    const c = new OmnitronClient({ baseUrl: server.url, token: TOKEN })
    const page = await c.listPage({}, 1, 150)
    expect(page.plans.map((p) => p.raw)).toEqual(plans)
    expect(page.plans.map((p) => p.json)).toEqual(plans.map((p) => JSON.stringify(p)))
  })

  it('times out waiting for headers and while reading a body', async () => {
    server = await startFakeServer((_req, res, url) => {
      if (url.pathname.endsWith('/1/')) return // never answers
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"pk": 2,') // then stalls
    })
    // (Without working timeouts these would hang until vitest's own test timeout fails them.)
    const c = new OmnitronClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 150 })
    expect(await catchError(c.getPlan(1))).toMatchObject({ kind: 'timeout' })
    // Headers are given all the time a busy machine may need; only the stalled body is timed short.
    const body = new OmnitronClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 10_000, readTimeoutMs: 150 })
    expect((await catchError(body.getPlan(2))).message).toMatch(/stopped sending/)
  })

  it('reports network failures and truncated bodies as network errors', async () => {
    server = await startFakeServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' })
      res.write('{"pk":')
      setTimeout(() => req.socket.destroy(), 10)
    })
    const c = new OmnitronClient({ baseUrl: server.url, token: TOKEN })
    expect(await catchError(c.getPlan(1))).toMatchObject({ kind: 'network' })
    const url = server.url
    await server.close()
    server = null
    const e = await catchError(new OmnitronClient({ baseUrl: url, token: TOKEN }).statuses())
    expect(e).toMatchObject({ kind: 'network' })
    expect(e.message).toMatch(/connection was refused/)
  })

  it('names the failed request (method, path, page) in 5xx, network and time-out errors, never the token or the filters', async () => {
    server = await startFakeServer((req, res, url) => {
      if (url.searchParams.get('page') === '37') {
        res.writeHead(502, { 'Content-Type': 'text/html' })
        return void res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>')
      }
      if (url.searchParams.get('page') === '38') return json(res, 503, { detail: 'Down for maintenance.' }, { 'Retry-After': '30' })
      if (url.searchParams.get('page') === '39') return // never answers
      if (req.method === 'POST') return json(res, 500, {})
    })
    // The default time-out for the requests answered; 150 ms only for the one never answered.
    const c = new OmnitronClient({ baseUrl: server.url, token: TOKEN })
    const short = new OmnitronClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 150 })
    const filters = { retail_store_remote_id: 'STORE-SECRET-7', pk__in: [1, 2, 3] }
    const proxy = await catchError(c.listPage(filters, 37, 100))
    expect(proxy).toMatchObject({ kind: 'server', status: 502 })
    expect(proxy.message).toBe(
      'The server failed (HTTP 502) answering GET /api/v1/cancellation_plans/?page=37: Bad Gateway (an HTML error page: a proxy or gateway in front of the server may have answered).',
    )
    expect((await catchError(c.listPage(filters, 38, 100))).message).toBe(
      'The server failed (HTTP 503) answering GET /api/v1/cancellation_plans/?page=38: Down for maintenance.',
    )
    expect((await catchError(short.listPage(filters, 39, 100))).message).toBe(
      'Page 39 of the plan list (GET /api/v1/cancellation_plans/?page=39): the server did not answer within 150 ms.',
    )
    expect((await catchError(c.updateStatus(5, 'approved'))).message).toBe(
      'The server failed (HTTP 500) answering POST /api/v1/cancellation_plans/5/update_status/: Internal Server Error.',
    )
    const url = server.url
    await server.close()
    server = null
    const refused = await catchError(new OmnitronClient({ baseUrl: url, token: TOKEN }).listPage(filters, 40, 100))
    expect(refused.message).toBe(`Page 40 of the plan list (GET /api/v1/cancellation_plans/?page=40): cannot reach ${new URL(url).host}: the connection was refused.`)
    for (const e of [proxy, refused]) expect(e.message).not.toMatch(/STORE-SECRET|pk__in|limit=/)
  })

  it('cancels with the caller signal without calling it a timeout', async () => {
    server = await startFakeServer(() => {})
    const c = new OmnitronClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 10_000 })
    const ac = new AbortController()
    const p = c.statuses({ signal: ac.signal })
    setTimeout(() => ac.abort(), 50)
    await expect(p).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('does not follow redirects (the token could leak)', async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(302, { Location: 'https://evil.example/' })
      res.end()
    })
    const c = new OmnitronClient({ baseUrl: server.url, token: TOKEN })
    expect(await catchError(c.statuses())).toMatchObject({ kind: 'server', status: 302 })
    expect(server.requests).toHaveLength(1)
  })

  it('refuses plain http to a non-loopback host and requests without a token', async () => {
    expect(() => new OmnitronClient({ baseUrl: 'http://omnitron.example.com' })).toThrow(/https/)
    await expect(new OmnitronClient({ baseUrl: 'http://127.0.0.1:9' }).statuses()).rejects.toMatchObject({ kind: 'auth' })
  })
})

describe('OmnitronClient against the simulator', () => {
  it('lists, reads, updates status and creates payment plans with typed errors', async () => {
    const { startSimulator } = await import('../../../main/simulator')
    const sim = await startSimulator({ plans: 40, seed: 3 })
    try {
      const c = new OmnitronClient({ baseUrl: sim.url })
      await expect(c.login(sim.username, 'wrong')).rejects.toMatchObject({ kind: 'validation' })
      await c.login(sim.username, sim.password)
      const page = await c.listPage({ status: 'waiting' }, 1, 100)
      expect(page.rejected).toEqual([])
      const waiting = page.plans[0]
      expect(waiting.status).toBe('waiting')
      expect((await c.getPlan(waiting.pk)).raw).toEqual(waiting.raw)
      expect((await c.listPage({ status: 'waiting' }, 1, 100)).count).toBe(page.count)

      expect((await c.updateStatus(waiting.pk, 'approved')).message).toMatch(/approved/)
      expect((await c.getPlan(waiting.pk)).status).toBe('approved')
      const bad = await c.updateStatus(waiting.pk, 'not-a-status').catch((e: unknown) => e)
      expect(bad).toMatchObject({ kind: 'validation', status: 400, code: 'invalid_choice', fields: { status: [expect.any(String)] } })
      const refused = await c.updateStatus(waiting.pk, 'waiting_supplier').catch((e: unknown) => e)
      expect(refused).toMatchObject({ kind: 'validation', code: 'invalid_transition', fields: { non_field_errors: [expect.any(String)] } })
      await expect(c.getPlan(99_999)).rejects.toMatchObject({ kind: 'not_found', status: 404 })

      const items = (waiting.raw.cancellationplanorderitem_set as Array<{ order_item: { pk: number } }>).map((i) => i.order_item.pk)
      expect((await c.createPaymentPlan(waiting.pk, { payment_plan: [{ transaction_type: 'refund', order_items: items }] })).message).not.toBeUndefined()
      await expect(c.createPaymentPlan(waiting.pk, { payment_plan: [{ transaction_type: 'refund', order_items: [1] }] })).rejects.toMatchObject({
        kind: 'validation',
        fields: { order_items: [expect.stringMatching(/does not belong/)] },
      })
      expect(sim.admin.audit({ pk: waiting.pk }).map((a) => a.action)).toEqual(['update_status', 'create_payment_plan'])
    } finally {
      await sim.close()
    }
  })
})
