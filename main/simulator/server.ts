/**
 * The node:http server: routing, authentication, fault injection and the offline switch.
 * Bound to loopback only. Faults apply to the API, never to the admin interface.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { TokenAuth } from './auth'
import { FAILURE_BODIES, type FaultController } from './faults'
import { HttpError, JSON_HEADERS, jsonBody } from './http'
import type { Actor, SimState } from './state'
import type { Reply, RouteContext } from './routes/context'
import { login } from './routes/login'
import { list } from './routes/list'
import { detail } from './routes/detail'
import { statuses } from './routes/statuses'
import { createPaymentPlan, updateStatus } from './routes/mutations'
import { handleAdmin, type AdminControls } from './admin-http'
import type { SimulatorAdmin } from './types'

const API = '/api/v1/'

export interface ServerDeps {
  state: SimState
  auth: TokenAuth
  faults: FaultController
  admin: SimulatorAdmin
  adminSecret: string
  /** Lets the admin interface reach the simulator's controls (faults, tokens, offline). */
  controls: AdminControls
}

type Handler = (ctx: RouteContext) => Promise<Reply> | Reply

function methodNotAllowed(method: string, allowed: string): HttpError {
  return new HttpError(405, { detail: `Method "${method}" not allowed.`, code: 'method_not_allowed' }, { Allow: allowed })
}

/** Finds the handler for an API path; unknown paths are 404 before authentication, like Django's URL resolver. */
function route(method: string, path: string): Handler | null {
  const rel = path.slice(API.length).replace(/\/?$/, '/')
  const one = (allowed: 'GET' | 'POST', h: Handler): Handler =>
    method === allowed || (allowed === 'GET' && method === 'HEAD') ? h : () => { throw methodNotAllowed(method, `${allowed}, OPTIONS`) }
  if (rel === 'auth/login/') return one('POST', login)
  const authed = (h: (ctx: RouteContext, actor: Actor) => Promise<Reply> | Reply): Handler =>
    (ctx) => h(ctx, ctx.auth.authenticate(ctx.req))
  if (rel === 'cancellation_plans/') return one('GET', authed((ctx) => list(ctx)))
  if (rel === 'cancellation_plans/cancellation_plan_statuses/') return one('GET', authed((ctx) => statuses(ctx)))
  let m = /^cancellation_plans\/([^/]+)\/$/.exec(rel)
  if (m) { const id = m[1]; return one('GET', authed((ctx) => detail(ctx, id))) }
  m = /^cancellation_plans\/([^/]+)\/update_status\/$/.exec(rel)
  if (m) { const id = m[1]; return one('POST', authed((ctx, actor) => updateStatus(ctx, id, actor))) }
  m = /^cancellation_plans\/([^/]+)\/create_payment_plan\/$/.exec(rel)
  if (m) { const id = m[1]; return one('POST', authed((ctx, actor) => createPaymentPlan(ctx, id, actor))) }
  return null
}

function errorReply(err: unknown): Reply {
  if (err instanceof HttpError) {
    return { status: err.status, headers: { ...JSON_HEADERS, ...err.headers }, body: jsonBody(err.body) }
  }
  // A bug in the simulator: answer like Django does in production, and say what happened on stderr.
  console.error('[simulator] internal error:', err)
  const f = FAILURE_BODIES[500]
  return { status: 500, headers: { 'Content-Type': f.type }, body: Buffer.from(f.body) }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export class SimServer {
  readonly http: Server
  private readonly sockets = new Set<Socket>()
  private port = 0
  private listening = false

  constructor(
    private readonly deps: ServerDeps,
    private readonly host: string,
  ) {
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        console.error('[simulator] request failed:', err)
        if (!res.headersSent) res.destroy()
      })
    })
    // Keep-alive sockets are tracked so "offline" and close() can cut them like a dead network.
    this.http.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    this.http.keepAliveTimeout = 5_000
  }

  get boundPort(): number {
    return this.port
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err)
      this.http.once('error', onError)
      this.http.listen(port, this.host, () => {
        this.http.off('error', onError)
        resolve()
      })
    })
    const address = this.http.address()
    this.port = typeof address === 'object' && address ? address.port : port
    this.listening = true
  }

  /** Stops accepting connections and cuts the open ones: clients see refused connections. */
  async stop(): Promise<void> {
    if (!this.listening) return
    this.listening = false
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()))
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
    await closed
  }

  /** Back online on the same port. */
  async resume(): Promise<void> {
    if (this.listening) return
    await this.listen(this.port)
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const origin = `http://${req.headers.host ?? `${this.host}:${this.port}`}`
    if (url.pathname.startsWith('/__admin/')) {
      const reply = await handleAdmin(req, url, this.deps).catch(errorReply)
      this.send(res, reply, false)
      return
    }

    const { faults } = this.deps
    if (req.method !== 'GET' && req.method !== 'HEAD') await faults.held()
    const delay = faults.delayMs()
    if (delay > 0) await sleep(delay)
    // Cut while waiting (offline, or the simulator closed and its database with it): nobody to answer.
    if (req.socket.destroyed) return
    const fate = faults.fate()
    if (fate.kind === 'reset') {
      req.socket.destroy()
      return
    }
    if (fate.kind === 'hang') {
      // Never answered; the socket stays open until the client gives up or the simulator closes.
      req.resume()
      return
    }
    if (fate.kind === 'fail') {
      req.resume()
      const f = FAILURE_BODIES[fate.status]
      this.send(res, { status: fate.status, headers: { 'Content-Type': f.type, ...(f.headers ?? {}) }, body: Buffer.from(f.body) }, false)
      return
    }

    let reply: Reply
    if (!url.pathname.startsWith(API)) {
      reply = errorReply(new HttpError(404, { detail: 'Not found.', code: 'not_found' }))
    } else {
      const handler = route(req.method ?? 'GET', url.pathname)
      const ctx: RouteContext = { req, url, state: this.deps.state, auth: this.deps.auth, origin }
      try {
        reply = handler ? await handler(ctx) : errorReply(new HttpError(404, { detail: 'Not found.', code: 'not_found' }))
      } catch (err) {
        // A request cut mid-way (client gone, offline, closed) is no simulator bug to report.
        if (req.socket.destroyed) return
        reply = errorReply(err)
      }
    }
    if (reply.mutation && faults.loseResponse()) {
      // The change is committed; the client never learns it.
      req.socket.destroy()
      return
    }
    this.send(res, reply, fate.truncate, req.method === 'HEAD')
  }

  private send(res: ServerResponse, reply: Reply, truncate: boolean, head = false): void {
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': reply.body.length })
    if (head) {
      res.end()
      return
    }
    if (truncate) {
      // Promise the full length, deliver part of it, then cut the connection.
      const socket = res.socket
      res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)), () => socket?.destroy())
      return
    }
    res.end(reply.body)
  }
}
