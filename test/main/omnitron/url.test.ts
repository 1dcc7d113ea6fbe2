import { describe, expect, it } from 'vitest'
import { checkServerUrl, sameOrigin } from '../../../main/omnitron/url'

describe('checkServerUrl', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(checkServerUrl('https://omnitron.example.com/')).toBe('https://omnitron.example.com')
    expect(checkServerUrl('http://127.0.0.1:8000')).toBe('http://127.0.0.1:8000')
    expect(checkServerUrl('http://localhost:8000/')).toBe('http://localhost:8000')
    expect(() => checkServerUrl('http://omnitron.example.com')).toThrow(/Refusing plain http:\/\/ for omnitron.example.com/)
    expect(() => checkServerUrl('ftp://x')).toThrow(/https/)
    expect(() => checkServerUrl('not a url')).toThrow(/not a server address/)
    expect(() => checkServerUrl('https://u:p@example.com')).toThrow(/user name or password/)
  })

  it('compares origins for next links', () => {
    expect(sameOrigin('http://127.0.0.1:1/a?page=2', 'http://127.0.0.1:1')).toBe(true)
    expect(sameOrigin('/api/v1/x?page=2', 'http://127.0.0.1:1')).toBe(true)
    expect(sameOrigin('http://127.0.0.1:2/a', 'http://127.0.0.1:1')).toBe(false)
    expect(sameOrigin('https://evil.example/a', 'http://127.0.0.1:1')).toBe(false)
  })
})
