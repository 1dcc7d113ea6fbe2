/**
 * Where an export goes. The desktop app asks the person in a save dialog (main/electron/
 * export-dialog.ts); the web host keeps the file on a {@link DownloadShelf} and the browser
 * fetches it once (GET /download/<token>). Either way main writes the file with the one writer.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ExportFormat, ExportResult } from '../../preload/contract'

export interface ExportTarget {
  /** The file to write. */
  path: string
  /** How the file is named to the person in an error (default: path); the web host's temporary path means nothing to them. */
  label?: string
  /** The file is complete: what the renderer is told. */
  finish(rows: number): ExportResult
  /** Writing failed: drop what was written. */
  abandon(): void
}

export interface ExportDestination {
  /** Where to write a file suggested as `fileName`, or null when the person cancelled. */
  open(fileName: string, format: ExportFormat): Promise<ExportTarget | null>
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // Already gone, or never written.
  }
}

export interface ShelvedFile {
  path: string
  fileName: string
  format: ExportFormat
  size: number
}

/**
 * Finished exports waiting for the browser to fetch them, each under a random one-time token,
 * in a private temporary folder (mode 0700: the files hold customer data). A file is handed out
 * once, and forgotten (deleted) after `ttlMs` if never fetched, and when the host closes.
 */
export class DownloadShelf implements ExportDestination {
  private readonly dir: string
  private readonly files = new Map<string, ShelvedFile & { timer: ReturnType<typeof setTimeout> }>()

  constructor(private readonly ttlMs = 10 * 60_000) {
    this.dir = mkdtempSync(join(tmpdir(), 'plandesk-export-'))
  }

  open(fileName: string, format: ExportFormat): Promise<ExportTarget> {
    const token = randomBytes(18).toString('base64url')
    const path = join(this.dir, `${token}.${format}`)
    return Promise.resolve({
      path,
      label: fileName,
      finish: (rows) => {
        const timer = setTimeout(() => this.drop(token), this.ttlMs)
        timer.unref?.()
        this.files.set(token, { path, fileName, format, size: statSync(path).size, timer })
        return { outcome: 'download', rows, fileName, url: `/download/${token}` }
      },
      abandon: () => removeQuietly(path),
    })
  }

  /** The file under `token`, handed out once; call {@link drop} when it has been sent. */
  take(token: string): ShelvedFile | null {
    const f = this.files.get(token)
    if (!f) return null
    clearTimeout(f.timer)
    this.files.delete(token)
    return { path: f.path, fileName: f.fileName, format: f.format, size: f.size }
  }

  drop(token: string): void {
    const f = this.files.get(token)
    if (f) {
      clearTimeout(f.timer)
      this.files.delete(token)
      removeQuietly(f.path)
    }
  }

  close(): void {
    for (const f of this.files.values()) clearTimeout(f.timer)
    this.files.clear()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
