/**
 * The Electron lifecycle: single instance, sandbox everywhere, the plandesk:// scheme, session
 * security, the services (shared with the web host), IPC, the menu and the one window.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell } from 'electron'
import { join } from 'node:path'
import { createAppServices, type AppServices } from '../app/services'
import { startDemoServer } from '../app/demo-server'
import { parseLaunchOptions } from '../app/launch-options'
import { createLogger } from '../log'
import { chooseDataDir } from '../app/launch'
import { forwardEvents, registerIpc } from './ipc'
import { menuTemplate } from './menu'
import { saveDialogDestination } from './export-dialog'
import { confirmQuit } from './quit-guard'
import { APP_SCHEME_PRIVILEGES, serveRenderer } from './protocol'
import { SafeStorageVault } from './safe-storage-vault'
import { hardenWebContents, installSessionSecurity } from './security'
import { createMainWindow, rendererDir } from './window'

const log = createLogger('electron')
const HELP_URL = 'https://github.com/plandesk/plandesk#readme'

export function startElectronApp(mainDir: string = __dirname): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.enableSandbox()
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])

  const dev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL)
  const devServerUrl = dev ? process.env.ELECTRON_RENDERER_URL : undefined
  let win: BrowserWindow | null = null
  let services: AppServices | null = null

  // Every web contents (the main window's included) is hardened here, and only here: a second
  // hardening would open each https link in the browser twice.
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, (u) => shell.openExternal(u), devServerUrl))

  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  // Quit waits for the services to let go (a running sync cancelled, the cache closed, the
  // demo server stopped), then quits for real.
  let closed = false
  app.on('before-quit', (event) => {
    if (closed || !services) return
    const waiting = services.waitingChanges()
    if (!confirmQuit(dialog, win, waiting.count, waiting.language)) {
      event.preventDefault()
      return
    }
    event.preventDefault()
    const closing = services
    services = null
    void closing
      .close()
      .catch((err: Error) => log.error('Closing PlanDesk failed:', err))
      .finally(() => {
        closed = true
        app.quit()
      })
  })

  app
    .whenReady()
    .then(async () => {
      const options = parseLaunchOptions(process.argv.slice(1))
      // The folder the CLI and the web host use too (store/paths.ts), so they share one cache.
      const dataDir = chooseDataDir(options.dataDir)
      installSessionSecurity(session.defaultSession, { dev, devServerUrl })
      serveRenderer(protocol, rendererDir(mainDir))
      services = await createAppServices({
        dataDir,
        host: 'electron',
        version: app.getVersion(),
        vault: new SafeStorageVault(dataDir, safeStorage),
        overrides: { demo: options.demo, serverUrl: options.serverUrl },
        demoPlans: options.demoPlans,
        startDemoServer,
        background: options.background,
        exportDestination: saveDialogDestination(dialog, () => win, () => app.getPath('downloads')),
      })
      registerIpc(ipcMain, services.handlers, devServerUrl)
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          menuTemplate({ dev, platform: process.platform, openHelp: () => void shell.openExternal(HELP_URL) }),
        ),
      )
      const openWindow = (): void => {
        const opened = createMainWindow({ preloadPath: join(mainDir, '../preload/index.js'), dataDir, devServerUrl, dev })
        opened.on('closed', () => {
          if (win === opened) win = null
        })
        win = opened
      }
      openWindow()
      forwardEvents(services.events, () => win)
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) openWindow()
      })
    })
    .catch((err: Error) => {
      log.error('PlanDesk could not start:', err)
      dialog.showErrorBox('PlanDesk could not start', err.message)
      app.exit(1)
    })
}
