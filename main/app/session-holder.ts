/**
 * The app's one {@link ServerSession}: opened, and replaced whole (sign-in, sign-out, a new
 * language), never patched. What a session reports about the server (a request answered or
 * failed, changes applied) goes to whoever subscribed: the connection monitor and the sync
 * coordinator, built after the holder. Replays start only at {@link start}, once everything that
 * listens is in place.
 */
import type { Language } from '../../preload/contract'
import { createLogger } from '../log'
import type { AppEvents } from './events'
import { openSession, type ServerSession, type SessionCredentials, type SessionTarget } from './session'
import { StartupCheck } from './startup-check'

const log = createLogger('app')

export interface SessionHolderOptions {
  dataDir: string
  /** Who opens the cache, as told to another process waiting for it. */
  purpose: string
  events: AppEvents
  /** The app's notices; each session's own are added. */
  notices: string[]
  /** The language and history the next session opens with. */
  preferences: () => { language: Language; historyDays: number }
  /** Replays run (off in some tests). */
  background: boolean
}

type Listener<A extends unknown[]> = (...args: A) => void

export class SessionHolder {
  private session: ServerSession
  private started = false
  /** The current session's cache check, run after it opened (startup-check.ts). */
  private check: StartupCheck | null = null
  /** The next session checks its cache at open (the check after opening found the file damaged). */
  private checkAtOpen = false
  /** A replacement asked for while a sync ran: made when the sync ends, so the sync is not lost. */
  private deferred: { target: SessionTarget; credentials: SessionCredentials | null } | null = null
  private readonly listeners = {
    serverOk: [] as Listener<[]>[],
    serverError: [] as Listener<[unknown]>[],
    applied: [] as Listener<[]>[],
  }

  constructor(
    private readonly opts: SessionHolderOptions,
    target: SessionTarget,
    credentials: SessionCredentials | null,
  ) {
    this.session = this.open(target, credentials)
  }

  get current(): ServerSession {
    return this.session
  }

  onServerOk(fn: () => void): void {
    this.listeners.serverOk.push(fn)
  }

  onServerError(fn: (err: unknown) => void): void {
    this.listeners.serverError.push(fn)
  }

  /** Changes the server applied: what it made of them comes back with the next pull. */
  onApplied(fn: () => void): void {
    this.listeners.applied.push(fn)
  }

  start(): void {
    this.started = true
    if (this.opts.background) this.session.startReplay()
  }

  async replace(target: SessionTarget, credentials: SessionCredentials | null): Promise<void> {
    this.deferred = null
    this.check?.stop()
    await this.session.close()
    this.session = this.open(target, credentials)
    if (this.started && this.opts.background) this.session.startReplay()
    this.opts.events.emit('plans:changed', { pks: 'all' })
    this.opts.events.emit('storage:changed', this.session.storage.current)
    this.tell([])
  }

  /** The same server and person in a new session; while a sync runs, once it has ended. */
  async reopen(): Promise<void> {
    const next = { target: { demo: this.session.demo, serverUrl: this.session.serverUrl }, credentials: this.session.credentials }
    if (this.session.syncing) this.deferred = next
    else await this.replace(next.target, next.credentials)
  }

  /** A sync ended: a replacement asked for meanwhile is made now. */
  async settle(): Promise<void> {
    const next = this.deferred
    if (next && !this.session.syncing) await this.replace(next.target, next.credentials)
  }

  close(): Promise<void> {
    this.deferred = null
    this.check?.stop()
    return this.session.close()
  }

  private open(target: SessionTarget, credentials: SessionCredentials | null): ServerSession {
    const { events, notices } = this.opts
    const checkNow = this.checkAtOpen
    this.checkAtOpen = false
    const s = openSession({
      dataDir: this.opts.dataDir,
      target,
      credentials,
      purpose: this.opts.purpose,
      check: checkNow || 'later',
      ...this.opts.preferences(),
      hooks: {
        outboxChanged: (summary) => events.emit('outbox:changed', summary),
        applied: () => this.listeners.applied.forEach((fn) => fn()),
        serverOk: () => this.listeners.serverOk.forEach((fn) => fn()),
        serverError: (err) => this.listeners.serverError.forEach((fn) => fn(err)),
        storageChanged: (state) => {
          if (state.writable) log.info('The disk has room again: PlanDesk can save changes.')
          else log.warn('The disk is full: PlanDesk is read-only until space is freed.')
          events.emit('storage:changed', state)
        },
      },
    })
    notices.push(...s.notices)
    this.check = checkNow ? null : new StartupCheck(s, { notices: (lines) => this.tell(lines), damaged: () => this.reopenChecked() })
    return s
  }

  private tell(lines: string[]): void {
    this.opts.notices.push(...lines)
    this.opts.events.emit('app:notices', [...new Set(this.opts.notices)])
  }

  /** The cache check found the file damaged: the session opens again, checked at open (which moves the file aside). */
  private reopenChecked(): void {
    this.checkAtOpen = true
    this.reopen().catch((e: Error) => log.error(`Opening the cache again after damage was found failed: ${e.message}`))
  }
}
