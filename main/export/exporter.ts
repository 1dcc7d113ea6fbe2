/**
 * The app's Export (plans:export): one export at a time, written by main through the shared
 * writer to wherever the host's destination says, with progress as push events.
 */
import type { ExportArgs, ExportProgress, ExportResult, Language } from '../../preload/contract'
import { AppError } from '../domain/errors'
import type { ExportDestination } from './destination'
import { exportFileName, writePlansFile, writeProblem, type PlanSource } from './plans-file'

/** Progress is sent at most this often (a page of rows is written in a few milliseconds). */
const PROGRESS_MS = 100

export class PlanExporter {
  private running = false

  constructor(
    private readonly destination: ExportDestination | null,
    private readonly progress: (p: ExportProgress) => void,
    /** The settings' language, for an export that does not name one. */
    private readonly language: () => Language = () => 'en',
  ) {}

  async run(source: PlanSource, args: ExportArgs, now = new Date()): Promise<ExportResult> {
    if (!this.destination) throw new AppError('validation', 'Exporting is not available here.')
    if (this.running) throw new AppError('busy', 'An export is already being written; wait for it to finish.')
    this.running = true
    try {
      const target = await this.destination.open(exportFileName(args.format, now), args.format)
      if (!target) return { outcome: 'cancelled', rows: 0, fileName: null }
      let last = 0
      let rows: number
      try {
        rows = await writePlansFile(source, args.query, args.format, target.path, {
          lang: args.lang ?? this.language(),
          timeZone: args.timeZone,
          onProgress: (done, total) => {
            const t = Date.now()
            if (t - last < PROGRESS_MS && done < total) return
            last = t
            this.progress({ format: args.format, done, total })
          },
        })
      } catch (e) {
        target.abandon()
        const problem = writeProblem(target.label ?? target.path, e)
        if (problem) throw new AppError('storage', problem)
        throw e
      }
      this.progress({ format: args.format, done: rows, total: rows })
      return target.finish(rows)
    } finally {
      this.running = false
    }
  }
}
