import { BrowserWindow, screen } from 'electron'
import { join } from 'node:path'
import { APP_ORIGIN } from './security'
import { loadWindowState, saveWindowState, type WindowState } from './window-state'

export interface MainWindowOptions {
  preloadPath: string
  dataDir: string
  devServerUrl?: string
  /** Development only: the developer tools can be opened. */
  dev?: boolean
  iconPath?: string
}

/**
 * The one BrowserWindow: isolated, sandboxed, no Node, web security on, developer tools only in
 * development, size remembered. Its web contents are hardened (navigation, new windows, webviews)
 * by app.ts's `web-contents-created` hook, which covers every web contents exactly once.
 */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const state = loadWindowState(
    opts.dataDir,
    screen.getAllDisplays().map((d) => d.workArea),
  )
  const win = new BrowserWindow({
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'PlanDesk',
    icon: opts.iconPath,
    backgroundColor: '#f5f7fa',
    autoHideMenuBar: false,
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: opts.dev === true,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  })
  if (state.maximized) win.maximize()
  win.once('ready-to-show', () => win.show())

  let lastNormal: WindowState = state
  let timer: NodeJS.Timeout | null = null
  const remember = (): void => {
    if (timer) clearTimeout(timer)
    timer = null
    if (win.isDestroyed()) return
    const maximized = win.isMaximized()
    if (!maximized && !win.isMinimized()) lastNormal = { ...win.getBounds(), maximized: false }
    saveWindowState(opts.dataDir, { ...lastNormal, maximized })
  }
  // Dragging fires dozens of events a second: write once it settles, and at once on close.
  const rememberSoon = (): void => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(remember, 400)
  }
  win.on('resize', rememberSoon)
  win.on('move', rememberSoon)
  win.on('close', remember)

  void win.loadURL(opts.devServerUrl ?? `${APP_ORIGIN}/index.html`)
  return win
}

export function rendererDir(mainDir: string): string {
  return join(mainDir, '../renderer')
}
