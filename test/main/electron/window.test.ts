import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { BrowserWindow } from '../../mocks/electron'
import { createMainWindow } from '../../../main/electron/window'
import { saveWindowState } from '../../../main/electron/window-state'

describe('main window', () => {
  let dataDir: string
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'plandesk-win-'))
    BrowserWindow.instances.length = 0
  })

  // Its security options, what it loads and its hardening are asserted on the booted app in
  // checklist.test.ts; here, what the factory does beyond that.
  it('restores the remembered size and position and saves it once a move settles', () => {
    vi.useFakeTimers()
    try {
      saveWindowState(dataDir, { x: 100, y: 50, width: 1000, height: 700, maximized: false })
      const win = createMainWindow({ preloadPath: '/p.js', dataDir }) as unknown as BrowserWindow
      expect(win.options).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 })
      const read = () => JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'))
      win.bounds = { x: 300, y: 200, width: 1100, height: 750 }
      win.emit('move')
      win.emit('move')
      expect(read().x).toBe(100) // not yet: writes wait for the drag to settle
      vi.advanceTimersByTime(500)
      expect(read()).toEqual({ x: 300, y: 200, width: 1100, height: 750, maximized: false })
      win.bounds = { x: 10, y: 20, width: 900, height: 650 }
      win.emit('close')
      expect(read()).toEqual({ x: 10, y: 20, width: 900, height: 650, maximized: false })
    } finally {
      vi.useRealTimers()
    }
  })

  it('drops a position that is on no display any more', () => {
    saveWindowState(dataDir, { x: 5000, y: 3000, width: 1000, height: 700, maximized: false })
    const win = createMainWindow({ preloadPath: '/p.js', dataDir }) as unknown as BrowserWindow
    expect(win.options.x).toBeUndefined()
    expect(win.options.width).toBe(1000)
  })
})
