/**
 * The Electron security checklist, asserted in one place on the app as it really starts: the
 * whole main process (startElectronApp) boots against the mocked `electron`, and every item is
 * read off the window, session, protocol, IPC registration and menu it set up. The finer
 * behaviour of each helper (which URLs count as the app's, window-state rules, …) is tested
 * beside it in security/window/ipc/menu.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { app, FakeWebContents, ipcMain, Menu, protocol, session, shell, type BrowserWindow } from '../../mocks/electron'
import { startElectronApp } from '../../../main/electron/app'
import { contentSecurityPolicy } from '../../../main/security/csp'
import { setLogSink } from '../../../main/log'
import { CHANNELS } from '../../../preload/contract'
import { bootElectronApp, type BootedApp } from './boot'

const DEV_SERVER = 'http://localhost:5173'
const logLines: string[] = []
setLogSink((_level, line) => logLines.push(line), 'debug')

let booted: BootedApp | null = null
async function boot(opts: { packaged?: boolean; rendererUrl?: string } = {}): Promise<BootedApp> {
  booted = await bootElectronApp(opts)
  return booted
}
afterEach(async () => {
  await booted?.shutdown()
  booted = null
})

function prefs(win: BrowserWindow): Record<string, unknown> {
  return win.options.webPreferences as Record<string, unknown>
}

/** Emits a navigation event the way Electron does; true when the app prevented it. */
function navigate(wc: FakeWebContents, event: string, url: string): boolean {
  const e = { preventDefault: vi.fn() }
  wc.emit(event, e, url)
  return e.preventDefault.mock.calls.length > 0
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  )
}

/** What every renderer response of the app carries, as the session hook rewrites its headers. */
function sessionCsp(): string {
  const callback = vi.fn()
  session.defaultSession.headersReceived!({ responseHeaders: { 'X-From-Server': ['1'] } }, callback)
  const headers = callback.mock.calls[0][0].responseHeaders as Record<string, string[]>
  expect(headers['X-From-Server']).toEqual(['1'])
  return headers['Content-Security-Policy'][0]
}

function expectStrictScripts(csp: string, allowedScriptSources: string[]): void {
  const d = directives(csp)
  expect(csp).not.toContain('unsafe-eval')
  expect(d.get('default-src')).toEqual(["'none'"])
  // Only the app's own files (and, in development, the dev server): no inline, no eval, no remote.
  expect(d.get('script-src')).toEqual(allowedScriptSources)
  expect(d.get('object-src')).toEqual(["'none'"])
  expect(d.get('base-uri')).toEqual(["'none'"])
  expect(d.get('frame-ancestors')).toEqual(["'none'"])
  expect(d.get('frame-src')).toEqual(["'none'"])
}

function menuItems(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? menuItems(i.submenu) : [])])
}

function installedMenu(): MenuItemConstructorOptions[] {
  expect(Menu.setApplicationMenu).toHaveBeenCalledTimes(1)
  return menuItems(Menu.setApplicationMenu.mock.calls[0][0] as MenuItemConstructorOptions[])
}

const ipc = ipcMain as unknown as { handlers: Map<string, (event: unknown, arg?: unknown) => Promise<{ ok: boolean; error?: { code: string } }>> }
const frame = (url: string, parent: object | null = null) => ({ senderFrame: { url, parent } })

describe('Electron security checklist', () => {
  it('one instance: a second one quits at once, before setting anything up', () => {
    app.gotLock = false
    try {
      startElectronApp('/app/out/main')
      expect(app.requestSingleInstanceLock).toHaveBeenCalled()
      expect(app.quit).toHaveBeenCalled()
      expect(app.enableSandbox).not.toHaveBeenCalled()
      expect(app.whenReady).not.toHaveBeenCalled()
      expect(app.eventNames()).toEqual([])
    } finally {
      app.gotLock = true
    }
  })

  it('one instance: the first one restores and focuses its window when a second is started', async () => {
    const { win } = await boot()
    win.minimized = true
    app.emit('second-instance', {}, ['plandesk'], '/')
    expect(win.restore).toHaveBeenCalledTimes(1)
    expect(win.focus).toHaveBeenCalledTimes(1)
    win.minimized = false
    app.emit('second-instance', {}, ['plandesk'], '/')
    expect(win.restore).toHaveBeenCalledTimes(1)
    expect(win.focus).toHaveBeenCalledTimes(2)
  })

  it('sandbox for every renderer (app.enableSandbox before ready) and in the window', async () => {
    const { win } = await boot()
    expect(app.enableSandbox).toHaveBeenCalledTimes(1)
    expect(app.enableSandbox.mock.invocationCallOrder[0]).toBeLessThan(app.whenReady.mock.invocationCallOrder[0])
    expect(prefs(win).sandbox).toBe(true)
  })

  it('the window: context isolation, no Node anywhere, web security, no insecure content, no webviews, no devtools', async () => {
    const { win, root } = await boot()
    expect(prefs(win)).toMatchObject({
      preload: `${root}/out/preload/index.js`,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    })
    for (const risky of ['experimentalFeatures', 'enableBlinkFeatures', 'additionalArguments', 'partition']) {
      expect(prefs(win)).not.toHaveProperty(risky)
    }
  })

  it('no remote content: the window loads only plandesk://app, a packaged app ignores a dev server URL', async () => {
    const { win } = await boot({ packaged: true, rendererUrl: DEV_SERVER })
    expect(win.loadedUrl).toBe('plandesk://app/index.html')
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'plandesk', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ])
    expect([...protocol.handlers.keys()]).toEqual(['plandesk'])
    // Nor can the page navigate to that dev server.
    expect(navigate(win.webContents, 'will-navigate', `${DEV_SERVER}/`)).toBe(true)
  })

  it('strict CSP without unsafe-eval or inline scripts, on the session and the plandesk:// protocol', async () => {
    await boot()
    const production = contentSecurityPolicy()
    expectStrictScripts(production, ["'self'"])
    expect(directives(production).get('connect-src')).toEqual(["'self'"])
    expect(sessionCsp()).toBe(production)
    const res = await protocol.handlers.get('plandesk')!(new Request('plandesk://app/index.html'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe(production)
  })

  it('navigation and new windows are denied, and each https link opens in the browser exactly once', async () => {
    const { win } = await boot()
    const wc = win.webContents
    expect(navigate(wc, 'will-navigate', 'https://docs.example.com/a')).toBe(true)
    expect(shell.openExternal).toHaveBeenCalledTimes(1)
    expect(shell.openExternal).toHaveBeenLastCalledWith('https://docs.example.com/a')

    expect(wc.windowOpenHandler!({ url: 'https://docs.example.com/b' })).toEqual({ action: 'deny' })
    expect(shell.openExternal).toHaveBeenCalledTimes(2)
    expect(shell.openExternal).toHaveBeenLastCalledWith('https://docs.example.com/b')

    // Hardened once: one listener, one window-open handler.
    expect(wc.listenerCount('will-navigate')).toBe(1)
    expect(wc.windowOpenHandlerSets).toBe(1)

    // Anything that is not https goes nowhere; redirects and webviews are refused.
    expect(navigate(wc, 'will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(wc.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(navigate(wc, 'will-redirect', 'https://elsewhere.example.com/')).toBe(true)
    expect(navigate(wc, 'will-attach-webview', 'about:blank')).toBe(true)
    expect(shell.openExternal).toHaveBeenCalledTimes(2)
  })

  it('any other web contents (should one ever appear) is hardened the same way', async () => {
    await boot()
    const other = new FakeWebContents()
    app.emit('web-contents-created', { sender: other }, other)
    expect(navigate(other, 'will-navigate', 'https://evil.example.com/')).toBe(true)
    expect(other.windowOpenHandler!({ url: 'https://evil.example.com/' })).toEqual({ action: 'deny' })
  })

  it('every permission request, check and device request is denied', async () => {
    await boot()
    const s = session.defaultSession
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal', 'fullscreen', 'midi']) {
      const callback = vi.fn()
      s.permissionRequestHandler!(booted!.win.webContents, permission, callback, {})
      expect(callback).toHaveBeenCalledWith(false)
      expect(s.permissionCheckHandler!(booted!.win.webContents, permission, 'plandesk://app', {})).toBe(false)
    }
    for (const deviceType of ['hid', 'serial', 'usb']) {
      expect(s.devicePermissionHandler!({ deviceType, origin: 'plandesk://app', device: {} })).toBe(false)
    }
  })

  it('IPC answers only the app’s own top frame: not a subframe, another origin or the dev server', async () => {
    await boot()
    expect([...ipc.handlers.keys()].sort()).toEqual([...CHANNELS].sort())
    const info = ipc.handlers.get('app:info')!
    expect((await info(frame('plandesk://app/index.html'))).ok).toBe(true)
    for (const event of [
      frame('plandesk://app/index.html', { url: 'plandesk://app/index.html' }),
      frame('https://evil.example.com/'),
      frame(`${DEV_SERVER}/`),
      frame('file:///app/out/renderer/index.html'),
      { senderFrame: null },
    ]) {
      expect(await info(event)).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(logLines.some((l) => l.includes('Ignored app:info from an untrusted frame'))).toBe(true)
    for (const channel of CHANNELS) {
      expect(await ipc.handlers.get(channel)!(frame('https://evil.example.com/'), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
  })

  it('devtools stay closed in production: disabled in the window, no menu item or shortcut opens them', async () => {
    const { win } = await boot()
    expect(prefs(win).devTools).toBe(false)
    expect(win.webContents.openDevTools).not.toHaveBeenCalled()
    const items = installedMenu()
    for (const role of ['toggleDevTools', 'reload', 'forceReload']) expect(items.some((i) => i.role === role)).toBe(false)
    for (const item of items) expect(String(item.accelerator ?? '')).not.toMatch(/F12|\+Shift\+I$|\+Alt\+I$/i)
  })

  it('development alone: the dev server page, devtools and a CSP that still has no inline or eval scripts', async () => {
    const { win } = await boot({ packaged: false, rendererUrl: DEV_SERVER })
    expect(win.loadedUrl).toBe(DEV_SERVER)
    expect(prefs(win).devTools).toBe(true)
    expect(installedMenu().some((i) => i.role === 'toggleDevTools')).toBe(true)
    expectStrictScripts(sessionCsp(), ["'self'", DEV_SERVER])
    expect((await ipc.handlers.get('app:info')!(frame(`${DEV_SERVER}/`))).ok).toBe(true)
  })
})
