import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CHANNELS, type OutboxSummary } from '../../preload/contract'
import { AppEvents } from '../../main/app/events'
import { dispatch, type Handlers } from '../../main/ipc/dispatch'
import { DownloadShelf } from '../../main/export/destination'
import { contentDisposition, startWebHost, type WebHost } from '../../main/webhost'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Raw HTTP so the test controls Host, Origin and Cookie exactly (fetch would not let it). */
function send(host: WebHost, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((ok, fail) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: opts.method ?? 'GET', headers: { Host: `127.0.0.1:${host.port}`, ...opts.headers } },
      (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, body }))
      },
    )
    req.on('error', fail)
    if (opts.body !== undefined) req.write(opts.body)
    req.end()
  })
}

describe('web host', () => {
  let host: WebHost
  let events: AppEvents
  let cookie: string
  const handlers = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(() => ({ channel: c }))])) as unknown as Handlers

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plandesk-renderer-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>PlanDesk</title>')
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
    writeFileSync(join(dir, '..', 'outside-secret.txt'), 'do not serve')
    events = new AppEvents()
    host = await startWebHost({ dispatch: (c, a) => dispatch(handlers, c, a), events, rendererDir: dir })
    cookie = `plandesk_${host.port}=${host.secret}`
  })
  afterAll(() => host.close())

  const authed = (extra: Record<string, string> = {}) => ({ Cookie: cookie, ...extra })

  it('listens on loopback only, on a random port, with a long random secret in the URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?secret=[A-Za-z0-9_-]{32}$/)
    expect(host.port).toBeGreaterThan(0)
  })

  it('refuses the page without the secret, and with a wrong one', async () => {
    expect((await send(host, '/')).status).toBe(403)
    expect((await send(host, '/?secret=wrong')).status).toBe(403)
    expect((await send(host, '/assets/app.js')).status).toBe(403)
    expect((await send(host, '/', { headers: { Cookie: `plandesk_${host.port}=nope` } })).status).toBe(403)
  })

  it('trades the secret in the URL for an HttpOnly SameSite=Strict cookie and a clean URL', async () => {
    const res = await send(host, `/?secret=${host.secret}`)
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe('/')
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toContain(`plandesk_${host.port}=${host.secret}`)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    const page = await send(host, '/', { headers: authed() })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>PlanDesk</title>')
  })

  it('sends the strict CSP and security headers on every response, refusals included', async () => {
    for (const res of [await send(host, '/', { headers: authed() }), await send(host, '/')]) {
      const csp = String(res.headers['content-security-policy'])
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("connect-src 'self'")
      expect(csp).not.toContain('unsafe')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-frame-options']).toBe('DENY')
    }
  })

  it('refuses a wrong Host header (DNS rebinding)', async () => {
    const res = await send(host, '/', { headers: { ...authed(), Host: `evil.example.com:${host.port}` } })
    expect(res.status).toBe(421)
    const ipc = await send(host, '/ipc/app:info', {
      method: 'POST',
      headers: { ...authed({ 'Content-Type': 'application/json' }), Host: 'attacker.test' },
      body: '',
    })
    expect(ipc.status).toBe(421)
    expect(handlers['app:info']).not.toHaveBeenCalled()
  })

  it('refuses a foreign Origin (CSRF) and cross-site fetches', async () => {
    const res = await send(host, '/ipc/sync:start', {
      method: 'POST',
      headers: authed({ 'Content-Type': 'application/json', Origin: 'https://evil.example.com' }),
      body: '{}',
    })
    expect(res.status).toBe(403)
    const other = await send(host, '/ipc/sync:start', {
      method: 'POST',
      headers: authed({ 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:1' }),
      body: '{}',
    })
    expect(other.status).toBe(403)
    const site = await send(host, '/', { headers: authed({ 'Sec-Fetch-Site': 'cross-site' }) })
    expect(site.status).toBe(403)
    expect(handlers['sync:start']).not.toHaveBeenCalled()
  })

  it('runs IPC calls from its own origin and returns the envelope', async () => {
    const res = await send(host, '/ipc/plans:get', {
      method: 'POST',
      headers: authed({ 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${host.port}` }),
      body: JSON.stringify({ pk: 12 }),
    })
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: { channel: 'plans:get' } })
    expect(handlers['plans:get']).toHaveBeenCalledWith({ pk: 12 })
  })

  it('accepts the secret as a header for tools', async () => {
    const res = await send(host, '/ipc/app:info', {
      method: 'POST',
      headers: { 'X-PlanDesk-Secret': host.secret, 'Content-Type': 'application/json' },
      body: '',
    })
    expect(JSON.parse(res.body).ok).toBe(true)
  })

  it('validates IPC arguments before the handler runs', async () => {
    const spy = handlers['plans:search'] as unknown as ReturnType<typeof vi.fn>
    spy.mockClear()
    const res = await send(host, '/ipc/plans:search', {
      method: 'POST',
      headers: authed({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ limit: -5, evil: true }),
    })
    const env = JSON.parse(res.body)
    expect(env.ok).toBe(false)
    expect(env.error.code).toBe('validation')
    expect(spy).not.toHaveBeenCalled()
  })

  it('refuses non-JSON IPC calls, bad JSON, GET and unknown channels', async () => {
    const plain = await send(host, '/ipc/app:info', { method: 'POST', headers: authed({ 'Content-Type': 'text/plain' }), body: '' })
    expect(plain.status).toBe(415)
    const bad = await send(host, '/ipc/app:info', { method: 'POST', headers: authed({ 'Content-Type': 'application/json' }), body: '{oops' })
    expect(bad.status).toBe(400)
    expect((await send(host, '/ipc/app:info', { headers: authed() })).status).toBe(405)
    const unknown = await send(host, '/ipc/fs:read', { method: 'POST', headers: authed({ 'Content-Type': 'application/json' }), body: '' })
    expect(JSON.parse(unknown.body).error.code).toBe('validation')
  })

  it('never serves files outside the renderer folder', async () => {
    const res = await send(host, '/..%2Foutside-secret.txt', { headers: authed() })
    expect([403, 404]).toContain(res.status)
    expect(res.body).not.toContain('do not serve')
    const res2 = await send(host, '/assets/../../outside-secret.txt', { headers: authed() })
    expect(res2.body).not.toContain('do not serve')
  })

  it('refuses an IPC body over 1 MiB without running the handler', async () => {
    const spy = handlers['settings:update'] as unknown as ReturnType<typeof vi.fn>
    spy.mockClear()
    const res = await send(host, '/ipc/settings:update', {
      method: 'POST',
      headers: authed({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ serverUrl: 'x'.repeat(1024 * 1024 + 10) }),
    })
    expect(res.status).toBe(413)
    expect(JSON.parse(res.body).error.message).toMatch(/too large/)
    expect(spy).not.toHaveBeenCalled()
  })

  it('answers malformed %-sequences with 400 / a validation envelope, never a 500', async () => {
    expect((await send(host, '/%E0%A4%A', { headers: authed() })).status).toBe(400)
    const ipc = await send(host, '/ipc/%E0%A4%A', { method: 'POST', headers: authed({ 'Content-Type': 'application/json' }), body: '' })
    expect(JSON.parse(ipc.body).error.code).toBe('validation')
  })

  it('streams push events as server-sent events', async () => {
    const summary: OutboxSummary = {
      counts: { pending: 3, sending: 0, applied: 0, failed: 0, conflict: 0, needs_checking: 0, discarded: 0 },
      open: 3,
      oldestOpenAt: '2026-01-01T00:00:00.000Z',
      waitingForOthers: 0,
      paused: null,
      tokenAccount: null,
      nextTryAt: null,
      waitingBecause: null,
    }
    const received = await new Promise<string>((ok, fail) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: '/events', headers: { Host: `127.0.0.1:${host.port}`, Cookie: cookie } },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream')
          let buf = ''
          res.on('data', (c) => {
            buf += c
            if (buf.includes('connected')) events.emit('outbox:changed', summary)
            if (buf.includes('outbox:changed')) {
              req.destroy()
              ok(buf)
            }
          })
        },
      )
      req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : fail(e)))
      req.end()
    })
    expect(received).toContain(`event: outbox:changed\ndata: ${JSON.stringify(summary)}`)
  })
})

describe('web host: export downloads', () => {
  let host: WebHost
  const shelf = new DownloadShelf()
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plandesk-renderer-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>PlanDesk</title>')
    host = await startWebHost({ dispatch: () => Promise.resolve({ ok: true, value: null }), events: new AppEvents(), rendererDir: dir, downloads: shelf })
  })
  afterAll(async () => {
    await host.close()
    shelf.close()
  })

  it('hands a finished export out once, as an attachment with its type, only with the secret', async () => {
    const target = await shelf.open('plandesk-plans-2026-11-29.csv', 'csv')
    writeFileSync(target.path, '\ufeffPlan\r\n1\r\n')
    const { url } = target.finish(1)
    expect((await send(host, url!)).status).toBe(403)
    const res = await send(host, url!, { headers: { 'X-PlanDesk-Secret': host.secret } })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="plandesk-plans-2026-11-29.csv"; filename*=UTF-8''plandesk-plans-2026-11-29.csv`)
    expect(res.body).toBe('\ufeffPlan\r\n1\r\n')
    const again = await send(host, url!, { headers: { 'X-PlanDesk-Secret': host.secret } })
    expect(again.status).toBe(404)
    expect((await send(host, '/download/bad%2F..%2Ftoken', { headers: { 'X-PlanDesk-Secret': host.secret } })).status).toBe(404)
  })

  it('names a file with non-ASCII letters safely in both forms', () => {
    expect(contentDisposition('planlar-ışık "1".xlsx')).toBe(`attachment; filename="planlar-___k _1_.xlsx"; filename*=UTF-8''planlar-%C4%B1%C5%9F%C4%B1k%20%221%22.xlsx`)
  })
})
