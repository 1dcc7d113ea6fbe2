/**
 * Typed client of the Omnitron cancellation-plan API. Knows HTTP and nothing of SQLite.
 *
 * - `Authorization: Token <key>`; the token is never put into an error message or log line.
 * - Two timeouts on one AbortController: until the response headers arrive (connect + server
 *   think time) and for reading the body; a caller's own signal cancels without being
 *   reported as a timeout.
 * - Errors are typed (errors.ts) and name the request that failed ("GET /api/v1/…?page=37":
 *   method, path and page only, never the token or the other query parameters).
 * - Bodies are read with a size cap, a Content-Type check and a nesting guard (body.ts); plan
 *   data is read tolerantly (parse.ts).
 */
import { BodyRefused, MAX_RESPONSE_BYTES, isJsonType, parseGuarded, readCappedBytes } from './body'
import { OmnitronError, errorFromResponse } from './errors'
import type { FetchedPage } from './pagination'
import { type CheckedPlan, type ListPage, type PlanCheckOptions, checkPlan, isRecord, readListPage, readStatuses } from './parse'
import type { CreatePaymentPlanBody, PlanListFilters } from './types'
import { checkServerUrl } from './url'

export interface OmnitronClientOptions {
  baseUrl: string
  token?: string | null
  /** Budget until the response headers arrive; default 15 s. */
  timeoutMs?: number
  /** Budget for reading a response body once headers arrived; default timeoutMs. */
  readTimeoutMs?: number
  language?: 'en' | 'tr'
  /** Bytes read of one answer at the most; default MAX_RESPONSE_BYTES (16 MB). */
  maxResponseBytes?: number
  /** For tests: a fetch implementation (defaults to the global one). */
  fetch?: typeof fetch
}

export interface RequestOptions {
  signal?: AbortSignal
}

export interface ListPageOptions extends RequestOptions {
  /**
   * Reads the answer's bytes elsewhere (a worker thread, with parse.ts readListBody) instead of
   * on this thread; what it throws as a malformed response is worded with the request, like the
   * client's own complaints.
   */
  readBody?: (bytes: Uint8Array, check: PlanCheckOptions) => Promise<ListPage>
}

interface RawResponse {
  status: number
  body: unknown
  headers: Headers
  /** What was asked and how (requestLabel), for messages about the answer. */
  what: string
  label: string
  /** The body's bytes, unread, when the caller asked for them (`raw`); `body` is then null. */
  bytes: Uint8Array | null
  /** Characters of the largest third-level entry of the body's text (body.ts scanText). */
  largestEntry: number
  /** The text of each entry of the body's `results`, as the server wrote it (body.ts parseGuarded). */
  resultTexts: Array<string | undefined> | null
}

const LIST_PATH = '/api/v1/cancellation_plans/'

export class OmnitronClient {
  readonly baseUrl: string
  private token: string | null
  private readonly timeoutMs: number
  private readonly readTimeoutMs: number
  private readonly language: 'en' | 'tr'
  private readonly maxResponseBytes: number
  private readonly fetchImpl: typeof fetch

  constructor(opts: OmnitronClientOptions) {
    this.baseUrl = checkServerUrl(opts.baseUrl)
    this.token = opts.token ?? null
    this.timeoutMs = opts.timeoutMs ?? 15_000
    this.readTimeoutMs = opts.readTimeoutMs ?? this.timeoutMs
    this.language = opts.language ?? 'en'
    this.maxResponseBytes = opts.maxResponseBytes ?? MAX_RESPONSE_BYTES
    this.fetchImpl = opts.fetch ?? fetch
  }

  setToken(token: string | null): void {
    this.token = token
  }

  /** Exchanges credentials for a token, keeps it for later calls and returns it. */
  async login(username: string, password: string, opts: RequestOptions = {}): Promise<string> {
    const res = await this.request('POST', '/api/v1/auth/login/', {
      body: { username, password },
      auth: false,
      what: 'The sign-in endpoint',
      ...opts,
    })
    if (!isRecord(res.body) || typeof res.body.key !== 'string' || res.body.key === '') {
      throw new OmnitronError('malformed_response', 'The server answered the sign-in without a token.')
    }
    this.token = res.body.key
    return res.body.key
  }

  /** One page of the plan list; plans are checked one by one (see parse.ts), here or by `readBody`. */
  async listPage(
    filters: PlanListFilters,
    page: number,
    limit: number,
    opts: ListPageOptions = {},
  ): Promise<FetchedPage> {
    const { readBody, ...request } = opts
    const res = await this.request('GET', LIST_PATH, {
      query: { ...filters, page, limit },
      what: `Page ${page} of the plan list`,
      raw: readBody !== undefined,
      ...request,
    })
    const t = serverClock(res.headers)
    const check = t === null ? {} : { serverNow: t }
    const read =
      readBody && res.bytes
        ? await inShapeAsync(res, () => readBody(res.bytes!, check))
        : inShape(res, () => readListPage(res.body, { ...check, largestEntry: res.largestEntry, texts: res.resultTexts }))
    return { ...read, serverDate: t === null ? null : new Date(t).toISOString() }
  }

  /** The plan as the server sends it; a plan PlanDesk cannot use is a malformed response. */
  async getPlan(pk: number, opts: RequestOptions = {}): Promise<CheckedPlan> {
    const res = await this.request('GET', `${LIST_PATH}${encodeURIComponent(String(pk))}/`, {
      what: `Plan ${pk}`,
      ...opts,
    })
    const t = serverClock(res.headers)
    const checked = checkPlan(res.body, t === null ? {} : { serverNow: t })
    if (!checked.ok) {
      throw new OmnitronError('malformed_response', `The server sent plan ${pk} in an unusable shape: ${checked.rejected.reason} (${res.label}).`)
    }
    return checked.plan
  }

  async statuses(opts: RequestOptions = {}): Promise<Array<{ key: string; label: string }>> {
    const res = await this.request('GET', `${LIST_PATH}cancellation_plan_statuses/`, {
      what: 'The status list',
      ...opts,
    })
    return inShape(res, () => readStatuses(res.body))
  }

  /** The seed never defines the body; PlanDesk sends `{"status": "<CancellationPlanStatus>"}`. */
  async updateStatus(pk: number, status: string, opts: RequestOptions = {}): Promise<{ message: string | null }> {
    const res = await this.request('POST', `${LIST_PATH}${encodeURIComponent(String(pk))}/update_status/`, {
      body: { status },
      what: `Plan ${pk}`,
      ...opts,
    })
    return { message: isRecord(res.body) && typeof res.body.message === 'string' ? res.body.message : null }
  }

  /**
   * The body sent is exactly the seed's CancellationPlanCreatePaymentPlan: each line's
   * transaction_type and order_items, nothing else (the server works the amounts out from the
   * items; a validating proxy refuses any field the seed does not define).
   */
  async createPaymentPlan(
    pk: number,
    body: CreatePaymentPlanBody,
    opts: RequestOptions = {},
  ): Promise<{ message: string | null }> {
    const exact: CreatePaymentPlanBody = {
      payment_plan: body.payment_plan.map((l) => ({ transaction_type: l.transaction_type, order_items: [...l.order_items] })),
    }
    const res = await this.request('POST', `${LIST_PATH}${encodeURIComponent(String(pk))}/create_payment_plan/`, {
      body: exact,
      what: `Plan ${pk}`,
      ...opts,
    })
    return { message: isRecord(res.body) && typeof res.body.message === 'string' ? res.body.message : null }
  }

  /** Builds `?a=1&b=x,y` with arrays comma-separated (Django `__in` lookups). */
  buildUrl(path: string, query?: Record<string, unknown>): string {
    const url = new URL(this.baseUrl + path)
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined || v === null) continue
      url.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v))
    }
    return url.toString()
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    opts: { query?: Record<string, unknown>; body?: unknown; auth?: boolean; what: string; signal?: AbortSignal; raw?: boolean },
  ): Promise<RawResponse> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Accept-Language': this.language,
    }
    if (opts.auth !== false) {
      if (this.token === null) throw new OmnitronError('auth', 'Not signed in: sign in to the server first.')
      headers.Authorization = `Token ${this.token}`
    }
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
    const label = requestLabel(method, path, opts.query)

    const controller = new AbortController()
    let timedOut: 'headers' | 'body' | null = null
    const onCallerAbort = () => controller.abort(opts.signal?.reason)
    if (opts.signal?.aborted) throw abortError(opts.signal.reason)
    opts.signal?.addEventListener('abort', onCallerAbort, { once: true })
    let timer = setTimeout(() => {
      timedOut = 'headers'
      controller.abort()
    }, this.timeoutMs)

    try {
      let response: Response
      const send = () =>
        this.fetchImpl(this.buildUrl(path, opts.query), {
          method,
          headers,
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
          signal: controller.signal,
          redirect: 'manual', // a redirect could carry the token elsewhere; never follow one
        })
      try {
        try {
          response = await send()
        } catch (e) {
          // A kept-alive connection the server closed meanwhile fails before any answer: a
          // read is safe to send once more at once (never a change: its outcome is unknown).
          if (method !== 'GET' || timedOut || opts.signal?.aborted || !isStaleConnection(e)) throw e
          response = await send()
        }
      } catch (e) {
        throw this.transportError(e, timedOut, opts.signal, opts.what, label)
      }
      clearTimeout(timer)
      timer = setTimeout(() => {
        timedOut = 'body'
        controller.abort()
      }, this.readTimeoutMs)
      const contentType = response.headers.get('content-type')
      const ok = response.status >= 200 && response.status < 300
      let body: unknown = null
      let bytes: Uint8Array | null = null
      let parsed = true
      let largestEntry = 0
      let resultTexts: RawResponse['resultTexts'] = null
      try {
        if (ok && !isJsonType(contentType)) throw new BodyRefused({ kind: 'not_json', contentType })
        const read = await readCappedBytes(response, this.maxResponseBytes)
        // A success the caller reads itself; an error answer is always read here (errors.ts words it).
        if (ok && opts.raw) bytes = read
        else ({ value: body, largestEntry, resultTexts } = parseGuarded(read.toString('utf8')))
        parsed = body !== undefined
      } catch (e) {
        if (!(e instanceof BodyRefused)) throw this.transportError(e, timedOut, opts.signal, opts.what, label)
        await response.body?.cancel().catch(() => {})
        // An error answer PlanDesk will not read is still an error answer: its status speaks.
        if (ok) throw new OmnitronError('malformed_response', `${opts.what} (${label}): ${e.message}.`, { status: response.status })
        body = null
        parsed = false
      }
      if (ok) {
        if (!parsed) {
          throw new OmnitronError('malformed_response', `${opts.what} (${label}): the server answered with something that is not JSON.`, {
            status: response.status,
          })
        }
        return { status: response.status, body, bytes, headers: response.headers, what: opts.what, label, largestEntry, resultTexts }
      }
      if (response.status >= 300 && response.status < 400) {
        throw new OmnitronError('server', `${opts.what} (${label}): the server answered with a redirect (HTTP ${response.status}), which PlanDesk does not follow.`, {
          status: response.status,
        })
      }
      throw errorFromResponse(response.status, parsed ? body : null, response.headers.get('retry-after'), opts.what, {
        request: label,
        html: contentType !== null && /^text\/html\b/i.test(contentType),
      })
    } finally {
      clearTimeout(timer)
      opts.signal?.removeEventListener('abort', onCallerAbort)
    }
  }

  private transportError(e: unknown, timedOut: 'headers' | 'body' | null, signal: AbortSignal | undefined, what: string, label: string): Error {
    if (e instanceof OmnitronError) return e
    if (signal?.aborted) return abortError(signal.reason)
    if (timedOut === 'headers') {
      return new OmnitronError('timeout', `${what} (${label}): the server did not answer within ${duration(this.timeoutMs)}.`)
    }
    if (timedOut === 'body') {
      return new OmnitronError('timeout', `${what} (${label}): the server stopped sending its answer (not complete within ${duration(this.readTimeoutMs)}).`)
    }
    const code = errorCode(e)
    const host = new URL(this.baseUrl).host
    const why =
      code === 'ECONNREFUSED'
        ? 'the connection was refused'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? 'the server name could not be resolved'
          : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
            ? 'the connection was cut'
            : code
              ? `the connection failed (${code})`
              : 'the connection failed'
    return new OmnitronError('network', `${what} (${label}): cannot reach ${host}: ${why}.`, { cause: e })
  }
}

/**
 * Which request failed, for messages: method, path and the page number. The path holds no
 * secret (the token travels in a header); other query parameters are left out (long pk lists,
 * the person's filters).
 */
export function requestLabel(method: string, path: string, query?: Record<string, unknown>): string {
  const page = query?.page
  return `${method} ${path}${typeof page === 'number' ? `?page=${page}` : ''}`
}

/** The server's clock from its Date header (ms), or null when it sent none usable. */
function serverClock(headers: Headers): number | null {
  const date = headers.get('date')
  const t = date ? Date.parse(date) : NaN
  return Number.isNaN(t) ? null : t
}

/** Runs a shape check of an answer; its complaint is reworded to name the request. */
function inShape<T>(res: RawResponse, read: () => T): T {
  try {
    return read()
  } catch (e) {
    if (!(e instanceof OmnitronError) || e.kind !== 'malformed_response') throw e
    const said = e.message.charAt(0).toLowerCase() + e.message.slice(1)
    throw new OmnitronError('malformed_response', `${res.what} (${res.label}): ${said}`, { status: res.status })
  }
}

/** inShape for a reading that runs elsewhere (ListPageOptions.readBody). */
async function inShapeAsync<T>(res: RawResponse, read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (e) {
    return inShape(res, () => {
      throw e
    })
  }
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
}

/** What a cancelled request rejects with: the caller's reason, or a standard AbortError. */
function abortError(reason: unknown): Error {
  if (reason instanceof Error) return reason
  const e = new Error('The request was cancelled.')
  e.name = 'AbortError'
  return e
}

/** The socket closed before any response: what a stale kept-alive connection looks like. */
function isStaleConnection(e: unknown): boolean {
  const code = errorCode(e)
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET'
}

function errorCode(e: unknown): string | null {
  let cur: unknown = e
  for (let depth = 0; depth < 4 && cur; depth++) {
    if (isRecord(cur) || cur instanceof Error) {
      const code = (cur as { code?: unknown }).code
      if (typeof code === 'string') return code
      cur = (cur as { cause?: unknown }).cause
    } else break
  }
  return null
}
