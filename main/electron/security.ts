/**
 * Electron hardening, kept in one place so each protection is unit-tested with a mocked
 * `electron`: no navigation away from the app, no new windows (https links open in the OS
 * browser), every permission denied, the CSP on every response, and IPC accepted only from
 * the app's own top frame.
 */
import type { Session, WebContents, WebFrameMain } from 'electron'
import { contentSecurityPolicy, SECURITY_HEADERS } from '../security/csp'

export const APP_SCHEME = 'plandesk'
export const APP_ORIGIN = `${APP_SCHEME}://app`

/** Only https links may leave the app, and only to the OS browser. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

export function isAppUrl(url: string, devServerUrl?: string): boolean {
  try {
    const u = new URL(url)
    if (u.origin === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`)) return true
    return devServerUrl !== undefined && u.origin === new URL(devServerUrl).origin
  } catch {
    return false
  }
}

export function hardenWebContents(
  contents: WebContents,
  openExternal: (url: string) => Promise<void>,
  devServerUrl?: string,
): void {
  contents.on('will-navigate', (event, url) => {
    // Reloads of the app itself are fine; anything else is blocked (https opens outside).
    if (isAppUrl(url, devServerUrl)) return
    event.preventDefault()
    if (isSafeExternalUrl(url)) void openExternal(url)
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void openExternal(url)
    return { action: 'deny' }
  })
}

export function installSessionSecurity(session: Session, opts: { dev?: boolean; devServerUrl?: string } = {}): void {
  const csp = contentSecurityPolicy({ dev: opts.dev, devServer: opts.devServerUrl })
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler?.(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [csp],
        ...Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [k, [v]])),
      },
    })
  })
}

/** IPC is answered only for the app's own top-level frame. */
export function isTrustedSender(frame: WebFrameMain | null | undefined, devServerUrl?: string): boolean {
  if (!frame || frame.parent) return false
  return isAppUrl(frame.url, devServerUrl)
}
