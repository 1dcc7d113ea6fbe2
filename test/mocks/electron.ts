/**
 * A recording stand-in for `electron`, installed once for every spec by test/setup/electron-mock.ts.
 * Each fake keeps what the code under test did to it (options, handlers, listeners) so specs can
 * assert on BrowserWindow options, session handlers and IPC registration without Electron.
 */
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

type Listener = (...args: unknown[]) => unknown

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  /** How often a window-open handler was set (Electron keeps only the last one). */
  windowOpenHandlerSets = 0
  sent: unknown[][] = []
  openDevTools = vi.fn()
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
    this.windowOpenHandlerSets++
  }
  send(...args: unknown[]): void {
    this.sent.push(args)
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = []
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances
  }
  readonly webContents = new FakeWebContents()
  loadedUrl: string | null = null
  bounds = { x: 10, y: 20, width: 1280, height: 820 }
  maximized = false
  minimized = false
  constructor(readonly options: Record<string, unknown>) {
    super()
    BrowserWindow.instances.push(this)
    // As in Electron: every new web contents is announced on the app, synchronously.
    app.emit('web-contents-created', { sender: this.webContents }, this.webContents)
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url
    return Promise.resolve()
  }
  isDestroyed(): boolean {
    return false
  }
  isMaximized(): boolean {
    return this.maximized
  }
  isMinimized(): boolean {
    return this.minimized
  }
  maximize(): void {
    this.maximized = true
  }
  getBounds(): { x: number; y: number; width: number; height: number } {
    return this.bounds
  }
  show = vi.fn()
  focus = vi.fn()
  restore = vi.fn()
}

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, fn: Listener): void {
    ipcMain.handlers.set(channel, fn)
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel)
  },
}

export const ipcRenderer = Object.assign(new EventEmitter(), { invoke: vi.fn() })

export const contextBridge = { exposeInMainWorld: vi.fn() }

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable: (): boolean => safeStorage.available,
  getSelectedStorageBackend: (): string => safeStorage.backend,
  // Reversible but not plain text, so a test can tell the file is not the token in clear.
  encryptString: (s: string): Buffer => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (b: Buffer): string => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
}

function fakeSession() {
  return {
    permissionRequestHandler: null as Listener | null,
    permissionCheckHandler: null as Listener | null,
    devicePermissionHandler: null as Listener | null,
    headersReceived: null as Listener | null,
    setPermissionRequestHandler(fn: Listener) {
      this.permissionRequestHandler = fn
    },
    setPermissionCheckHandler(fn: Listener) {
      this.permissionCheckHandler = fn
    },
    setDevicePermissionHandler(fn: Listener) {
      this.devicePermissionHandler = fn
    },
    webRequest: {
      onHeadersReceived(fn: Listener) {
        session.defaultSession.headersReceived = fn
      },
    },
  }
}
export const session = { defaultSession: fakeSession() }

export const shell = { openExternal: vi.fn(() => Promise.resolve()) }

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handlers: new Map<string, (req: Request) => Promise<Response>>(),
  handle(scheme: string, fn: (req: Request) => Promise<Response>): void {
    protocol.handlers.set(scheme, fn)
  },
}

export const Menu = {
  buildFromTemplate: vi.fn((t: unknown) => t),
  setApplicationMenu: vi.fn(),
}

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
}

export const dialog = {
  showErrorBox: vi.fn(),
  showMessageBoxSync: vi.fn(() => 0),
  /** The save dialog answers "cancelled" unless a spec says otherwise (mockResolvedValueOnce). */
  showSaveDialog: vi.fn((..._args: unknown[]) => Promise.resolve({ canceled: true, filePath: '' } as { canceled: boolean; filePath: string })),
}

class FakeApp extends EventEmitter {
  isPackaged = false
  gotLock = true
  requestSingleInstanceLock = vi.fn(() => this.gotLock)
  enableSandbox = vi.fn()
  quit = vi.fn()
  exit = vi.fn()
  getPath = vi.fn(() => '/tmp/plandesk-electron-mock')
  getVersion = vi.fn(() => '0.0.0-test')
  whenReady = vi.fn(() => new Promise<void>(() => undefined))
}
export const app = new FakeApp()

export default {
  app,
  BrowserWindow,
  ipcMain,
  ipcRenderer,
  contextBridge,
  safeStorage,
  session,
  shell,
  protocol,
  Menu,
  screen,
  dialog,
}

/** Puts every fake back as it was at import: no windows, handlers, listeners or recorded calls. */
export function resetElectronMock(): void {
  BrowserWindow.instances.length = 0
  ipcMain.handlers.clear()
  protocol.handlers.clear()
  session.defaultSession = fakeSession()
  app.removeAllListeners()
  app.isPackaged = false
  app.gotLock = true
  for (const fn of [
    app.requestSingleInstanceLock,
    app.enableSandbox,
    app.quit,
    app.exit,
    app.whenReady,
    shell.openExternal,
    protocol.registerSchemesAsPrivileged,
    Menu.buildFromTemplate,
    Menu.setApplicationMenu,
    dialog.showErrorBox,
    dialog.showMessageBoxSync,
    dialog.showSaveDialog,
  ]) {
    fn.mockClear()
  }
}
