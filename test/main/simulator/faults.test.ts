/**
 * Each fault mode: latency and jitter, 5xx with realistic bodies, connection resets, hangs,
 * truncated bodies, lost responses of applied mutations, offline and back, and their control
 * (options at start, setFaults, validation, determinism per seed).
 */
import { request } from 'node:http'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../../main/simulator'
import { NO_FAULTS } from '../../../main/simulator/faults'
import { call, post } from './helpers'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ plans: 200, seed: 3 })
})
afterEach(async () => {
  sim.setFaults(NO_FAULTS)
  await sim.setOffline(false)
})
afterAll(async () => {
  await sim.close()
})

const LIST = '/api/v1/cancellation_plans/'
const list = (init: RequestInit = {}) => call(sim.url + LIST, { token: sim.token, ...init })

/** The error code under fetch's "fetch failed" TypeError. */
async function networkError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err) {
    const cause = (err as { cause?: { code?: string; name?: string } }).cause
    return cause?.code ?? cause?.name ?? (err as Error).name
  }
  throw new Error('expected the request to fail')
}

/** Raw GET that reports the promised Content-Length and the bytes that actually arrived. */
function rawGet(path: string): Promise<{ status: number; length: number; received: number; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(sim.url + path, { headers: { Authorization: `Token ${sim.token}` }, agent: false }, (res) => {
      let received = 0
      let aborted = false
      res.on('data', (c: Buffer) => { received += c.length })
      res.on('aborted', () => { aborted = true })
      res.on('error', () => { aborted = true })
      res.on('close', () => resolve({ status: res.statusCode ?? 0, length: Number(res.headers['content-length']), received, aborted }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('latency', () => {
  it('adds a fixed delay', async () => {
    sim.setFaults({ latencyMs: 150 })
    const t0 = performance.now()
    expect((await list()).status).toBe(200)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145)
  })

  it('adds jitter on top, varying per request', async () => {
    sim.setFaults({ latencyMs: 20, latencyJitterMs: 120 })
    const times: number[] = []
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now()
      await list()
      times.push(performance.now() - t0)
    }
    expect(Math.min(...times)).toBeGreaterThanOrEqual(18)
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(10)
  })
})

describe('holdChanges', () => {
  it('keeps every change waiting until it is switched off, then applies each once; reads are answered meanwhile', async () => {
    const waiting = (await call(`${sim.url}${LIST}?status=waiting&limit=1`, { token: sim.token })).json.results[0].pk as number
    sim.setFaults({ holdChanges: true })
    let answered = 0
    const change = (body: object) => post(`${sim.url}${LIST}${waiting}/update_status/`, sim.token, body).then((r) => (answered++, r.status))
    const held = [change({ status: 'approved' }), change({ status: 'nonsense' })]
    // Reads and the admin interface answer; the changes are held however long it is left.
    expect((await list()).status).toBe(200)
    const admin = await call(`${sim.url}/__admin/count/`, { headers: { 'X-Simulator-Secret': sim.adminSecret } })
    expect(admin.status).toBe(200)
    await new Promise((r) => setTimeout(r, 200))
    expect(answered).toBe(0)
    expect(sim.admin.audit({ pk: waiting, action: 'update_status' })).toHaveLength(0)
    sim.setFaults({ holdChanges: false })
    expect((await Promise.all(held)).sort()).toEqual([200, 400])
    // The held change was applied once, after the release.
    expect(sim.admin.audit({ pk: waiting, action: 'update_status' })).toHaveLength(1)
  })

  it('closing with changes held answers none and prints nothing', async () => {
    const consoleError = vi.spyOn(console, 'error')
    try {
      const s = await startSimulator({ plans: 5, faults: { holdChanges: true } })
      const pending = [1, 2].map((pk) => new Promise<string>((resolve) => {
        const body = JSON.stringify({ status: 'approved' })
        request(`${s.url}${LIST}${pk}/update_status/`, { method: 'POST', headers: { Authorization: `Token ${s.token}`, 'Content-Type': 'application/json' }, agent: false }, (res) => resolve(`answered ${res.statusCode}`))
          .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
          .end(body)
      }))
      await new Promise((r) => setTimeout(r, 100))
      await s.close()
      expect(await Promise.all(pending)).toEqual(['ECONNRESET', 'ECONNRESET'])
      expect(consoleError).not.toHaveBeenCalled()
    } finally {
      consoleError.mockRestore()
    }
  })

  it('is true or false, nothing else', () => {
    expect(() => sim.setFaults({ holdChanges: 'yes' as unknown as boolean })).toThrow(/holdChanges: Must be true or false/)
  })
})

describe('server failures', () => {
  it('answers 500/502/503 with realistic HTML bodies (503 with Retry-After)', async () => {
    sim.setFaults({ failRate: 1 })
    const seen = new Map<number, { text: string; retryAfter: string | null; type: string | null }>()
    for (let i = 0; i < 30; i++) {
      const res = await list()
      seen.set(res.status, { text: res.text, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type') })
    }
    expect([...seen.keys()].sort()).toEqual([500, 502, 503])
    expect(seen.get(500)!.text).toContain('Server Error (500)')
    expect(seen.get(502)!.text).toContain('502 Bad Gateway')
    expect(seen.get(503)!.retryAfter).toBe('1')
    expect(seen.get(502)!.type).toBe('text/html')
  })

  it('fails roughly at the configured rate, deterministically for a seed', async () => {
    const run = async () => {
      const s = await startSimulator({ plans: 20, seed: 99, faults: { failRate: 0.3 } })
      const statuses: number[] = []
      for (let i = 0; i < 60; i++) statuses.push((await call(s.url + LIST, { token: s.token })).status)
      await s.close()
      return statuses
    }
    const a = await run()
    const b = await run()
    expect(a).toEqual(b)
    const failures = a.filter((s) => s >= 500).length
    expect(failures).toBeGreaterThan(5)
    expect(failures).toBeLessThan(35)
  })

  it('does not apply a mutation that fails with 5xx', async () => {
    sim.setFaults({ failRate: 1 })
    const res = await post(`${sim.url}/api/v1/cancellation_plans/1/update_status/`, sim.token, { status: 'approved' })
    expect(res.status).toBeGreaterThanOrEqual(500)
    expect(sim.admin.audit({ pk: 1 })).toHaveLength(0)
  })
})

describe('connection faults', () => {
  it('resets the connection before any response', async () => {
    sim.setFaults({ resetRate: 1 })
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(await networkError(list()))
    sim.setFaults({ resetRate: 0 })
    expect((await list()).status).toBe(200)
  })

  it('hangs until the client times out', async () => {
    sim.setFaults({ hangRate: 1 })
    const t0 = performance.now()
    const err = await list({ signal: AbortSignal.timeout(300) }).then(() => 'answered', (e: Error) => e.name)
    expect(err).toBe('TimeoutError')
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290)
    sim.setFaults({ hangRate: 0 })
    expect((await list()).status).toBe(200)
  })

  it('truncates bodies: the full Content-Length is promised, part of it arrives, then the connection drops', async () => {
    sim.setFaults({ truncateRate: 1 })
    const res = await rawGet(`${LIST}?limit=50`)
    expect(res.status).toBe(200)
    expect(res.length).toBeGreaterThan(1000)
    expect(res.received).toBeLessThan(res.length)
    expect(res.aborted).toBe(true)
    // fetch notices too.
    expect(await networkError(list().then(() => undefined))).not.toBe('ok')
  })

  it('loses the response of an applied mutation: the change is there exactly once', async () => {
    sim.setFaults({ lostResponseRate: 1 })
    sim.admin.updatePlan(5, { status: 'waiting' })
    const before = sim.admin.audit({ pk: 5, action: 'update_status' }).length
    const err = await networkError(post(`${sim.url}/api/v1/cancellation_plans/5/update_status/`, sim.token, { status: 'approved' }))
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(err)
    // Reads are not mutations: they are answered normally.
    const plan = await call(`${sim.url}/api/v1/cancellation_plans/5/`, { token: sim.token })
    expect(plan.status).toBe(200)
    expect(plan.json.status).toBe('approved')
    expect(sim.admin.audit({ pk: 5, action: 'update_status' })).toHaveLength(before + 1)
    // A blind retry is refused (already approved), so the client must read back first.
    sim.setFaults({ lostResponseRate: 0 })
    const retry = await post(`${sim.url}/api/v1/cancellation_plans/5/update_status/`, sim.token, { status: 'approved' })
    expect(retry.status).toBe(400)
    expect(sim.admin.audit({ pk: 5, action: 'update_status' })).toHaveLength(before + 1)
  })

  it('does not lose responses of refused mutations (nothing was applied)', async () => {
    sim.setFaults({ lostResponseRate: 1 })
    const res = await post(`${sim.url}/api/v1/cancellation_plans/5/update_status/`, sim.token, { status: 'nonsense' })
    expect(res.status).toBe(400)
  })
})

describe('offline', () => {
  it('refuses connections while offline and serves again on the same URL afterwards', async () => {
    await list()
    await sim.setOffline(true)
    // A pooled keep-alive connection may be noticed dead first (UND_ERR_SOCKET); new ones are refused.
    expect(['ECONNREFUSED', 'UND_ERR_SOCKET', 'ECONNRESET']).toContain(await networkError(list()))
    expect(await networkError(list())).toBe('ECONNREFUSED')
    await sim.setOffline(false)
    expect((await list()).status).toBe(200)
  })

  it('can be switched through setFaults({offline}) and started offline', async () => {
    sim.setFaults({ offline: true })
    await new Promise((r) => setTimeout(r, 50))
    await networkError(list())
    expect(await networkError(list())).toBe('ECONNREFUSED')
    sim.setFaults({ offline: false })
    await new Promise((r) => setTimeout(r, 50))
    expect((await list()).status).toBe(200)

    const off = await startSimulator({ plans: 5, faults: { offline: true } })
    expect(await networkError(call(off.url + LIST, { token: off.token }))).toBe('ECONNREFUSED')
    await off.setOffline(false)
    expect((await call(off.url + LIST, { token: off.token })).status).toBe(200)
    await off.close()
  })
})

describe('control', () => {
  it('rejects rates outside 0..1', () => {
    expect(() => sim.setFaults({ failRate: 1.5 })).toThrow(RangeError)
    expect(() => sim.setFaults({ latencyMs: -1 })).toThrow(RangeError)
  })

  it('applies initial faults from the options', async () => {
    const s = await startSimulator({ plans: 5, faults: { failRate: 1 } })
    expect((await call(s.url + LIST, { token: s.token })).status).toBeGreaterThanOrEqual(500)
    await s.close()
  })

  it('closing with requests still waiting out their latency prints nothing and answers none', async () => {
    const consoleError = vi.spyOn(console, 'error')
    try {
      const s = await startSimulator({ plans: 5, faults: { latencyMs: 300 } })
      // node:http rather than fetch: undici's handling of a reset varies with its pool's history.
      const pending = [1, 2, 3].map(() => new Promise<string>((resolve) => {
        request(s.url + LIST, { headers: { Authorization: `Token ${s.token}` }, agent: false }, (res) => resolve(`answered ${res.statusCode}`))
          .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
          .end()
      }))
      await new Promise((r) => setTimeout(r, 100))
      await s.close()
      await new Promise((r) => setTimeout(r, 400))
      expect(consoleError).not.toHaveBeenCalled()
      expect(await Promise.all(pending)).toEqual(['ECONNRESET', 'ECONNRESET', 'ECONNRESET'])
    } finally {
      consoleError.mockRestore()
    }
  })

  it('never applies faults to the admin interface', async () => {
    sim.setFaults({ failRate: 1, resetRate: 0 })
    const res = await call(`${sim.url}/__admin/count/`, { headers: { 'X-Simulator-Secret': sim.adminSecret } })
    expect(res.status).toBe(200)
    expect(res.json.count).toBe(200)
  })
})
