/**
 * Read-only mode on a full disk. Every write of a session goes through {@link StorageGuard}:
 * when one fails because the disk is full (SQLite rolled it back whole, so nothing earlier is
 * touched), the guard turns the session read-only, says so once, and probes every few seconds
 * with a real write; when one commits, the session is writable again. While read-only, writes
 * fail at once with a `disk_full` error instead of reaching SQLite, and reads go on as before.
 *
 * The person's decisions are written apart (the outbox's own file: a few kilobytes each), so a
 * disk with no room for a sync may still take them: while read-only, the guard also probes
 * whether a decision fits, and decisions (`writeDecision`) are refused only when it does not.
 * Either way the state says so before the person decides.
 */
import type { StorageState } from '../../preload/contract'
import { AppError, DISK_FULL_DECISIONS_MESSAGE, DISK_FULL_MESSAGE, isDiskFull } from '../domain/errors'

export interface StorageGuardOptions {
  /** A real write of some size: true when it committed, false when the disk is still full. */
  probe: () => boolean
  /** A real write of a decision's size to where decisions go: true when it committed. Without it, decisions follow `probe`. */
  probeDecisions?: () => boolean
  /** How often to probe while read-only; default 10 s (PLANDESK_DISK_PROBE_MS). */
  probeEveryMs?: number
  onChange?: (state: StorageState) => void
}

function defaultProbeEveryMs(): number {
  const v = Number(process.env.PLANDESK_DISK_PROBE_MS)
  return Number.isFinite(v) && v >= 50 ? v : 10_000
}

export class StorageGuard {
  private state: StorageState = { writable: true, decisions: true, detail: null, since: new Date().toISOString() }
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  private readonly everyMs: number

  constructor(private readonly opts: StorageGuardOptions) {
    this.everyMs = opts.probeEveryMs ?? defaultProbeEveryMs()
  }

  get current(): StorageState {
    return { ...this.state }
  }

  get writable(): boolean {
    return this.state.writable
  }

  /** Decisions can be saved (the disk has room, or at least room for them). */
  get decisions(): boolean {
    return this.state.writable || this.state.decisions
  }

  /** Throws the disk-full error while read-only. */
  assertWritable(): void {
    if (!this.state.writable) throw new AppError('disk_full', DISK_FULL_MESSAGE)
  }

  /** Runs a write; a full disk turns the session read-only and is thrown as a `disk_full` error. */
  write<T>(fn: () => T): T {
    this.assertWritable()
    try {
      return fn()
    } catch (e) {
      throw this.translate(e)
    }
  }

  async writeAsync<T>(fn: () => Promise<T>): Promise<T> {
    this.assertWritable()
    try {
      return await fn()
    } catch (e) {
      throw this.translate(e)
    }
  }

  /** Runs a write of the person's decisions: refused only while even they do not fit. */
  writeDecision<T>(fn: () => T): T {
    if (!this.decisions) throw new AppError('disk_full', DISK_FULL_MESSAGE)
    try {
      return fn()
    } catch (e) {
      throw this.translateDecision(e)
    }
  }

  async writeDecisionAsync<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.decisions) throw new AppError('disk_full', DISK_FULL_MESSAGE)
    try {
      return await fn()
    } catch (e) {
      throw this.translateDecision(e)
    }
  }

  /** Looks at an error from a write made elsewhere (the replay, a sync): true when it was a full disk. */
  noteFailure(err: unknown): boolean {
    if (!isDiskFull(err)) return false
    this.enterReadOnly()
    return true
  }

  /** A full-disk error becomes the person's message (and read-only mode); others pass through. */
  translate(err: unknown): unknown {
    return this.noteFailure(err) ? new AppError('disk_full', DISK_FULL_MESSAGE) : err
  }

  /** A decision that did not fit: decisions are refused too until a probe finds room. */
  private translateDecision(err: unknown): unknown {
    if (!isDiskFull(err)) return err
    this.set({ writable: false, decisions: false, detail: DISK_FULL_MESSAGE, since: this.state.writable ? new Date().toISOString() : this.state.since })
    this.schedule()
    return new AppError('disk_full', DISK_FULL_MESSAGE)
  }

  /** Starts read-only: the session opened on a full disk. */
  startReadOnly(): void {
    this.enterReadOnly()
  }

  /** Probes now; true when writable (again). */
  probeNow(): boolean {
    if (this.state.writable) return true
    let ok = false
    try {
      ok = this.opts.probe()
    } catch {
      ok = false
    }
    if (ok) this.set({ writable: true, decisions: true, detail: null, since: new Date().toISOString() })
    else {
      const decisions = this.decisionsFit()
      if (decisions !== this.state.decisions) this.set(this.readOnlyState(decisions))
      this.schedule()
    }
    return ok
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private decisionsFit(): boolean {
    try {
      return this.opts.probeDecisions?.() ?? false
    } catch {
      return false
    }
  }

  private readOnlyState(decisions: boolean): StorageState {
    return { writable: false, decisions, detail: decisions ? DISK_FULL_DECISIONS_MESSAGE : DISK_FULL_MESSAGE, since: this.state.writable ? new Date().toISOString() : this.state.since }
  }

  private enterReadOnly(): void {
    if (!this.state.writable) return
    this.set(this.readOnlyState(this.decisionsFit()))
    this.schedule()
  }

  private schedule(): void {
    if (this.stopped || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.probeNow()
    }, this.everyMs)
    this.timer.unref?.()
  }

  private set(state: StorageState): void {
    this.state = state
    try {
      this.opts.onChange?.({ ...state })
    } catch {
      // A listener must not break the guard.
    }
  }
}
