/**
 * Writing one batch of a walk's pages: its plans in slices of the write pace, each slice in a
 * write transaction of its own, and the walk's bookkeeping of those pages (the plans it refused,
 * its progress) with the last slice, so a walk killed between two slices resumes before these
 * pages and reads them again (the plans already written then cost a hash comparison). The same
 * code writes on the sync's own thread and on a long walk's writer thread (walk-writer.ts).
 */
import type { ApplyCounts, PagePlan, SyncStateKey } from '../store'

/** A batch of pages to write, as data (it may travel to the writer thread). */
export interface BatchWrite {
  /** The pages' plans, in orderPagePlans's order. */
  plans: readonly PagePlan[]
  runId: number
  /** Mark unchanged plans as seen by the run (WalkAndApplyOptions.markUnchanged). */
  markUnchanged: boolean
  /** Plans the server sent malformed: they keep their last good copy and count as seen. */
  touch: readonly number[]
  /** Sync state set with the last slice, in this order (a full walk's progress). */
  state: ReadonlyArray<readonly [SyncStateKey, unknown]>
}

/** What writing a batch needs of a connection to the cache. */
export interface BatchTarget {
  /** One write transaction, with the session's lease checked inside it. */
  transaction<T>(fn: () => T): T
  applyOrdered(plans: readonly PagePlan[], runId: number, opts: { markUnchanged: boolean }): ApplyCounts
  touchPlans(pks: readonly number[], runId: number): void
  setState(key: SyncStateKey, value: unknown): void
}

/** Pages that have already arrived when one is written go into the same batch, up to this many plans. */
export const PLANS_PER_BATCH = 1000

/**
 * The same for a batch the writer thread writes. Its write transactions lock the outbox's file
 * too (it is attached to the connection), and it writes a batch's slices one after the other: a
 * decision saved on the main thread meanwhile waits for the rest of the batch, so a batch is
 * about one slice of the writer's pace (walk-writer.ts WORKER_SLICE_MS), not five.
 */
export const PLANS_PER_THREADED_BATCH = 250

/**
 * About how long one write transaction of a walk on the sync's own thread lasts: a search asked
 * meanwhile waits at most about this long.
 */
export const WRITE_SLICE_MS = 10
const FIRST_SLICE = 100
const MIN_SLICE = 20

/**
 * How many plans the next write transaction of a walk takes: as many as took about `sliceMs`
 * lately (a running average of the time a plan took, commit included), within bounds.
 */
export class WritePace {
  private msPerPlan: number | null = null

  constructor(private readonly sliceMs: number = WRITE_SLICE_MS) {}

  next(): number {
    if (this.msPerPlan === null) return FIRST_SLICE
    return Math.max(MIN_SLICE, Math.min(PLANS_PER_BATCH, Math.round(this.sliceMs / Math.max(this.msPerPlan, 1e-3))))
  }

  took(ms: number, plans: number): void {
    if (plans === 0) return
    const each = ms / plans
    this.msPerPlan = this.msPerPlan === null ? each : 0.7 * this.msPerPlan + 0.3 * each
  }
}

/**
 * Writes the batch in slices of the pace; `between` runs between two slices (the sync's thread
 * lets its event loop turn there, and stops if the run was cancelled).
 */
export async function writeBatch(target: BatchTarget, job: BatchWrite, pace: WritePace, between?: () => Promise<void>): Promise<ApplyCounts> {
  const total: ApplyCounts = { added: 0, updated: 0, unchanged: 0 }
  for (let at = 0; ; ) {
    const slice = job.plans.slice(at, at + pace.next())
    at += slice.length
    const last = at >= job.plans.length
    const started = performance.now()
    const c = target.transaction(() => {
      const c = target.applyOrdered(slice, job.runId, { markUnchanged: job.markUnchanged })
      if (last) {
        if (job.touch.length > 0) target.touchPlans(job.touch, job.runId)
        for (const [key, value] of job.state) target.setState(key, value)
      }
      return c
    })
    pace.took(performance.now() - started, slice.length)
    total.added += c.added
    total.updated += c.updated
    total.unchanged += c.unchanged
    if (last) return total
    await between?.()
  }
}
