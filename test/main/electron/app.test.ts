import { afterEach, describe, expect, it, vi } from 'vitest'
import { app, BrowserWindow, dialog, resetElectronMock } from '../../mocks/electron'
import { startElectronApp } from '../../../main/electron/app'
import { setLogSink } from '../../../main/log'
import { bootElectronApp, type BootedApp } from './boot'

// Single instance, sandbox, hardening and the rest of the security checklist: checklist.test.ts.
const logLines: string[] = []
setLogSink((_level, line) => logLines.push(line), 'debug')

describe('startElectronApp lifecycle', () => {
  let booted: BootedApp | null = null
  afterEach(async () => {
    await booted?.shutdown()
    booted = null
  })

  it('reopens the window on activate once none is left, hardened like the first, and focuses that one', async () => {
    booted = await bootElectronApp()
    const first = booted.win
    first.emit('closed')
    BrowserWindow.instances.length = 0
    app.emit('activate')
    expect(BrowserWindow.instances).toHaveLength(1)
    const second = BrowserWindow.instances[0]
    expect(second).not.toBe(first)
    expect(second.webContents.windowOpenHandlerSets).toBe(1)
    expect(second.webContents.listenerCount('will-navigate')).toBe(1)
    app.emit('second-instance', {}, [], '/')
    expect(second.focus).toHaveBeenCalledTimes(1)
    expect(first.focus).not.toHaveBeenCalled()
  })

  it('quits only after the services let go', async () => {
    booted = await bootElectronApp()
    const event = { preventDefault: vi.fn() }
    app.emit('before-quit', event)
    expect(event.preventDefault).toHaveBeenCalled()
    expect(app.quit).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1))
    // The second before-quit (from that app.quit) goes through.
    const again = { preventDefault: vi.fn() }
    app.emit('before-quit', again)
    expect(again.preventDefault).not.toHaveBeenCalled()
    booted = null
  })

  it('says so in one error box and exits 1 when it cannot start', async () => {
    resetElectronMock()
    const argv = process.argv
    process.argv = [process.execPath, '.', '--server', 'http://omnitron.example.com']
    app.whenReady.mockImplementationOnce(() => Promise.resolve())
    try {
      startElectronApp('/app/out/main')
      await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(1))
    } finally {
      process.argv = argv
    }
    expect(dialog.showErrorBox).toHaveBeenCalledTimes(1)
    expect(dialog.showErrorBox.mock.calls[0][1]).toMatch(/https/)
    expect(BrowserWindow.instances).toHaveLength(0)
  })
})
