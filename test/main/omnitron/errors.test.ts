import { describe, expect, it } from 'vitest'
import { OmnitronError, errorFromResponse, parseRetryAfter, readErrorBody } from '../../../main/omnitron/errors'

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, ignores junk', () => {
    expect(parseRetryAfter('7')).toBe(7000)
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(null)).toBeUndefined()
  })
})

describe('readErrorBody', () => {
  it('reads field, non-field and detail shapes', () => {
    expect(readErrorBody({ status: ['Not a valid choice.'], code: 'invalid' })).toEqual({
      code: 'invalid',
      fields: { status: ['Not a valid choice.'] },
    })
    expect(readErrorBody({ non_field_errors: ['Plan is completed.'], code: 'x' }).fields).toEqual({
      non_field_errors: ['Plan is completed.'],
    })
    expect(readErrorBody({ detail: 'Nope', code: 'y' })).toEqual({ detail: 'Nope', code: 'y' })
    expect(readErrorBody('html')).toEqual({})
  })
})

describe('errorFromResponse', () => {
  it('maps statuses to kinds with status, fields, code and retry-after', () => {
    const v = errorFromResponse(400, { status: ['Bad.'], code: 'invalid' }, null, 'Plan 1')
    expect(v).toBeInstanceOf(OmnitronError)
    expect(v).toMatchObject({ kind: 'validation', status: 400, code: 'invalid', fields: { status: ['Bad.'] } })
    expect(v.message).toContain('status: Bad.')
    expect(errorFromResponse(401, { detail: 'Invalid token.' }, null, 'x')).toMatchObject({ kind: 'auth', status: 401 })
    expect(errorFromResponse(404, null, null, 'Plan 9')).toMatchObject({ kind: 'not_found', message: 'Plan 9 was not found on the server.' })
    const s = errorFromResponse(503, null, '3', 'x')
    expect(s).toMatchObject({ kind: 'server', status: 503, retryAfterMs: 3000 })
    expect(s.retryable).toBe(true)
    expect(v.retryable).toBe(false)
  })

  it('turns a detail-only 400 into a non-field message', () => {
    expect(errorFromResponse(400, { detail: 'Not allowed.' }, null, 'x').fields).toEqual({ non_field_errors: ['Not allowed.'] })
  })
})

describe('errorFromResponse: what each status means for a retry', () => {
  it('401 is a sign-in problem, 403 a refusal for this account, 404/410 gone, 408/429/5xx transient, other 4xx a refusal', () => {
    const kind = (status: number, body: unknown = null) => errorFromResponse(status, body, null, 'Plan 7').kind
    expect(kind(401)).toBe('auth')
    expect(kind(403, { detail: 'You do not have permission to perform this action.' })).toBe('forbidden')
    expect(errorFromResponse(403, { detail: 'You do not have permission to perform this action.' }, null, 'Plan 7').message).toBe('You do not have permission to perform this action.')
    expect(kind(404)).toBe('not_found')
    expect(kind(410)).toBe('not_found')
    expect(kind(408)).toBe('server')
    expect(kind(429)).toBe('server')
    expect(kind(503)).toBe('server')
    const conflict = errorFromResponse(409, { non_field_errors: ['Already being processed.'] }, null, 'Plan 7')
    expect(conflict).toMatchObject({ kind: 'validation', message: 'Already being processed.', fields: { non_field_errors: ['Already being processed.'] } })
    expect(errorFromResponse(405, null, null, 'Plan 7')).toMatchObject({ kind: 'validation', message: 'The server refused the request (HTTP 405).' })
  })
})

describe('errorFromResponse: which request failed', () => {
  it('names the request and the status in words, keeping the "The server failed (HTTP n)" opening the app translates', () => {
    const e = errorFromResponse(502, null, null, 'Page 37 of the plan list', { request: 'GET /api/v1/cancellation_plans/?page=37', html: true })
    expect(e.message).toBe(
      'The server failed (HTTP 502) answering GET /api/v1/cancellation_plans/?page=37: Bad Gateway (an HTML error page: a proxy or gateway in front of the server may have answered).',
    )
    expect(errorFromResponse(504, null, null, 'x', { request: 'GET /a/' }).message).toBe('The server failed (HTTP 504) answering GET /a/: Gateway Timeout.')
    expect(errorFromResponse(503, { detail: 'Maintenance' }, null, 'x', { request: 'GET /a/', html: true }).message).toBe('The server failed (HTTP 503) answering GET /a/: Maintenance.')
    expect(errorFromResponse(599, null, null, 'x', { request: 'GET /a/' }).message).toBe('The server failed (HTTP 599) answering GET /a/: an error.')
  })

  it('cuts the server\'s words short: a hostile server cannot fill the screen', () => {
    const e = errorFromResponse(503, { detail: 'z'.repeat(1_000_000) }, null, 'x', { request: 'GET /a/' })
    expect(e.message.length).toBeLessThan(600)
    expect(e.message).toMatch(/z…\.$/)
    const v = errorFromResponse(400, { status: ['y'.repeat(100_000)] }, null, 'x')
    expect(v.fields!.status[0].length).toBe(500)
  })
})
