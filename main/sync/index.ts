/** The pull side of sync: full and incremental pulls, reconciliation, channel types. */
export { SyncEngine, SyncBusyError } from './engine'
export type { SyncEngineOptions, SyncRunArgs } from './engine'
export { SyncCancelled } from './context'
export { scopeFilters, scopeKey } from './scope'
export { learnChannelTypes } from './channels'
export { RECONCILE_CHUNK } from './reconcile'
