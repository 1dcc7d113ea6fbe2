import { describe, expect, it, vi } from 'vitest'
import type { BrowserWindow } from 'electron'
import { confirmQuit } from '../../../main/electron/quit-guard'

describe('confirmQuit', () => {
  it('quits at once when nothing waits, without asking', () => {
    const dialog = { showMessageBoxSync: vi.fn() }
    expect(confirmQuit(dialog, null, 0, 'en')).toBe(true)
    expect(dialog.showMessageBoxSync).not.toHaveBeenCalled()
  })

  it('warns that waiting changes are sent next time, and stays unless the person quits anyway', () => {
    const win = {} as BrowserWindow
    const stay = { showMessageBoxSync: vi.fn(() => 1) }
    expect(confirmQuit(stay, win, 3, 'en')).toBe(false)
    const [owner, options] = stay.showMessageBoxSync.mock.calls[0] as unknown as [BrowserWindow, Record<string, unknown>]
    expect(owner).toBe(win)
    expect(options).toMatchObject({ type: 'warning', message: '3 changes have not reached the server yet.', buttons: ['Quit anyway', 'Stay'], cancelId: 1, defaultId: 1 })
    expect(options.detail).toMatch(/sent the next time PlanDesk runs/)
    const quit = { showMessageBoxSync: vi.fn(() => 0) }
    expect(confirmQuit(quit, null, 1, 'en')).toBe(true)
    expect((quit.showMessageBoxSync.mock.calls[0] as unknown as [Record<string, unknown>])[0].message).toBe('1 change has not reached the server yet.')
  })

  it('speaks Turkish in the Turkish UI', () => {
    const dialog = { showMessageBoxSync: vi.fn(() => 1) }
    confirmQuit(dialog, null, 2, 'tr')
    expect((dialog.showMessageBoxSync.mock.calls[0] as unknown as [Record<string, unknown>])[0]).toMatchObject({
      message: '2 değişiklik henüz sunucuya ulaşmadı.',
      buttons: ['Yine de çık', 'Kal'],
    })
  })
})
