/**
 * Read-only mode on a full disk. Every write of a session goes through {@link StorageGuard}:
 * when one fails because the disk is full (SQLite rolled it back whole, so nothing earlier is
 * touched), the guard turns the session read-only, says so once, and probes every few seconds
 * with a real write; when one commits, the session is writable again. While read-only, writes
 * fail at once with a `disk_full` error instead of reaching SQLite, and reads go on as before.
 */
import type { StorageState } from '../../preload/contract'
import { AppError, DISK_FULL_MESSAGE, isDiskFull } from '../domain/errors'

export interface StorageGuardOptions {
  /** A real write of some size: true when it committed, false when the disk is still full. */
  probe: () => boolean
  /** How often to probe while read-only; default 10 s (PLANDESK_DISK_PROBE_MS). */
  probeEveryMs?: number
  onChange?: (state: StorageState) => void
}

function defaultProbeEveryMs(): number {
  const v = Number(process.env.PLANDESK_DISK_PROBE_MS)
  return Number.isFinite(v) && v >= 50 ? v : 10_000
}

export class StorageGuard {
  private state: StorageState = { writable: true, detail: null, since: new Date().toISOString() }
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

  /** Probes now; true when writable (again). */
  probeNow(): boolean {
    if (this.state.writable) return true
    let ok = false
    try {
      ok = this.opts.probe()
    } catch {
      ok = false
    }
    if (ok) this.set({ writable: true, detail: null, since: new Date().toISOString() })
    else this.schedule()
    return ok
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private enterReadOnly(): void {
    if (!this.state.writable) return
    this.set({ writable: false, detail: DISK_FULL_MESSAGE, since: new Date().toISOString() })
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
