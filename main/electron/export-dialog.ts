/**
 * The desktop app's export destination: the system's save dialog, in the person's Downloads
 * folder with a suggested name. Thin on purpose; the writing is main/export's.
 */
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron'
import { basename, extname, join } from 'node:path'
import { unlinkSync } from 'node:fs'
import type { ExportFormat } from '../../preload/contract'
import type { ExportDestination } from '../export/destination'

const FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV', extensions: ['csv'] },
  xlsx: { name: 'Excel', extensions: ['xlsx'] },
}

export function saveDialogDestination(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  getWindow: () => BrowserWindow | null,
  downloadsDir: () => string,
): ExportDestination {
  return {
    async open(fileName, format) {
      const options: SaveDialogOptions = {
        defaultPath: join(downloadsDir(), fileName),
        filters: [FILTERS[format]],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      }
      const win = getWindow()
      const { canceled, filePath } = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
      if (canceled || !filePath) return null
      // A name typed without its extension gets the format's.
      const path = extname(filePath) === '' ? `${filePath}.${format}` : filePath
      return {
        path,
        finish: (rows) => ({ outcome: 'saved', rows, fileName: basename(path), path }),
        abandon: () => {
          try {
            unlinkSync(path)
          } catch {
            // Nothing was written.
          }
        },
      }
    },
  }
}
