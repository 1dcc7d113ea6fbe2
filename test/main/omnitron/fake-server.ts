/**
 * A tiny node:http server for client tests that need responses the simulator never sends
 * (malformed bodies, bogus pagination, hangs). Not a test file itself.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => void | Promise<void>

export interface FakeServer {
  url: string
  requests: Array<{ method: string; url: URL; headers: IncomingMessage['headers']; body: string }>
  close(): Promise<void>
}

export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  const requests: FakeServer['requests'] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      requests.push({ method: req.method ?? 'GET', url, headers: req.headers, body })
      Promise.resolve(handler(req, res, url, body)).catch((e) => {
        res.statusCode = 599
        res.end(String(e))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

/**
 * A list endpoint over `plans` with page/limit, count and next — each behaviour overridable
 * per page, for bogus-pagination tests.
 */
export function listHandler(
  plans: () => Array<Record<string, unknown>>,
  tweak: (page: number, body: { count: unknown; next: string | null; previous: string | null; results: unknown[] }, url: URL) => unknown = (_p, b) => b,
): Handler {
  return (req, res, url) => {
    if (url.pathname === '/api/v1/cancellation_plans/cancellation_plan_statuses/') {
      return json(res, 200, { cancellation_plan_statuses: { waiting: 'Waiting', completed: 'Completed' } })
    }
    if (url.pathname !== '/api/v1/cancellation_plans/') return json(res, 404, { detail: 'Not found.' })
    const page = Number(url.searchParams.get('page') ?? '1')
    const limit = Number(url.searchParams.get('limit') ?? '10')
    let all = plans()
    const pkIn = url.searchParams.get('pk__in')
    if (pkIn) {
      const wanted = new Set(pkIn.split(',').map(Number))
      all = all.filter((p) => wanted.has(p.pk as number))
    }
    const gte = url.searchParams.get('modified_date__gte')
    if (gte) all = all.filter((p) => typeof p.modified_date !== 'string' || p.modified_date >= gte)
    const start = (page - 1) * limit
    if (page > 1 && start >= all.length) return json(res, 404, { detail: 'Invalid page.' })
    const results = all.slice(start, start + limit)
    const next = start + limit < all.length ? `http://${req.headers.host}/api/v1/cancellation_plans/?page=${page + 1}&limit=${limit}` : null
    const body = tweak(page, { count: all.length, next, previous: null, results }, url)
    return json(res, 200, body, { Date: new Date().toUTCString() })
  }
}
