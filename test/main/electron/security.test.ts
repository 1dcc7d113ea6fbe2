import { describe, expect, it, vi } from 'vitest'
import { FakeWebContents, session } from '../../mocks/electron'
import {
  APP_ORIGIN,
  hardenWebContents,
  installSessionSecurity,
  isSafeExternalUrl,
  isTrustedSender,
} from '../../../main/electron/security'

function harden(dev?: string) {
  const wc = new FakeWebContents()
  const openExternal = vi.fn(() => Promise.resolve())
  hardenWebContents(wc as never, openExternal, dev)
  return { wc, openExternal }
}

function navigate(wc: FakeWebContents, event: string, url: string): boolean {
  const e = { preventDefault: vi.fn() }
  wc.emit(event, e, url)
  return e.preventDefault.mock.calls.length > 0
}

describe('web contents hardening', () => {
  it('blocks navigation away from the app and opens https links in the OS browser', () => {
    const { wc, openExternal } = harden()
    expect(navigate(wc, 'will-navigate', 'https://evil.example.com/')).toBe(true)
    expect(openExternal).toHaveBeenCalledWith('https://evil.example.com/')
    expect(navigate(wc, 'will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(navigate(wc, 'will-navigate', 'http://insecure.example.com/')).toBe(true)
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('allows the app to reload itself', () => {
    const { wc } = harden()
    expect(navigate(wc, 'will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false)
  })

  it('blocks redirects and webviews', () => {
    const { wc } = harden()
    expect(navigate(wc, 'will-redirect', 'https://elsewhere.example.com/')).toBe(true)
    const e = { preventDefault: vi.fn() }
    wc.emit('will-attach-webview', e)
    expect(e.preventDefault).toHaveBeenCalled()
  })

  it('denies every new window; https ones open outside, others nowhere', () => {
    const { wc, openExternal } = harden()
    expect(wc.windowOpenHandler!({ url: 'https://docs.example.com/' })).toEqual({ action: 'deny' })
    expect(wc.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
    expect(openExternal).toHaveBeenCalledWith('https://docs.example.com/')
  })

  it('only treats https URLs as safe to open', () => {
    expect(isSafeExternalUrl('https://a.example/')).toBe(true)
    expect(isSafeExternalUrl('http://a.example/')).toBe(false)
    expect(isSafeExternalUrl('smb://share/x')).toBe(false)
    expect(isSafeExternalUrl('not a url')).toBe(false)
  })
})

describe('session security', () => {
  it('denies every permission request and check', () => {
    installSessionSecurity(session.defaultSession as never)
    const s = session.defaultSession
    const cb = vi.fn()
    s.permissionRequestHandler!({}, 'media', cb)
    expect(cb).toHaveBeenCalledWith(false)
    expect(s.permissionCheckHandler!({}, 'notifications')).toBe(false)
  })

  it('adds a strict CSP to every response', () => {
    installSessionSecurity(session.defaultSession as never)
    const cb = vi.fn()
    session.defaultSession.headersReceived!({ responseHeaders: { 'X-Other': ['1'] } }, cb)
    const headers = cb.mock.calls[0][0].responseHeaders as Record<string, string[]>
    const csp = headers['Content-Security-Policy'][0]
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(headers['X-Other']).toEqual(['1'])
  })
})

describe('IPC sender check', () => {
  it('accepts only the app’s own top frame', () => {
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: null } as never)).toBe(true)
    expect(isTrustedSender({ url: 'https://evil.example.com/', parent: null } as never)).toBe(false)
    expect(isTrustedSender({ url: `${APP_ORIGIN}/index.html`, parent: {} } as never)).toBe(false)
    expect(isTrustedSender(null)).toBe(false)
  })

  it('accepts the dev server only when one is configured', () => {
    const frame = { url: 'http://localhost:5173/', parent: null } as never
    expect(isTrustedSender(frame)).toBe(false)
    expect(isTrustedSender(frame, 'http://localhost:5173')).toBe(true)
  })
})
