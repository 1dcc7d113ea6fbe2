import { STATUS_CODES } from 'node:http'

/**
 * Typed errors of the Omnitron client. `kind` uses the contract's ErrorCode values so IPC can
 * pass it through unchanged. Messages are for people and never contain the token.
 */
export type OmnitronErrorKind =
  | 'validation'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'server'
  | 'network'
  | 'timeout'
  | 'malformed_response'

export interface OmnitronErrorInit {
  status?: number
  fields?: Record<string, string[]>
  code?: string
  retryAfterMs?: number
  cause?: unknown
}

export class OmnitronError extends Error {
  override readonly name = 'OmnitronError'
  readonly kind: OmnitronErrorKind
  readonly status?: number
  /** Field name → messages; `non_field_errors` for messages about the whole request. */
  readonly fields?: Record<string, string[]>
  /** The server's error code (`code` in the body), when it sent one. */
  readonly code?: string
  /** From Retry-After (seconds or an HTTP date), when the server sent it. */
  readonly retryAfterMs?: number

  constructor(kind: OmnitronErrorKind, message: string, init: OmnitronErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause })
    this.kind = kind
    if (init.status !== undefined) this.status = init.status
    if (init.fields !== undefined) this.fields = init.fields
    if (init.code !== undefined) this.code = init.code
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs
  }

  /** Whether retrying later may succeed (docs/design-rules.md §3.4). */
  get retryable(): boolean {
    return this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout'
  }
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const at = Date.parse(v)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

/** The server's words go into messages people read: a hostile server must not fill the screen. */
export const MAX_SERVER_TEXT = 500

function clip(text: string): string {
  return text.length > MAX_SERVER_TEXT ? `${text.slice(0, MAX_SERVER_TEXT - 1)}…` : text
}

function stringList(v: unknown): string[] | null {
  if (typeof v === 'string') return [clip(v)]
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return (v as string[]).map(clip)
  return null
}

/**
 * Reads the three documented error body shapes: `{<field>: [msg], code}`,
 * `{non_field_errors: [msg], code}` and `{detail: msg, code}`.
 */
export function readErrorBody(body: unknown): {
  detail?: string
  code?: string
  fields?: Record<string, string[]>
} {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {}
  const out: { detail?: string; code?: string; fields?: Record<string, string[]> } = {}
  const fields: Record<string, string[]> = {}
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'code') {
      if (typeof value === 'string') out.code = value
      continue
    }
    if (key === 'detail') {
      if (typeof value === 'string') out.detail = clip(value)
      continue
    }
    const list = stringList(value)
    if (list) fields[key] = list
  }
  if (Object.keys(fields).length > 0) out.fields = fields
  return out
}

/** One line for people: the detail, else the field messages, else a generic sentence. */
export function summarizeFields(fields: Record<string, string[]> | undefined): string | null {
  if (!fields) return null
  const parts = Object.entries(fields).map(([k, msgs]) =>
    k === 'non_field_errors' ? msgs.join(' ') : `${k}: ${msgs.join(' ')}`,
  )
  return parts.length > 0 ? parts.join('; ') : null
}

/** Which request an answer was for, and what its body looked like (client.ts). */
export interface ResponseContext {
  /** "GET /api/v1/cancellation_plans/?page=37" (client.ts requestLabel: never the token or filters). */
  request?: string
  /** The body was an HTML page (a proxy's or Django's error page), not the API's JSON. */
  html?: boolean
}

/** Maps an HTTP error status and body to a typed error. */
export function errorFromResponse(
  status: number,
  body: unknown,
  retryAfter: string | null,
  what: string,
  context: ResponseContext = {},
): OmnitronError {
  const { detail, code, fields } = readErrorBody(body)
  const retryAfterMs = parseRetryAfter(retryAfter)
  const base = { status, ...(code ? { code } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }
  if (status === 400) {
    const msg = detail ?? summarizeFields(fields) ?? 'The server refused the request as invalid.'
    return new OmnitronError('validation', msg, { ...base, fields: fields ?? (detail ? { non_field_errors: [detail] } : {}) })
  }
  // 401: the sign-in itself is no longer accepted. 403: signed in, but not allowed to do THIS
  // (DRF's permission denied), which signing in again does not change.
  if (status === 401) return new OmnitronError('auth', detail ?? 'The server did not accept the sign-in; sign in again.', base)
  if (status === 403) return new OmnitronError('forbidden', detail ?? `${what}: the server does not allow this for your account.`, base)
  if (status === 404 || status === 410) return new OmnitronError('not_found', detail ?? `${what} was not found on the server.`, base)
  if (status >= 500 || status === 408 || status === 429) {
    // "The server failed (HTTP n)" begins every such message: the app's translations key on it.
    if (context.request === undefined) return new OmnitronError('server', `The server failed (HTTP ${status})${detail ? `: ${detail}` : ''}.`, base)
    const why = (detail ?? STATUS_CODES[status] ?? 'an error').replace(/\.$/, '')
    const page = context.html && detail === undefined ? ' (an HTML error page: a proxy or gateway in front of the server may have answered)' : ''
    return new OmnitronError('server', `The server failed (HTTP ${status}) answering ${context.request}: ${why}${page}.`, base)
  }
  // Any other 4xx (405, 409, 422, ...) is a refusal that sending again will not change.
  const msg = detail ?? summarizeFields(fields) ?? `The server refused the request (HTTP ${status}).`
  return new OmnitronError('validation', msg, { ...base, fields: fields ?? { non_field_errors: [msg] } })
}
