/**
 * The composition root of the main process: settings, token vault, connectivity, scheduling,
 * (in demo mode) the built-in simulator, and the current {@link ServerSession}, bound to the
 * IPC handler modules (main/ipc/handlers). The Electron glue and the web host both call
 * {@link createAppServices}; nothing here imports `electron`.
 *
 * The session is the only thing that changes while the app runs, and it changes whole:
 * signing in, signing out and changing the language close it and open another.
 */
import { mkdirSync } from 'node:fs'
import type {
  AppInfo,
  AuthStatus,
  Language,
  LoginArgs,
  LogoutArgs,
  Settings,
  SettingsPatch,
  StorageState,
  SyncResult,
  SyncStartArgs,
  SyncState,
} from '../../preload/contract'
import type { ExportDestination } from '../export/destination'
import { PlanExporter } from '../export/exporter'
import type { Handlers } from '../ipc/dispatch'
import { AppError, errorShape, isDiskFull } from '../domain/errors'
import { createHandlers, type AppRuntime } from '../ipc/handlers'
import { createLogger, forgetSecret, registerSecret } from '../log'
import { OmnitronClient } from '../omnitron'
import { checkServerUrl } from '../omnitron/url'
import type { RunningSimulator } from '../simulator/types'
import { LeaseBusyError } from '../store'
import { ConnectivityMonitor } from './connectivity'
import { AppEvents } from './events'
import { SyncScheduler } from './scheduler'
import { openSession, type ServerSession, type SessionCredentials, type SessionTarget } from './session'
import { SettingsStore } from './settings'
import type { TokenVault } from './token-vault'
import { UiStateStore } from './ui-state'

const log = createLogger('app')

export interface AppContext {
  dataDir: string
  host: 'electron' | 'web'
  version: string
  vault: TokenVault
  /** Command-line overrides: --demo / --server URL. */
  overrides?: { demo?: boolean; serverUrl?: string }
  /** Demo data size (tests use fewer plans). */
  demoPlans?: number
  /** Starts the built-in simulator; injected so tests and the bundle decide how it loads. */
  startDemoServer?: (opts: { plans: number; dataDir: string }) => Promise<RunningSimulator>
  /** Background sync and connectivity polling; off in some tests. */
  background?: boolean
  /** Where the Export button's files go (the desktop's save dialog, the web host's downloads); without it, exporting says it is not available. */
  exportDestination?: ExportDestination
}

export interface AppServices {
  readonly handlers: Handlers
  readonly events: AppEvents
  /** The built-in simulator in demo mode (tests drive its faults), else null. */
  readonly simulator: RunningSimulator | null
  info(): AppInfo
  /** The signed-in person's changes that have not reached the server (for the quit warning), and the UI language. */
  waitingChanges(): { count: number; language: Language }
  close(): Promise<void>
}

const DEMO_PLANS = 2000
const SETTINGS_NOT_SAVED = 'The disk is full, so your settings could not be saved: they apply until PlanDesk closes. Free some disk space.'
const PURPOSE = { electron: 'the PlanDesk app', web: 'PlanDesk in the browser' } as const

export async function createAppServices(ctx: AppContext): Promise<AppServices> {
  // The cache holds customer and order data: the folder is the user's alone.
  mkdirSync(ctx.dataDir, { recursive: true, mode: 0o700 })
  const events = new AppEvents()
  const settings = new SettingsStore(ctx.dataDir)
  const ui = new UiStateStore(ctx.dataDir)
  const notices: string[] = [...settings.notices, ...ui.notices]
  /** A settings write at start-up on a full disk: it holds until PlanDesk closes, and PlanDesk starts (read-only) all the same. */
  const saveSettings = (patch: SettingsPatch): void => {
    try {
      settings.update(patch)
    } catch (e) {
      if (!isDiskFull(e)) throw e
      notices.push(SETTINGS_NOT_SAVED)
    }
  }
  if (ctx.overrides?.serverUrl) saveSettings({ mode: 'server', serverUrl: ctx.overrides.serverUrl })
  else if (ctx.overrides?.demo) saveSettings({ mode: 'demo' })
  // Demo or server is decided once per launch: switching in Settings takes effect at restart,
  // so the banner, sign-in and cache always describe the data actually shown.
  const demo = settings.get().mode === 'demo'

  let simulator: RunningSimulator | null = null
  let target: SessionTarget
  let credentials: SessionCredentials | null = null
  let remembered = false
  if (demo) {
    if (!ctx.startDemoServer) throw new Error('Demo mode needs the built-in simulator')
    simulator = await ctx.startDemoServer({ plans: ctx.demoPlans ?? DEMO_PLANS, dataDir: ctx.dataDir })
    registerSecret(simulator.token)
    target = { demo: true, serverUrl: simulator.url }
    // PlanDesk's own demo server gave this token for this user.
    credentials = { username: simulator.username, token: simulator.token, verified: 'password' }
    log.info(`Demo mode: built-in Omnitron simulator at ${simulator.url}`)
  } else {
    const serverUrl = settings.get().serverUrl
    target = { demo: false, serverUrl }
    const saved = ctx.vault.load()
    if (serverUrl && saved && saved.serverUrl === serverUrl) {
      registerSecret(saved.token)
      credentials = { username: saved.username, token: saved.token, verified: saved.verified }
      remembered = true
    }
  }

  const open = (t: SessionTarget, c: SessionCredentials | null): ServerSession => {
    const s = openSession({
      dataDir: ctx.dataDir,
      target: t,
      credentials: c,
      purpose: PURPOSE[ctx.host],
      language: settings.get().language,
      historyDays: settings.get().historyDays,
      hooks: {
        outboxChanged: (summary) => events.emit('outbox:changed', summary),
        // What the server made of the edits comes back with the next pull.
        applied: () => void runSync({}, false).catch(() => undefined),
        serverOk: () => connectivity.reportSuccess(),
        serverError: (err) => connectivity.reportFailure(err),
        storageChanged: (state) => {
          if (state.writable) log.info('The disk has room again: PlanDesk can save changes.')
          else log.warn('The disk is full: PlanDesk is read-only until space is freed.')
          events.emit('storage:changed', state)
        },
      },
    })
    notices.push(...s.notices)
    if (ctx.background !== false) s.startReplay()
    return s
  }
  /** The one mutable reference: replaced whole, never patched. */
  let session = open(target, credentials)
  if (settings.legacyScope) {
    // The scope moved from settings.json into the cache: carry it over once, then drop it from the file.
    if (Object.keys(session.scope()).length === 0) session.setScope(settings.legacyScope)
    saveSettings({})
  }
  let lastError: SyncState['lastError'] = null
  let lastResult: SyncResult | null = null

  async function replaceSession(t: SessionTarget, c: SessionCredentials | null): Promise<void> {
    const old = session
    await old.close()
    session = open(t, c)
    events.emit('plans:changed', { pks: 'all' })
    events.emit('storage:changed', session.storage.current)
  }

  const connectivity = new ConnectivityMonitor({
    probe: async () => {
      const s = session
      if (!s.client || !s.signedIn) throw Object.assign(new Error('Not signed in.'), { kind: 'signed-out' })
      await s.client.statuses()
    },
    serverUrl: () => session.serverUrl ?? settings.get().serverUrl,
    onChange: (state) => {
      events.emit('connection:changed', state)
      // Back online: send what was decided offline and pull what changed meanwhile, without
      // waiting for the next interval.
      if (state.status === 'online' && ctx.background !== false) {
        session.reconnected()
        void scheduler.tick()
      }
    },
  })

  // --- sync ------------------------------------------------------------------------------------
  /**
   * The sets of the short texts searched lately, which a sync that changed plans' text dropped,
   * are built again one at a time with other work (requests, the renderer's own refresh) in
   * between, so the next first keystroke finds its set kept (store/short-text.ts).
   */
  function rebuildShortTexts(s: typeof session): void {
    const step = (): void => {
      if (s !== session) return
      try {
        if (s.store.rebuildShortTextMatches()) setImmediate(step)
      } catch (err) {
        // The cache closed or is busy: the next search builds the set it needs itself.
        log.debug(`short-text sets not rebuilt: ${(err as Error).message}`)
      }
    }
    setImmediate(step)
  }

  async function runSync(args: SyncStartArgs, explicit: boolean): Promise<SyncResult> {
    const s = session
    try {
      const result = await s.sync(args, {
        // The person asked: wait for another process's sync of this cache. The background
        // tick does not wait; it tries again at the next one.
        wait: explicit,
        onProgress: (p) => events.emit('sync:progress', p),
        onWaiting: () =>
          events.emit('sync:progress', { kind: args.full ? 'full' : 'incremental', phase: 'waiting', pagesDone: 0, pagesTotal: null, plansDone: 0, plansTotal: null, rate: 0 }),
      })
      lastResult = result
      lastError = null
      connectivity.reportSuccess()
      events.emit('sync:finished', { result, error: null })
      events.emit('plans:changed', { pks: 'all' })
      rebuildShortTexts(s)
      return result
    } catch (err) {
      if (err instanceof LeaseBusyError && !explicit) throw err
      lastError = errorShape(err)
      // A full disk says nothing about the server.
      if (lastError.code !== 'disk_full') connectivity.reportFailure(err)
      events.emit('sync:finished', { result: null, error: lastError })
      throw err
    }
  }

  const scheduler = new SyncScheduler({
    run: (args) => runSync(args, false),
    isOnline: () => connectivity.current.status === 'online',
    isRunning: () => session.syncing,
    lastReconcileAt: () => {
      const s = session.store.syncState()
      return s.lastReconcileAt ?? s.lastFullSyncAt
    },
    intervalMs: settings.get().syncIntervalMinutes * 60_000,
    reconcileEveryMs: settings.get().reconcileIntervalHours * 3_600_000,
    onError: (err) => {
      if (err instanceof LeaseBusyError) log.info(`Background sync skipped: ${err.message}`)
      else log.warn('Background sync failed:', errorShape(err).message)
    },
  })

  // --- auth ------------------------------------------------------------------------------------
  function authStatus(): AuthStatus {
    return {
      signedIn: session.signedIn,
      username: session.username,
      serverUrl: session.serverUrl ?? settings.get().serverUrl,
      secureStorageAvailable: ctx.vault.secure,
      tokenStorage: ctx.vault.description,
      remembered,
    }
  }

  async function login(args: LoginArgs): Promise<AuthStatus> {
    if (demo) throw new AppError('validation', 'Leave demo mode (Settings, then restart) before signing in to a server.')
    const serverUrl = checkServerUrl(args.serverUrl)
    const token = await new OmnitronClient({ baseUrl: serverUrl, language: settings.get().language }).login(args.username, args.password)
    registerSecret(token)
    remembered = false
    if (args.remember) {
      try {
        ctx.vault.save({ serverUrl, username: args.username, token, verified: 'password' })
        remembered = true
      } catch (err) {
        // Signed in all the same; the person is told the sign-in lasts only this session.
        notices.push(`${(err as Error).message} You are signed in until PlanDesk closes.`)
      }
    } else ctx.vault.clear()
    settings.update({ mode: 'server', serverUrl })
    lastError = null
    await replaceSession({ demo: false, serverUrl }, { username: args.username, token, verified: 'password' })
    await connectivity.check()
    return authStatus()
  }

  async function logout(args: LogoutArgs): Promise<AuthStatus> {
    if (demo) throw new AppError('validation', 'Demo mode signs in by itself; there is nothing to sign out of.')
    const own = session.ownOpenEdits()
    if (own > 0 && !args.pending) {
      const message = `${own} of your changes ${own === 1 ? 'has' : 'have'} not reached the server yet. Send them first, or sign out and keep them until you sign in again.`
      throw new AppError('validation', message, { pending: [message] })
    }
    if (own > 0 && args.pending === 'send') await session.push({ wait: true, now: true })
    const old = session
    forgetSecret(old.credentials?.token)
    ctx.vault.clear()
    remembered = false
    lastError = null
    await replaceSession({ demo: false, serverUrl: old.serverUrl }, null)
    connectivity.setSignedOut('Signed out.')
    return authStatus()
  }

  // --- settings --------------------------------------------------------------------------------
  function settingsView(): Settings {
    return { ...settings.get(), scope: session.scope() }
  }

  async function updateSettings(patch: SettingsPatch): Promise<Settings> {
    const before = settings.get()
    const next = settings.update(patch)
    if (patch.scope) session.setScope(patch.scope)
    if (patch.language && patch.language !== before.language && session.signedIn) {
      // Status labels are synced in the person's language (Accept-Language): a new session.
      await replaceSession({ demo: session.demo, serverUrl: session.serverUrl }, session.credentials)
    }
    if (patch.syncIntervalMinutes || patch.reconcileIntervalHours) {
      scheduler.reconfigure(next.syncIntervalMinutes * 60_000, next.reconcileIntervalHours * 3_600_000)
    }
    if (before.mode !== next.mode || before.serverUrl !== next.serverUrl) {
      notices.push('Restart PlanDesk to switch between demo data and your server.')
    }
    return settingsView()
  }

  function syncState(): SyncState {
    const s = session.store.syncState()
    return { ...s, running: session.syncing, lastError, lastResult: lastResult ?? s.lastResult ?? null }
  }

  function info(): AppInfo {
    return {
      version: ctx.version,
      host: ctx.host,
      demo,
      serverUrl: session.serverUrl ?? settings.get().serverUrl,
      dataDir: ctx.dataDir,
      notices: [...new Set(notices)],
    }
  }

  const exporter = new PlanExporter(ctx.exportDestination ?? null, (p) => events.emit('export:progress', p), () => settings.get().language)

  const runtime: AppRuntime = {
    session: () => session,
    connectivity,
    info,
    // Asking is also "check again": while read-only, a probe runs first.
    storage: (): StorageState => {
      session.storage.probeNow()
      return session.storage.current
    },
    settings: settingsView,
    updateSettings,
    authStatus,
    login,
    logout,
    sync: (args) => runSync(args, true),
    syncState,
    ui,
    exportPlans: (args) => exporter.run(session.store, args),
  }
  const handlers = createHandlers(runtime)

  if (!session.signedIn) connectivity.setSignedOut(session.serverUrl ? 'Sign in to sync plans.' : 'Choose a server and sign in.')
  if (ctx.background !== false) {
    scheduler.start()
    if (session.signedIn) connectivity.start()
  }

  return {
    handlers,
    events,
    simulator,
    info,
    waitingChanges: () => ({ count: session.ownOpenEdits(), language: settings.get().language }),
    async close() {
      scheduler.stop()
      connectivity.stop()
      await session.close()
      if (simulator) await simulator.close()
    },
  }
}
