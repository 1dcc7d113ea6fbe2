/**
 * Cross-process leases: work that must run once at a time per cache (pull sync, outbox replay)
 * holds a row of `leases` while it runs (the pull lease in the cache, the push lease in the
 * outbox's file). Taken and renewed in IMMEDIATE write transactions (so two processes can never
 * both see the row free), renewed by a heartbeat, released on exit, and taken over by another
 * process once it has expired (its holder crashed or was killed), or at once when its holder
 * was a process of this machine that is gone. A holder checks the row inside each of its write
 * transactions ({@link CacheLease.assertHeld}), so a process that lost its lease (paused past
 * expiry) can never commit over its successor's work.
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Database, Statement } from 'better-sqlite3'

export type LeaseName = 'pull' | 'push'

export interface LeaseHolder {
  owner: string
  pid: number
  host: string
  purpose: string
  acquiredAt: string
  heartbeatAt: string
  expiresAt: number
}

export interface LeaseOptions {
  /** How long a lease lives without a heartbeat; default 30 s (PLANDESK_LEASE_TTL_MS overrides, for tests). */
  ttlMs?: number
  /** What the holder is doing, shown to a process that has to wait ("plandesk sync", "the app"). */
  purpose: string
  now?: () => number
  /** The database of the connection whose `leases` table holds it; default 'main' (the cache). */
  schema?: string
}

/** Thrown when a lease is held by another live process and the caller would not wait. */
export class LeaseBusyError extends Error {
  override readonly name = 'LeaseBusyError'
  readonly code = 'busy' as const
  constructor(
    readonly lease: LeaseName,
    readonly holder: LeaseHolder,
  ) {
    super(
      `Another PlanDesk is ${lease === 'pull' ? 'syncing' : 'sending the queued changes of'} this cache (${holder.purpose}, process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}).`,
    )
  }
}

/** Thrown inside a write transaction of a holder whose lease was taken over after it expired. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError'
  readonly code = 'busy' as const
  constructor(readonly lease: LeaseName) {
    super(`This process lost the ${lease} lease of the cache (it expired while the work was paused); another process continues it.`)
  }
}

interface Row {
  owner: string
  pid: number
  host: string
  purpose: string
  acquired_at: string
  heartbeat_at: string
  expires_at: number
}

function toHolder(r: Row): LeaseHolder {
  return {
    owner: r.owner,
    pid: r.pid,
    host: r.host,
    purpose: r.purpose,
    acquiredAt: r.acquired_at,
    heartbeatAt: r.heartbeat_at,
    expiresAt: r.expires_at,
  }
}

export const DEFAULT_LEASE_TTL_MS = 30_000

/**
 * Whether a lease row's holder is a process of this machine that no longer runs (killed, or
 * crashed): its lease is free at once instead of after its expiry. A process on another
 * machine (a shared folder) is never judged from here; EPERM means it runs under another user.
 */
export function holderGone(row: { host: string; pid: number }, host: string = hostname()): boolean {
  return row.host === host && !processRuns(row.pid)
}

/** Whether a process of this machine runs (EPERM: it does, under another user). */
export function processRuns(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

function defaultTtl(): number {
  const env = Number(process.env.PLANDESK_LEASE_TTL_MS)
  return Number.isInteger(env) && env >= 200 ? env : DEFAULT_LEASE_TTL_MS
}

/** Waits ms, or less when the signal aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/**
 * A held lease as data: what another connection of the same process checks it by (a long walk's
 * writer thread, inside each of its write transactions; see leaseCheck).
 */
export interface HeldLease {
  /** The database of the connection whose `leases` table holds it. */
  schema: string
  name: LeaseName
  owner: string
}

/** A check of `held` on another connection, run inside its write transactions: throws LeaseLostError once another process holds it. */
export function leaseCheck(db: Database, held: HeldLease): () => void {
  const sel = db.prepare(`SELECT owner FROM ${held.schema}.leases WHERE name = ?`).pluck() as Statement<[string], string | undefined>
  return () => {
    if (sel.get(held.name) !== held.owner) throw new LeaseLostError(held.name)
  }
}

/** One process's handle on one named lease of one cache. */
export class CacheLease {
  readonly owner: string
  private readonly ttlMs: number
  private readonly now: () => number
  private heartbeat: NodeJS.Timeout | null = null
  private readonly sel: Statement<[string], Row>
  private readonly ins: Statement
  private readonly renewSt: Statement
  private readonly del: Statement<[string, string]>

  constructor(
    private readonly db: Database,
    readonly name: LeaseName,
    private readonly opts: LeaseOptions,
  ) {
    this.owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
    this.ttlMs = opts.ttlMs ?? defaultTtl()
    this.now = opts.now ?? Date.now
    const leases = `${opts.schema ?? 'main'}.leases`
    this.sel = db.prepare(`SELECT owner, pid, host, purpose, acquired_at, heartbeat_at, expires_at FROM ${leases} WHERE name = ?`)
    this.ins = db.prepare(`
      INSERT INTO ${leases} (name, owner, pid, host, purpose, acquired_at, heartbeat_at, expires_at)
      VALUES (@name, @owner, @pid, @host, @purpose, @at, @at, @expires)
      ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, host = excluded.host,
        purpose = excluded.purpose, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at,
        expires_at = excluded.expires_at`)
    this.renewSt = db.prepare(`UPDATE ${leases} SET heartbeat_at = @at, expires_at = @expires WHERE name = @name AND owner = @owner`)
    this.del = db.prepare(`DELETE FROM ${leases} WHERE name = ? AND owner = ?`)
  }

  get held(): boolean {
    return this.heartbeat !== null
  }

  /** Who holds the lease now (an expired row, or one of a process of this machine that is gone, counts as nobody). */
  holder(): LeaseHolder | null {
    const row = this.sel.get(this.name)
    return row && row.expires_at > this.now() && !holderGone(row) ? toHolder(row) : null
  }

  /** Takes the lease if it is free, expired or already ours; otherwise returns its holder. */
  tryAcquire(): { acquired: true } | { acquired: false; holder: LeaseHolder } {
    const result = this.db
      .transaction(() => {
        const row = this.sel.get(this.name)
        const t = this.now()
        if (row && row.owner !== this.owner && row.expires_at > t && !holderGone(row)) return { acquired: false as const, holder: toHolder(row) }
        const at = new Date(t).toISOString()
        this.ins.run({ name: this.name, owner: this.owner, pid: process.pid, host: hostname(), purpose: this.opts.purpose, at, expires: t + this.ttlMs })
        return { acquired: true as const }
      })
      .immediate()
    if (result.acquired) this.startHeartbeat()
    return result
  }

  /**
   * Takes the lease, waiting for it when `wait` (polling until the holder releases it or it
   * expires); without `wait`, a held lease throws LeaseBusyError at once. `onWaiting` is told
   * once who is being waited for. Resolves false when the signal aborted the wait.
   */
  async acquire(opts: { wait: boolean; signal?: AbortSignal; onWaiting?: (holder: LeaseHolder) => void; pollMs?: number }): Promise<boolean> {
    let told = false
    for (;;) {
      if (opts.signal?.aborted) return false
      const got = this.tryAcquire()
      if (got.acquired) return true
      if (!opts.wait) throw new LeaseBusyError(this.name, got.holder)
      if (!told) {
        told = true
        opts.onWaiting?.(got.holder)
      }
      const untilExpiry = Math.max(0, got.holder.expiresAt - this.now())
      await sleep(Math.min(opts.pollMs ?? 250, untilExpiry + 10), opts.signal)
    }
  }

  /** Extends the lease; false when it was lost (expired and taken over). */
  renew(): boolean {
    const t = this.now()
    return this.renewSt.run({ name: this.name, owner: this.owner, at: new Date(t).toISOString(), expires: t + this.ttlMs }).changes > 0
  }

  /** This lease as data, for a check on another connection (leaseCheck). */
  asHeld(): HeldLease {
    return { schema: this.opts.schema ?? 'main', name: this.name, owner: this.owner }
  }

  /** For use inside a write transaction: throws LeaseLostError unless this process still holds the lease. */
  assertHeld(): void {
    const row = this.sel.get(this.name)
    if (!row || row.owner !== this.owner) throw new LeaseLostError(this.name)
  }

  release(): void {
    this.stopHeartbeat()
    try {
      this.db.transaction(() => this.del.run(this.name, this.owner)).immediate()
    } catch {
      // The cache is closing or busy: the row expires by itself.
    }
  }

  /** Runs fn while holding the lease; releases it afterwards whatever happens. */
  async run<T>(fn: () => Promise<T>, opts: { wait: boolean; signal?: AbortSignal; onWaiting?: (holder: LeaseHolder) => void }): Promise<T | undefined> {
    if (!(await this.acquire(opts))) return undefined
    try {
      return await fn()
    } finally {
      this.release()
    }
  }

  private startHeartbeat(): void {
    this.stopHeartbeat()
    this.heartbeat = setInterval(() => {
      try {
        // Lost (expired and taken over): stop beating; the holder's next write transaction
        // fails its assertHeld() and the work stops.
        if (!this.renew()) this.stopHeartbeat()
      } catch {
        // Busy for longer than the busy timeout: try again at the next beat.
      }
    }, Math.max(50, Math.floor(this.ttlMs / 3)))
    this.heartbeat.unref?.()
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = null
  }
}
