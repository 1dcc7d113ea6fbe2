/**
 * What the store accepts from sync. Structurally the same as the client's CheckedPlan, but
 * declared here so the store depends on no HTTP code.
 */
export interface PlanInput {
  pk: number
  status: string
  /** ISO 8601 UTC. */
  modifiedDate: string
  /** The server's JSON object, stored whole. */
  raw: Record<string, unknown>
  /**
   * Made ahead of the write by PlanStore.prepareRecords: the object's JSON text, its hash, and
   * the stored record when the plan was new or changed at the time (else made at the write).
   */
  encoded?: EncodedPlan
}

export interface EncodedPlan {
  json: string
  hash: string
  record: Buffer | null
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
