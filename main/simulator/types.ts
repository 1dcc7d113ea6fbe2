/**
 * Public surface of the Omnitron simulator (main/simulator). Demo mode, the integration tests,
 * the end-to-end tests and the benchmarks use only what is declared here.
 */

export interface SimulatorOptions {
  /** Always a loopback address; default 127.0.0.1. */
  host?: string
  /** 0 (default) picks a random free port. */
  port?: number
  /** How many plans to generate; default 2000. */
  plans?: number
  /** Data is deterministic for a seed; default 42. */
  seed?: number
  /** SQLite file for the simulator's own data; default in memory. */
  dbFile?: string
  /** The clock the generated data is anchored to (dates spread over the 180 days before it). */
  now?: () => Date
  /** Initial faults (all off by default). */
  faults?: Partial<FaultOptions>
}

/** Injected misbehaviour; every rate is a probability 0..1 per request. */
export interface FaultOptions {
  latencyMs: number
  latencyJitterMs: number
  /** 500/502/503 with realistic bodies. */
  failRate: number
  /** The socket is destroyed before any response. */
  resetRate: number
  /** The request is never answered (the client must time out). */
  hangRate: number
  /** Headers and part of the body are sent, then the socket is destroyed. */
  truncateRate: number
  /** Mutations only: the change is applied, then the connection is reset (response lost). */
  lostResponseRate: number
  /** Refuse every connection (the listening socket is closed) until set back to false. */
  offline: boolean
  /**
   * Every request that would change something (a POST, e.g. update_status or
   * create_payment_plan) waits, before its latency and its fate, until this is set back to
   * false; then the requests held go on at once (a request whose client gave up meanwhile is
   * dropped, unapplied). Reads are never held. A change kept in flight for exactly as long as a
   * test needs, with no timer to race.
   */
  holdChanges: boolean
}

export type AuditAction =
  | 'update_status'
  | 'create_payment_plan'
  | 'admin_update'
  | 'admin_add'
  | 'admin_delete'

/** One applied mutation; tests use the log to prove an edit was applied exactly once. */
export interface AuditEntry {
  seq: number
  pk: number
  action: AuditAction
  body: unknown
  user: string
  at: string
}

/** Changes made "as another user would", for conflict tests. */
export interface SimulatorAdmin {
  getPlan(pk: number): Record<string, unknown> | null
  /** Sets fields of a plan (e.g. status) and bumps modified_date like a real edit. */
  updatePlan(pk: number, patch: { status?: string; [field: string]: unknown }, user?: string): void
  /** Adds a generated plan (fields may be overridden); returns its pk. */
  addPlan(overrides?: Record<string, unknown>): number
  deletePlan(pk: number): void
  audit(filter?: { pk?: number; action?: AuditAction }): AuditEntry[]
  planCount(): number
}

export interface RunningSimulator {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:38211 */
  readonly url: string
  /** The demo account. */
  readonly username: string
  readonly password: string
  /** A token already valid for the demo account. */
  readonly token: string
  /** Secret for the loopback admin HTTP interface (header X-Simulator-Secret). */
  readonly adminSecret: string
  readonly admin: SimulatorAdmin
  setFaults(faults: Partial<FaultOptions>): void
  /** Every existing token answers 401 until a new login. */
  expireTokens(): void
  setOffline(offline: boolean): Promise<void>
  close(): Promise<void>
}
