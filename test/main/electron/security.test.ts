import { describe, expect, it, vi } from 'vitest'
import { FakeWebContents } from '../../mocks/electron'
import {
  APP_ORIGIN,
  hardenWebContents,
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

// The checklist (navigation and new windows denied, permissions denied, the CSP, the IPC sender
// check) is asserted on the booted app in checklist.test.ts; here, the URL rules behind it.
describe('web contents hardening', () => {
  it('never opens plain http or file links, neither by navigation nor by a new window', () => {
    const { wc, openExternal } = harden()
    expect(navigate(wc, 'will-navigate', 'http://insecure.example.com/')).toBe(true)
    expect(wc.windowOpenHandler!({ url: 'http://insecure.example.com/' })).toEqual({ action: 'deny' })
    expect(wc.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('allows the app to reload itself, and the dev server only when one is configured', () => {
    expect(navigate(harden().wc, 'will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false)
    expect(navigate(harden().wc, 'will-navigate', 'http://localhost:5173/')).toBe(true)
    expect(navigate(harden('http://localhost:5173').wc, 'will-navigate', 'http://localhost:5173/')).toBe(false)
    expect(navigate(harden('http://localhost:5173').wc, 'will-redirect', 'http://localhost:5174/')).toBe(true)
  })

  it('only treats https URLs as safe to open', () => {
    expect(isSafeExternalUrl('https://a.example/')).toBe(true)
    expect(isSafeExternalUrl('http://a.example/')).toBe(false)
    expect(isSafeExternalUrl('smb://share/x')).toBe(false)
    expect(isSafeExternalUrl('not a url')).toBe(false)
  })
})

describe('IPC sender check', () => {
  it('accepts the dev server only when one is configured', () => {
    const frame = { url: 'http://localhost:5173/', parent: null } as never
    expect(isTrustedSender(frame)).toBe(false)
    expect(isTrustedSender(frame, 'http://localhost:5173')).toBe(true)
  })
})
