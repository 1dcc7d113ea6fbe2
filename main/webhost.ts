/**
 * The web host: the built renderer and the same IPC handlers over loopback HTTP, so PlanDesk
 * runs in a browser where Electron cannot (machines without its binary, the e2e tests).
 *
 * - Binds 127.0.0.1 only, on a random port by default.
 * - Every request carries a per-launch random secret: the printed URL hands it over once
 *   (`/?secret=…`), the host answers with an HttpOnly SameSite=Strict cookie and redirects to a
 *   clean URL; later requests carry the cookie (or an X-PlanDesk-Secret header, for tools).
 * - A Host header that is not this loopback address is refused (DNS rebinding); an Origin
 *   header from any other origin is refused (CSRF); IPC calls must be JSON (so a foreign page
 *   would need a CORS preflight, which is never granted).
 * - The same CSP and security headers as the Electron window.
 *
 * Routes: GET / and static files; POST /ipc/<channel> → Envelope; GET /events → server-sent events;
 * GET /download/<token> → a finished export, once (plans:export answers with its URL).
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve } from 'node:path'
import type { Envelope } from '../preload/contract'
import type { AppEvents } from './app/events'
import type { DownloadShelf } from './export/destination'
import { EXPORT_CONTENT_TYPES } from './export/plans-file'
import { createLogger, registerSecret } from './log'
import { contentSecurityPolicy, SECURITY_HEADERS } from './security/csp'
import { BodyTooLargeError, readBody } from './security/read-body'
import { sameSecret } from './security/secret'
import { contentType, resolveStaticPath } from './security/static-files'

const log = createLogger('webhost')

export interface WebHostOptions {
  dispatch: (channel: string, arg: unknown) => Promise<Envelope<unknown>>
  events: AppEvents
  /** Folder with the built renderer (out/renderer). */
  rendererDir: string
  port?: number
  /** Fixed secret (tests); a random one per launch otherwise. */
  secret?: string
  /** Finished exports the browser downloads (the same shelf the services' exporter writes to). */
  downloads?: DownloadShelf
}

export interface WebHost {
  /** The URL to open, carrying the secret. */
  readonly url: string
  readonly origin: string
  readonly port: number
  readonly secret: string
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const MAX_BODY = 1024 * 1024

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const secret = opts.secret ?? randomBytes(24).toString('base64url')
  registerSecret(secret)
  const root = resolve(opts.rendererDir)
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`The renderer is not built (no ${join(root, 'index.html')}); run \`npm run build\` first.`)
  }
  const routes = new Routes(opts, secret, root)
  const csp = contentSecurityPolicy()
  const server: Server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v)
    res.setHeader('Content-Security-Policy', csp)
    routes.handle(req, res).catch((err) => {
      log.error('Request failed:', err)
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error')
      else res.destroy()
    })
  })
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(opts.port ?? 0, HOST, () => ok())
  })
  const port = (server.address() as AddressInfo).port
  routes.listening(port)
  const originUrl = `http://${HOST}:${port}`
  log.info(`Web host listening on ${originUrl}`)

  return {
    url: `${originUrl}/?secret=${secret}`,
    origin: originUrl,
    port,
    secret,
    close: () =>
      new Promise<void>((ok) => {
        routes.endEvents()
        server.closeAllConnections?.()
        server.close(() => ok())
      }),
  }
}

/** What the host answers: the gate every request passes (host, origin, secret), then each route. */
class Routes {
  private port = 0
  private cookieName = ''
  private readonly sseClients = new Set<ServerResponse>()

  constructor(
    private readonly opts: WebHostOptions,
    private readonly secret: string,
    /** Folder with the built renderer. */
    private readonly root: string,
  ) {}

  /** The port is known once the server listens; the secret's cookie is named after it. */
  listening(port: number): void {
    this.port = port
    this.cookieName = `plandesk_${port}`
  }

  endEvents(): void {
    for (const c of this.sseClients) c.end()
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = this.refusal(req)
    if (refusal) return send(res, refusal.status, 'text/plain; charset=utf-8', refusal.text)
    const url = new URL(req.url ?? '/', `http://${HOST}:${this.port}`)

    // Bootstrap: the printed URL carries the secret once; trade it for a cookie and a clean URL.
    const offered = url.searchParams.get('secret')
    if (req.method === 'GET' && offered !== null) {
      if (!sameSecret(offered, this.secret)) return refuseSecret(res)
      res.setHeader('Set-Cookie', `${this.cookieName}=${this.secret}; HttpOnly; SameSite=Strict; Path=/`)
      url.searchParams.delete('secret')
      res.setHeader('Location', url.pathname + (url.search || ''))
      return send(res, 303, 'text/plain; charset=utf-8', 'See other')
    }
    if (!this.hasSecret(req)) return refuseSecret(res)

    if (url.pathname.startsWith('/ipc/')) return this.ipc(req, res, safeDecode(url.pathname.slice(5)) ?? '')
    if (url.pathname === '/events') return this.events(req, res)
    if (url.pathname.startsWith('/download/')) return this.download(req, res, url.pathname.slice(10))
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed')
    }
    return this.serveStatic(url.pathname, res)
  }

  /** A request from anywhere but this loopback address's own pages: DNS rebinding (Host) and cross-site requests (Origin, Sec-Fetch-Site). */
  private refusal(req: IncomingMessage): { status: number; text: string } | null {
    const hosts = new Set([`${HOST}:${this.port}`, `localhost:${this.port}`])
    if (!hosts.has(req.headers.host ?? '')) return { status: 421, text: 'Refused: this address only answers to its own host name.' }
    const origins = new Set([`http://${HOST}:${this.port}`, `http://localhost:${this.port}`])
    const origin = req.headers.origin
    if ((origin !== undefined && !origins.has(origin)) || req.headers['sec-fetch-site'] === 'cross-site') {
      return { status: 403, text: 'Refused: requests from other sites are not allowed.' }
    }
    return null
  }

  private hasSecret(req: IncomingMessage): boolean {
    const header = req.headers['x-plandesk-secret']
    if (typeof header === 'string') return sameSecret(header, this.secret)
    const fromCookie = parseCookies(req.headers.cookie).get(this.cookieName)
    return fromCookie !== undefined && sameSecret(fromCookie, this.secret)
  }

  private async ipc(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Use POST')
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
    if (type !== 'application/json') {
      return sendJson(res, 415, { ok: false, error: { code: 'validation', message: 'IPC calls must be JSON.' } })
    }
    let body: string
    try {
      body = (await readBody(req, MAX_BODY)).toString('utf8')
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err
      return sendJson(res, 413, { ok: false, error: { code: 'validation', message: err.message } })
    }
    let arg: unknown = undefined
    if (body.trim() !== '') {
      try {
        arg = JSON.parse(body)
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'validation', message: 'The request body is not valid JSON.' } })
      }
    }
    sendJson(res, 200, await this.opts.dispatch(channel, arg))
  }

  private events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    })
    res.write(': connected\n\n')
    this.sseClients.add(res)
    const unsubscribe = this.opts.events.onAny((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000)
    req.on('close', () => {
      clearInterval(heartbeat)
      unsubscribe()
      this.sseClients.delete(res)
    })
  }

  /** A finished export as an attachment: the file main wrote, byte for byte, handed out once. */
  private download(req: IncomingMessage, res: ServerResponse, token: string): void {
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Use GET')
    const shelf = this.opts.downloads
    const file = /^[A-Za-z0-9_-]{1,64}$/.test(token) ? (shelf?.take(token) ?? null) : null
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'This export is no longer available; export again.')
    res.writeHead(200, {
      'Content-Type': EXPORT_CONTENT_TYPES[file.format],
      'Content-Length': String(file.size),
      'Content-Disposition': contentDisposition(file.fileName),
      'Cache-Control': 'no-store',
    })
    const stream = createReadStream(file.path)
    stream.on('error', () => res.destroy())
    res.on('close', () => shelf?.drop(token))
    stream.pipe(res)
  }

  private serveStatic(pathname: string, res: ServerResponse): void {
    const target = resolveStaticPath(this.root, pathname)
    if (!target.ok) return send(res, target.status, 'text/plain; charset=utf-8', target.status === 400 ? 'Bad path' : 'Forbidden')
    let file = target.file
    if (!existsSync(file) || statSync(file).isDirectory()) {
      // History-mode routes fall back to the app; missing assets are a plain 404.
      if (extname(target.rel)) return send(res, 404, 'text/plain; charset=utf-8', 'Not found')
      file = join(this.root, 'index.html')
    }
    res.writeHead(200, {
      'Content-Type': contentType(file),
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    })
    createReadStream(file).pipe(res)
  }
}

function refuseSecret(res: ServerResponse): void {
  send(res, 403, 'text/plain; charset=utf-8', 'Refused: open PlanDesk with the full link it printed at start-up (it carries a one-time secret).')
}

/** decodeURIComponent that answers null for a malformed %-sequence instead of throwing. */
function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' })
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value))
}

/** attachment; filename="plans.csv" (ASCII fallback) and filename*= (RFC 6266, UTF-8). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim())
  }
  return out
}
