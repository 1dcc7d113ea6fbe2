/** What the sync steps share during one run. */
import type { SyncResult } from '../../preload/contract'
import type { OmnitronClient, PlanListFilters } from '../omnitron'

/** What a sync reads from the server (the engine hands it a client whose reads retry). */
export type PlanReader = Pick<OmnitronClient, 'baseUrl' | 'listPage' | 'statuses'>
import type { HeldLease, PlanStore } from '../store'
import type { ProgressTracker } from './progress'

export interface RunContext {
  store: PlanStore
  /** Checked inside every write transaction of the run (see commit). */
  guard?: () => void
  /**
   * The lease `guard` checks, as data: a long walk's writer thread checks it on its own
   * connection (walk-writer.ts). Without it, a run with a guard writes on its own thread.
   */
  heldLease?: HeldLease
  client: PlanReader
  filters: PlanListFilters
  scopeKey: string
  pageSize: number
  overlapMs: number
  signal: AbortSignal
  progress: ProgressTracker
  now: () => Date
  tally: Tally
}

/**
 * Commits fn in one write transaction after checking, inside it, that this run may still
 * write (the session's lease: a process that lost it must not commit over its successor).
 */
export function commit<T>(ctx: Pick<RunContext, 'store'> & { guard?: () => void }, fn: () => T): T {
  return ctx.store.transaction(() => {
    ctx.guard?.()
    return fn()
  })
}

/** Counts of one run, merged across its steps: the counting part of the contract's SyncResult. */
export type Tally = Pick<SyncResult, 'added' | 'updated' | 'removed' | 'unchanged' | 'skipped' | 'warnings'> & {
  /** Set when a walk ended early or could not be trusted: the cache may miss something. */
  incomplete: boolean
}

export function newTally(): Tally {
  return { added: 0, updated: 0, removed: 0, unchanged: 0, skipped: [], warnings: [], incomplete: false }
}

/**
 * Removes cached plans the server no longer lists. Plans with pending local edits are kept
 * (nothing the person did is dropped) and reported as a warning.
 */
export function removeUnlisted(store: PlanStore, pks: number[], tally: Tally): void {
  const { removed, keptPending } = store.removePlans(pks)
  tally.removed += removed.length
  if (keptPending.length > 0) {
    tally.warnings.push(
      `${keptPending.length} plan(s) no longer listed by the server still have pending edits and were kept: ${keptPending.join(', ')}.`,
    )
  }
}

/** Thrown between pages when the run was cancelled; caught by the engine. */
export class SyncCancelled extends Error {
  override readonly name = 'SyncCancelled'
  constructor() {
    super('The sync was cancelled.')
  }
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new SyncCancelled()
}

/** ISO time minus the overlap, never before the epoch. */
export function minus(iso: string, ms: number): string {
  return new Date(Math.max(0, Date.parse(iso) - ms)).toISOString()
}
