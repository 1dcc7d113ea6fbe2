/**
 * What the store accepts from sync. Structurally the same as the client's CheckedPlan, but
 * declared here so the store depends on no HTTP code.
 */
import type { PreparedPlan } from './prepare'

export interface PlanInput {
  pk: number
  status: string
  /** ISO 8601 UTC. */
  modifiedDate: string
  /** The server's JSON object, stored whole. */
  raw: Record<string, unknown>
  /**
   * The object's JSON text as the server wrote it, when the client had it (a list page's
   * entries): kept and hashed as it is. Without it, the store writes `raw` out with JSON.stringify.
   */
  json?: string
  /**
   * Readied ahead of the write, away from the writing thread (prepare.ts): the store then writes
   * these and never reads `raw` or `json`.
   */
  prepared?: PreparedPlan
}

/** How applyPlans writes a batch of server copies. */
export interface ApplyOptions {
  /** Mark unchanged plans seen by the run (full walks; default true). */
  markUnchanged?: boolean
  /**
   * When the request that brought these copies was sent (ISO, this computer's clock). A cached
   * plan one of the outbox's edits applied to after that moment is left as it is: the copy may
   * predate the edit, and writing it would show the old status again and make the person's
   * next decision on the plan look like a colleague's change (a false conflict). The replay's
   * read-back, or the next sync, brings the newer copy.
   */
  readAt?: string
}

export interface ApplyCounts {
  added: number
  updated: number
  unchanged: number
}

/** Keys of the sync_state table. */
export type SyncStateKey =
  | 'cursor'
  | 'lastFullSyncAt'
  | 'lastSyncAt'
  | 'lastReconcileAt'
  | 'lastResult'
  | 'scopeKey'
  /** The sync scope setting itself: one per cache, shared by the app and the CLI. */
  | 'scope'
  | 'fullProgress'
  | 'runCounter'
