import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserWindow as ElectronWindow } from 'electron'
import { beforeEach, describe, expect, it } from 'vitest'
import { saveDialogDestination } from '../../../main/electron/export-dialog'
import { BrowserWindow, dialog, resetElectronMock } from '../../mocks/electron'

describe('saveDialogDestination (the desktop export’s save dialog)', () => {
  beforeEach(() => resetElectronMock())

  it('asks over the window, in the Downloads folder, with the suggested name and the format’s filter', async () => {
    const win = new BrowserWindow({})
    const dir = mkdtempSync(join(tmpdir(), 'plandesk-dialog-'))
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(dir, 'mine') })
    const dest = saveDialogDestination(dialog, () => win as unknown as ElectronWindow, () => '/home/ayse/Downloads')
    const target = await dest.open('plandesk-plans-2026-11-29.xlsx', 'xlsx')
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1)
    const [parent, options] = dialog.showSaveDialog.mock.calls[0] as [unknown, Record<string, unknown>]
    expect(parent).toBe(win)
    expect(options).toMatchObject({ defaultPath: '/home/ayse/Downloads/plandesk-plans-2026-11-29.xlsx', filters: [{ name: 'Excel', extensions: ['xlsx'] }] })
    // A name typed without an extension gets the format's.
    expect(target!.path).toBe(join(dir, 'mine.xlsx'))
    expect(target!.finish(12)).toEqual({ outcome: 'saved', rows: 12, fileName: 'mine.xlsx', path: join(dir, 'mine.xlsx') })
    writeFileSync(target!.path, 'partial')
    target!.abandon()
    expect(existsSync(target!.path)).toBe(false)
  })

  it('answers null when the person cancels, and asks without a parent when no window is open', async () => {
    const dest = saveDialogDestination(dialog, () => null, () => '/tmp')
    expect(await dest.open('plans.csv', 'csv')).toBeNull()
    expect(dialog.showSaveDialog.mock.calls[0]).toHaveLength(1)
  })
})
