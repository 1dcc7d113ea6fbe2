/** Progress bookkeeping for one run: pages and plans done / total and the rate. */
import type { SyncProgress } from '../../preload/contract'

export class ProgressTracker {
  private readonly started = Date.now()
  pagesDone = 0
  pagesTotal: number | null = null
  plansDone = 0
  plansTotal: number | null = null

  constructor(
    public kind: SyncProgress['kind'],
    private readonly emit: (p: SyncProgress) => void,
  ) {}

  /** A read failed and will be tried again: "retrying page 37 in 4 s (attempt 3)". */
  retrying(what: string, attempt: number, inMs: number, reason: string): void {
    this.report('retrying', { what, attempt, inMs, reason })
  }

  report(phase: SyncProgress['phase'], retry?: SyncProgress['retry']): void {
    const seconds = (Date.now() - this.started) / 1000
    try {
      this.emit({
        kind: this.kind,
        phase,
        pagesDone: this.pagesDone,
        pagesTotal: this.pagesTotal,
        plansDone: this.plansDone,
        plansTotal: this.plansTotal,
        rate: seconds > 0 ? Math.round((this.plansDone / seconds) * 10) / 10 : 0,
        ...(retry ? { retry } : {}),
      })
    } catch {
      // A failing listener must not break the sync.
    }
  }

  /** Starts a new walk inside the same run (e.g. reconcile after incremental). */
  resetTotals(): void {
    this.pagesDone = 0
    this.pagesTotal = null
    this.plansDone = 0
    this.plansTotal = null
  }
}
