/**
 * Boots the whole Electron main process (`startElectronApp`) against the mocked `electron`:
 * real services on a fresh data folder, pointed at a server that is never contacted (nobody is
 * signed in and background work is off), the renderer folder laid out as the build leaves it.
 * Specs then inspect the window, session, protocol, IPC and menu exactly as the app set them up.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, vi } from 'vitest'
import { app, BrowserWindow, dialog, resetElectronMock } from '../../mocks/electron'
import { startElectronApp } from '../../../main/electron/app'

export interface BootOptions {
  /** app.isPackaged (default true: production). */
  packaged?: boolean
  /** ELECTRON_RENDERER_URL as electron-vite sets it in development. */
  rendererUrl?: string
}

export interface BootedApp {
  win: BrowserWindow
  /** Where the build's out/ folder would be: out/main (mainDir) and out/renderer/index.html. */
  root: string
  /** Quits the way the app does (before-quit → services closed → app.quit). */
  shutdown(): Promise<void>
}

export async function bootElectronApp(opts: BootOptions = {}): Promise<BootedApp> {
  resetElectronMock()
  const root = mkdtempSync(join(tmpdir(), 'plandesk-boot-'))
  mkdirSync(join(root, 'out', 'renderer'), { recursive: true })
  writeFileSync(join(root, 'out', 'renderer', 'index.html'), '<title>PlanDesk</title>')
  app.isPackaged = opts.packaged ?? true

  const argv = process.argv
  const rendererUrl = process.env.ELECTRON_RENDERER_URL
  process.argv = [
    process.execPath,
    '.',
    '--data-dir',
    join(root, 'data'),
    '--server',
    'https://omnitron.example.com',
    '--no-background',
  ]
  if (opts.rendererUrl) process.env.ELECTRON_RENDERER_URL = opts.rendererUrl
  else delete process.env.ELECTRON_RENDERER_URL
  app.whenReady.mockImplementationOnce(() => Promise.resolve())
  try {
    startElectronApp(join(root, 'out', 'main'))
    await vi.waitFor(() => {
      if (BrowserWindow.instances.length === 0 && dialog.showErrorBox.mock.calls.length === 0) throw new Error('still starting')
    })
  } finally {
    process.argv = argv
    if (rendererUrl === undefined) delete process.env.ELECTRON_RENDERER_URL
    else process.env.ELECTRON_RENDERER_URL = rendererUrl
  }
  expect(dialog.showErrorBox).not.toHaveBeenCalled()
  expect(BrowserWindow.instances).toHaveLength(1)

  return {
    win: BrowserWindow.instances[0],
    root,
    async shutdown() {
      app.emit('before-quit', { preventDefault: vi.fn() })
      await vi.waitFor(() => expect(app.quit).toHaveBeenCalled())
    },
  }
}
