import type { ConnectionState, ConnectionStatus } from '../../preload/contract'

export interface ConnectivityOptions {
  /** A cheap authenticated request; resolves when the server answered, throws otherwise. */
  probe: () => Promise<void>
  onChange: (state: ConnectionState) => void
  serverUrl: () => string | null
  /** Poll interval while online. */
  onlineIntervalMs?: number
  /** First retry delay while offline; doubles up to maxOfflineIntervalMs. */
  offlineIntervalMs?: number
  maxOfflineIntervalMs?: number
}

interface ProbeError {
  kind?: string
  message?: string
}

/**
 * Tracks whether the server is reachable: online, offline (network, time-out), server error (5xx)
 * or signed out (401). Polls slowly while online and backs off while offline; any request elsewhere in the
 * app that succeeds or fails can report in with {@link reportSuccess} / {@link reportFailure} so
 * the state follows real traffic, not just the poll.
 */
export class ConnectivityMonitor {
  private state: ConnectionState
  private timer: NodeJS.Timeout | null = null
  private offlineDelay: number
  /** Polling is armed only by start(): a check() alone never starts a timer. */
  private stopped = true
  private checking: Promise<ConnectionState> | null = null

  constructor(private readonly opts: ConnectivityOptions) {
    this.offlineDelay = opts.offlineIntervalMs ?? 5_000
    this.state = { status: 'checking', serverUrl: opts.serverUrl(), detail: null, since: new Date().toISOString() }
  }

  get current(): ConnectionState {
    return { ...this.state }
  }

  start(): void {
    this.stopped = false
    void this.check()
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Probes now (coalescing concurrent calls) and reschedules the next probe. */
  check(): Promise<ConnectionState> {
    if (this.checking) return this.checking
    this.checking = (async () => {
      try {
        await this.opts.probe()
        this.reportSuccess()
      } catch (err) {
        this.reportFailure(err)
      } finally {
        this.checking = null
      }
      this.schedule()
      return this.current
    })()
    return this.checking
  }

  reportSuccess(): void {
    this.offlineDelay = this.opts.offlineIntervalMs ?? 5_000
    this.set('online', null)
  }

  reportFailure(err: unknown): void {
    const e = (err ?? {}) as ProbeError
    if (e.kind === 'auth') this.set('signed-out', 'The server no longer accepts your sign-in. Sign in again.')
    else if (e.kind === 'network' || e.kind === 'timeout') {
      this.set('offline', e.message ?? 'The server cannot be reached.')
    } else if (e.kind === 'server') this.set('server-error', e.message ?? 'The server answered with an error.')
    else if (e.kind === 'signed-out') this.set('signed-out', e.message ?? 'Not signed in.')
    // Other errors (validation, not_found, ...) say nothing about reachability.
  }

  /** For when there is nothing to probe (no server or no token). */
  setSignedOut(detail: string): void {
    this.set('signed-out', detail)
  }

  private set(status: ConnectionStatus, detail: string | null): void {
    const serverUrl = this.opts.serverUrl()
    if (this.state.status === status && this.state.detail === detail && this.state.serverUrl === serverUrl) return
    this.state = { status, detail, serverUrl, since: new Date().toISOString() }
    this.opts.onChange(this.current)
  }

  private schedule(): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    let delay: number
    if (this.state.status === 'online') delay = this.opts.onlineIntervalMs ?? 30_000
    else {
      delay = this.offlineDelay
      this.offlineDelay = Math.min(this.offlineDelay * 2, this.opts.maxOfflineIntervalMs ?? 60_000)
    }
    this.timer = setTimeout(() => void this.check(), delay)
    this.timer.unref?.()
  }
}
