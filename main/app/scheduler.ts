/**
 * Keeps the cache fresh without anyone pressing a button: an incremental sync every
 * `intervalMs` while online, one as soon as the connection comes back, and a reconciliation
 * pass (which removes plans the server no longer lists) when the last one is older than
 * `reconcileEveryMs`. Runs never overlap: a tick while a sync is running is skipped.
 */
export interface SchedulerOptions {
  run: (args: { full?: boolean; reconcile?: boolean }) => Promise<unknown>
  isOnline: () => boolean
  isRunning: () => boolean
  /** When plans the server no longer lists were last removed (a full sync counts). */
  lastReconcileAt: () => string | null
  intervalMs: number
  reconcileEveryMs: number
  onError: (err: unknown) => void
}

export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null

  constructor(private opts: SchedulerOptions) {}

  start(): void {
    this.stop()
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs)
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  reconfigure(intervalMs: number, reconcileEveryMs: number): void {
    this.opts = { ...this.opts, intervalMs, reconcileEveryMs }
    if (this.timer) this.start()
  }

  /** Syncs now if online and idle; reconciles instead when a reconciliation is due. */
  async tick(): Promise<void> {
    if (!this.opts.isOnline() || this.opts.isRunning()) return
    const last = this.opts.lastReconcileAt()
    // No reconciliation yet means no full sync yet either: the plain run below is the full one.
    const due = last !== null && Date.now() - Date.parse(last) >= this.opts.reconcileEveryMs
    try {
      await this.opts.run(due ? { reconcile: true } : {})
    } catch (err) {
      this.opts.onError(err)
    }
  }
}
