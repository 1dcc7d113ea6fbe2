import { describe, expect, it, vi } from 'vitest'
import { CHANNELS } from '../../../preload/contract'
import { dispatch, type Handlers } from '../../../main/ipc/dispatch'
import { AppError } from '../../../main/domain/errors'

function spies(impl?: (c: string) => unknown): Handlers {
  return Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(() => (impl ? impl(c) : c))])) as unknown as Handlers
}

describe('dispatch', () => {
  it('rejects invalid arguments with a validation error and never runs the handler', async () => {
    const h = spies()
    const cases: [string, unknown][] = [
      ['plans:get', { pk: -1 }],
      ['plans:get', { pk: 1, extra: true }],
      ['plans:search', { statuses: ['not-a-status'] }],
      ['plans:search', { limit: 100000 }],
      ['plans:search', { createdFrom: 'yesterday-ish' }],
      // Dates a Date can parse but not move by a day: refused, not an internal error later.
      ['plans:search', { modifiedTo: '+275760-09-13T00:00:00Z' }],
      ['plans:search', { createdFrom: '-271821-04-20T00:00:00Z' }],
      ['plans:search', { createdTo: '+010000-01-01T00:00:00Z' }],
      ['auth:login', { serverUrl: 'ftp://x', username: 'a', password: 'b', remember: true }],
      ['auth:login', { serverUrl: 'https://x.example', username: '', password: 'b', remember: true }],
      ['settings:update', { syncIntervalMinutes: 0 }],
      ['settings:update', { serverUrl: 'http://omnitron.example.com' }],
      ['auth:login', { serverUrl: 'http://10.0.0.5', username: 'a', password: 'b', remember: false }],
      ['app:info', { unexpected: 1 }],
      ['sync:start', { full: 'yes' }],
    ]
    for (const [channel, arg] of cases) {
      const res = await dispatch(h, channel, arg)
      expect(res.ok, `${channel} ${JSON.stringify(arg)}`).toBe(false)
      if (!res.ok) {
        expect(res.error.code).toBe('validation')
        expect(res.error.fields && Object.keys(res.error.fields).length).toBeGreaterThan(0)
      }
    }
    for (const c of CHANNELS) expect(h[c]).not.toHaveBeenCalled()
  })

  it('refuses unknown channels', async () => {
    const res = await dispatch(spies(), 'shell:exec', {})
    expect(res).toMatchObject({ ok: false, error: { code: 'validation' } })
  })

  it('wraps results and maps thrown errors to structured envelopes', async () => {
    const h = spies((c) => {
      if (c === 'plans:get') throw new AppError('not_found', 'Plan 9 is not in the local cache.')
      if (c === 'sync:start') throw Object.assign(new Error('Server said 503'), { kind: 'server' })
      if (c === 'auth:login')
        throw Object.assign(new Error('Unable to log in'), { kind: 'validation', fields: { non_field_errors: ['Unable to log in'] } })
      if (c === 'sync:state') throw new TypeError('x is undefined')
      return 'fine'
    })
    expect(await dispatch(h, 'app:info', undefined)).toEqual({ ok: true, value: 'fine' })
    expect(await dispatch(h, 'plans:get', { pk: 9 })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Plan 9 is not in the local cache.' },
    })
    expect(await dispatch(h, 'sync:start', {})).toMatchObject({ ok: false, error: { code: 'server' } })
    expect(await dispatch(h, 'auth:login', { serverUrl: 'https://x.example', username: 'a', password: 'b', remember: false })).toEqual({
      ok: false,
      error: { code: 'validation', message: 'Unable to log in', fields: { non_field_errors: ['Unable to log in'] } },
    })
    const internal = await dispatch(h, 'sync:state', undefined)
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } })
    if (!internal.ok) expect(internal.error.message).not.toContain('undefined')
  })
})

describe('dates in a search', () => {
  it('takes every date of the years 1 to 9999, the edges included', async () => {
    const h = spies()
    for (const d of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-03-01']) {
      expect((await dispatch(h, 'plans:search', { createdFrom: d, modifiedTo: d })).ok, d).toBe(true)
    }
  })
})
