/**
 * Syncs of the current session, asked for by the person or by the scheduler: progress and
 * outcome to the renderer, the last result and error for the sync state, the connection monitor
 * told what the server did. Back online, what was decided offline is sent and what changed
 * meanwhile pulled at once, not at the next interval; changes the server applied are read back
 * with a pull.
 */
import type { SyncResult, SyncStartArgs, SyncState } from '../../preload/contract'
import { errorShape } from '../domain/errors'
import { createLogger } from '../log'
import { LeaseBusyError } from '../store'
import type { ConnectivityMonitor } from './connectivity'
import type { AppEvents } from './events'
import { SyncScheduler } from './scheduler'
import type { SessionHolder } from './session-holder'

const log = createLogger('app')

export interface SyncCoordinatorOptions {
  holder: SessionHolder
  connectivity: ConnectivityMonitor
  events: AppEvents
  intervals: () => { syncIntervalMinutes: number; reconcileIntervalHours: number }
  background: boolean
}

const MINUTE = 60_000
const HOUR = 3_600_000

export class SyncCoordinator {
  private lastError: SyncState['lastError'] = null
  private lastResult: SyncResult | null = null
  private readonly scheduler: SyncScheduler

  constructor(private readonly opts: SyncCoordinatorOptions) {
    const { holder, connectivity, events } = opts
    const every = opts.intervals()
    this.scheduler = new SyncScheduler({
      run: (args) => this.run(args, false),
      isOnline: () => connectivity.current.status === 'online',
      isRunning: () => holder.current.syncing,
      lastReconcileAt: () => {
        const s = holder.current.store.syncState()
        return s.lastReconcileAt ?? s.lastFullSyncAt
      },
      intervalMs: every.syncIntervalMinutes * MINUTE,
      reconcileEveryMs: every.reconcileIntervalHours * HOUR,
      onError: (err) => {
        if (err instanceof LeaseBusyError) log.info(`Background sync skipped: ${err.message}`)
        else log.warn('Background sync failed:', errorShape(err).message)
      },
    })
    holder.onApplied(() => void this.run({}, false).catch(() => undefined))
    events.on('connection:changed', (state) => {
      if (state.status !== 'online' || !opts.background) return
      holder.current.reconnected()
      void this.scheduler.tick()
    })
  }

  start(): void {
    if (this.opts.background) this.scheduler.start()
  }

  stop(): void {
    this.scheduler.stop()
  }

  reconfigure(): void {
    const every = this.opts.intervals()
    this.scheduler.reconfigure(every.syncIntervalMinutes * MINUTE, every.reconcileIntervalHours * HOUR)
  }

  /** A new person or server: the last error was theirs. */
  forgetError(): void {
    this.lastError = null
  }

  state(): SyncState {
    const s = this.opts.holder.current
    const saved = s.store.syncState()
    return { ...saved, running: s.syncing, lastError: this.lastError, lastResult: this.lastResult ?? saved.lastResult ?? null }
  }

  /** `explicit`: the person asked, so it waits for another process's sync of this cache; the scheduler's tick does not. */
  async run(args: SyncStartArgs, explicit: boolean): Promise<SyncResult> {
    const { holder, events, connectivity } = this.opts
    const s = holder.current
    try {
      const result = await s.sync(args, {
        wait: explicit,
        onProgress: (p) => events.emit('sync:progress', p),
        onWaiting: () =>
          events.emit('sync:progress', { kind: args.full ? 'full' : 'incremental', phase: 'waiting', pagesDone: 0, pagesTotal: null, plansDone: 0, plansTotal: null, rate: 0 }),
      })
      this.lastResult = result
      this.lastError = null
      connectivity.reportSuccess()
      events.emit('sync:finished', { result, error: null })
      events.emit('plans:changed', { pks: 'all' })
      rebuildShortTexts(holder)
      return result
    } catch (err) {
      if (err instanceof LeaseBusyError && !explicit) throw err
      this.lastError = errorShape(err)
      // A full disk says nothing about the server.
      if (this.lastError.code !== 'disk_full') connectivity.reportFailure(err)
      events.emit('sync:finished', { result: null, error: this.lastError })
      throw err
    } finally {
      await holder.settle().catch((e: unknown) => log.warn('The session could not be opened again after the sync:', errorShape(e).message))
    }
  }
}

/**
 * The sets of the short texts searched lately, which a sync that changed plans' text dropped,
 * are built again one at a time with other work (requests, the renderer's own refresh) in
 * between, so the next first keystroke finds its set kept (store/short-text.ts).
 */
function rebuildShortTexts(holder: SessionHolder): void {
  const s = holder.current
  const step = (): void => {
    if (s !== holder.current) return
    try {
      if (s.store.rebuildShortTextMatches()) setImmediate(step)
    } catch (err) {
      // The cache closed or is busy: the next search builds the set it needs itself.
      log.debug(`short-text sets not rebuilt: ${(err as Error).message}`)
    }
  }
  setImmediate(step)
}
