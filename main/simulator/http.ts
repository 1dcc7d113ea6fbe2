/**
 * Small node:http helpers: JSON responses in Django REST framework's error shapes and a request
 * body reader that never throws past the route (malformed input is a 400, not a crash).
 */
import type { IncomingMessage } from 'node:http'
import { BodyTooLargeError, readBody } from '../security/read-body'

export const MAX_BODY_BYTES = 1_000_000

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`)
  }
}

export const notFound = (): HttpError => new HttpError(404, { detail: 'Not found.', code: 'not_found' })

export const fieldError = (field: string, message: string, code = 'invalid'): HttpError =>
  new HttpError(400, { [field]: [message], code })

export const nonFieldError = (message: string, code = 'invalid'): HttpError =>
  new HttpError(400, { non_field_errors: [message], code })

export function jsonBody(value: unknown): Buffer {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8')
}

export const JSON_HEADERS = {
  'Content-Type': 'application/json',
  Vary: 'Accept, Accept-Language, Authorization',
  'X-Content-Type-Options': 'nosniff',
} as const

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  try {
    return await readBody(req, MAX_BODY_BYTES)
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new HttpError(400, { detail: 'Request body is too large.', code: 'parse_error' })
    throw err
  }
}

/**
 * Reads a JSON object body like DRF's JSONParser: a wrong Content-Type, malformed JSON and a body
 * that is not an object are 400s with {detail, code} / {non_field_errors, code}. With `optional`,
 * an empty body reads as {} whatever its Content-Type.
 */
export async function readJsonObject(req: IncomingMessage, opts: { optional?: boolean } = {}): Promise<Record<string, unknown>> {
  const raw = await readRaw(req)
  if (opts.optional && raw.length === 0) return {}
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/json') {
    throw new HttpError(400, {
      detail: `Unsupported media type "${type || 'none'}" in request.`,
      code: 'unsupported_media_type',
    })
  }
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch (err) {
    throw new HttpError(400, {
      detail: `JSON parse error - ${err instanceof Error ? err.message : String(err)}`,
      code: 'parse_error',
    })
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value
    throw nonFieldError(`Invalid data. Expected a dictionary, but got ${got}.`)
  }
  return value as Record<string, unknown>
}

/** True for 127.0.0.0/8 and ::1 (also as IPv4-mapped IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false
  const a = address.replace(/^::ffff:/, '')
  return a === '::1' || a.startsWith('127.')
}
