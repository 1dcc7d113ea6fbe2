import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, forgetSecret, redact, registerSecret, setLogSink } from '../../main/log'

describe('log redaction', () => {
  const lines: string[] = []
  afterEach(() => {
    lines.length = 0
    forgetSecret('s3cr3t-token-value')
  })

  it('masks registered secrets wherever they appear', () => {
    registerSecret('s3cr3t-token-value')
    setLogSink((_l, line) => lines.push(line), 'debug')
    createLogger('t').info('calling with', { headers: { x: 'prefix s3cr3t-token-value suffix' } })
    expect(lines.join('\n')).not.toContain('s3cr3t-token-value')
    expect(lines.join('\n')).toContain('[redacted]')
  })

  it('masks Authorization headers, token/password fields and secret query parameters', () => {
    expect(redact('Authorization: Token abcdef123456')).toBe('Authorization: Token [redacted]')
    expect(redact('{"password":"hunter2","username":"ayse"}')).toBe('{"password":"[redacted]","username":"ayse"}')
    expect(redact('{"key":"k-123"}')).toBe('{"key":"[redacted]"}')
    expect(redact('GET /?secret=abc123&x=1')).toBe('GET /?secret=[redacted]&x=1')
  })

  it('leaves ordinary text alone', () => {
    expect(redact('Synced 400 plans in 1.2 s')).toBe('Synced 400 plans in 1.2 s')
  })
})
