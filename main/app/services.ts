/**
 * The composition root of the main process: settings, token vault, cache, API client, sync,
 * connectivity, scheduling and (in demo mode) the built-in simulator, bound to the IPC
 * handlers. The Electron glue and the web host both call {@link createAppServices}; nothing
 * here imports `electron`.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { AppInfo, AuthStatus, LoginArgs, SettingsPatch, SyncResult, SyncState } from '../../preload/contract'
import type { Handlers } from '../ipc/dispatch'
import { AppError, toIpcError } from '../ipc/errors'
import { createLogger, registerSecret, forgetSecret } from '../log'
import { OmnitronClient } from '../omnitron'
import { checkServerUrl } from '../omnitron/url'
import type { RunningSimulator } from '../simulator/types'
import { openStore, type PlanStore } from '../store'
import { defaultCacheFile } from '../store/paths'
import { SyncEngine } from '../sync'
import { ConnectivityMonitor } from './connectivity'
import { AppEvents } from './events'
import { SyncScheduler } from './scheduler'
import { SettingsStore } from './settings'
import type { TokenVault } from './token-vault'

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
}

export interface AppServices {
  readonly handlers: Handlers
  readonly events: AppEvents
  /** The built-in simulator in demo mode (tests drive its faults), else null. */
  readonly simulator: RunningSimulator | null
  info(): AppInfo
  close(): Promise<void>
}

interface Session {
  serverUrl: string
  username: string | null
  token: string | null
  remembered: boolean
}

const DEMO_PLANS = 2000

export async function createAppServices(ctx: AppContext): Promise<AppServices> {
  // The cache holds customer and order data: the folder is the user's alone.
  mkdirSync(ctx.dataDir, { recursive: true, mode: 0o700 })
  const events = new AppEvents()
  const settings = new SettingsStore(ctx.dataDir)
  const notices: string[] = [...settings.notices]
  if (ctx.overrides?.serverUrl) settings.update({ mode: 'server', serverUrl: ctx.overrides.serverUrl })
  else if (ctx.overrides?.demo) settings.update({ mode: 'demo' })
  // Demo or server is decided once per launch: switching in Settings takes effect at restart,
  // so the banner, sign-in and cache always describe the data actually shown.
  const demoSession = settings.get().mode === 'demo'

  let simulator: RunningSimulator | null = null
  let session: Session | null = null
  let store: PlanStore
  let client: OmnitronClient | null = null
  let lastError: SyncState['lastError'] = null
  let lastResult: SyncResult | null = null


  const connectivity = new ConnectivityMonitor({
    probe: async () => {
      if (!client || !session?.token) {
        throw Object.assign(new Error('Not signed in.'), { kind: 'signed-out' })
      }
      await client.statuses()
    },
    serverUrl: () => session?.serverUrl ?? settings.get().serverUrl,
    onChange: (state) => {
      events.emit('connection:changed', state)
      // Back online: drain what changed meanwhile, without waiting for the next interval.
      if (state.status === 'online' && ctx.background !== false) void scheduler.tick()
    },
  })

  /** One cache file per server (shared with the CLI), and one for demo data. */
  function cacheFile(serverUrl: string | null): string {
    if (demoSession || !serverUrl) return join(ctx.dataDir, 'demo-cache.sqlite')
    return defaultCacheFile(ctx.dataDir, serverUrl)
  }

  function openCache(serverUrl: string | null): PlanStore {
    const opened = openStore({ file: cacheFile(serverUrl) })
    notices.push(...opened.notices)
    return opened.store
  }

  function makeClient(serverUrl: string, token: string | null): OmnitronClient {
    return new OmnitronClient({ baseUrl: serverUrl, token, language: settings.get().language })
  }

  // --- start-up: demo server or remembered credentials -----------------------------------------
  if (demoSession) {
    if (!ctx.startDemoServer) throw new Error('Demo mode needs the built-in simulator')
    simulator = await ctx.startDemoServer({ plans: ctx.demoPlans ?? DEMO_PLANS, dataDir: ctx.dataDir })
    registerSecret(simulator.token)
    session = { serverUrl: simulator.url, username: simulator.username, token: simulator.token, remembered: false }
    log.info(`Demo mode: built-in Omnitron simulator at ${simulator.url}`)
  } else {
    const serverUrl = settings.get().serverUrl
    const saved = ctx.vault.load()
    if (serverUrl && saved && saved.serverUrl === serverUrl) {
      registerSecret(saved.token)
      session = { serverUrl, username: saved.username, token: saved.token, remembered: true }
    } else if (serverUrl) {
      session = { serverUrl, username: null, token: null, remembered: false }
    }
  }
  store = openCache(demoSession ? null : session?.serverUrl ?? null)
  if (session) {
    try {
      client = makeClient(session.serverUrl, session.token)
    } catch (err) {
      // An unusable saved address must not stop PlanDesk from starting: say so, stay signed out.
      notices.push(`${toIpcError(err).message} Choose another server in Settings.`)
      session = { ...session, token: null, username: null }
    }
  }
  // Without a server yet the engine holds a client that is never used: runSync refuses first.
  const makeEngine = (): SyncEngine =>
    new SyncEngine({ store, client: client ?? makeClient('http://127.0.0.1:9', null), scope: settings.get().scope })
  let engine = makeEngine()

  // --- sync ------------------------------------------------------------------------------------
  let current: Promise<SyncResult> | null = null

  /**
   * One sync at a time. A plain request while one runs joins it (the person pressing "Sync
   * now" during a background sync gets that sync's result); a full or reconciling request
   * waits for it and then runs.
   */
  async function runSync(args: { full?: boolean; reconcile?: boolean }): Promise<SyncResult> {
    if (!client || !session?.token) throw new AppError('auth', 'Sign in to a server before syncing.')
    while (current) {
      if (!args.full && !args.reconcile) return current
      await current.catch(() => undefined)
    }
    current = runSyncNow(args).finally(() => (current = null))
    return current
  }

  async function runSyncNow(args: { full?: boolean; reconcile?: boolean }): Promise<SyncResult> {
    try {
      const result = await engine.run(args, (p) => events.emit('sync:progress', p))
      lastResult = result
      lastError = null
      connectivity.reportSuccess()
      events.emit('sync:finished', { result, error: null })
      events.emit('plans:changed', { pks: 'all' })
      return result
    } catch (err) {
      lastError = toIpcError(err)
      connectivity.reportFailure(err)
      events.emit('sync:finished', { result: null, error: lastError })
      throw err
    }
  }

  function syncState(): SyncState {
    const s = store.syncState()
    return { ...s, running: engine.running, lastError, lastResult: lastResult ?? s.lastResult ?? null }
  }

  const scheduler = new SyncScheduler({
    run: runSync,
    isOnline: () => connectivity.current.status === 'online',
    isRunning: () => engine.running,
    lastReconcileAt: () => {
      const s = store.syncState()
      return s.lastReconcileAt ?? s.lastFullSyncAt
    },
    intervalMs: settings.get().syncIntervalMinutes * 60_000,
    reconcileEveryMs: settings.get().reconcileIntervalHours * 3_600_000,
    onError: (err) => log.warn('Background sync failed:', toIpcError(err).message),
  })

  // --- auth ------------------------------------------------------------------------------------
  function authStatus(): AuthStatus {
    return {
      signedIn: Boolean(session?.token),
      username: session?.username ?? null,
      serverUrl: session?.serverUrl ?? settings.get().serverUrl,
      secureStorageAvailable: ctx.vault.secure,
      tokenStorage: ctx.vault.description,
      remembered: session?.remembered ?? false,
    }
  }

  /** Cancels the running sync and waits until it has let go of the store. */
  async function stopSync(): Promise<void> {
    if (!current) return
    engine.cancel()
    await current.catch(() => undefined)
  }

  async function switchServer(serverUrl: string, token: string | null, username: string | null, remembered: boolean) {
    await stopSync()
    lastError = null
    const previous = session?.serverUrl
    session = { serverUrl, username, token, remembered }
    client = makeClient(serverUrl, token)
    if (previous !== serverUrl) {
      // Each server has its own cache file, so plans of two servers never mix.
      store.close()
      store = openCache(serverUrl)
      engine = makeEngine()
      events.emit('plans:changed', { pks: 'all' })
    } else {
      engine.setClient(client)
    }
  }

  async function login(args: LoginArgs): Promise<AuthStatus> {
    if (demoSession) throw new AppError('validation', 'Leave demo mode (Settings, then restart) before signing in to a server.')
    const serverUrl = checkServerUrl(args.serverUrl)
    const probe = makeClient(serverUrl, null)
    const token = await probe.login(args.username, args.password)
    registerSecret(token)
    let remembered = false
    if (args.remember) {
      try {
        ctx.vault.save({ serverUrl, username: args.username, token })
        remembered = true
      } catch (err) {
        // Signed in all the same; the person is told the sign-in lasts only this session.
        notices.push(`${(err as Error).message} You are signed in until PlanDesk closes.`)
      }
    } else ctx.vault.clear()
    settings.update({ mode: 'server', serverUrl })
    await switchServer(serverUrl, token, args.username, remembered)
    await connectivity.check()
    return authStatus()
  }

  async function logout(): Promise<AuthStatus> {
    if (demoSession) throw new AppError('validation', 'Demo mode signs in by itself; there is nothing to sign out of.')
    await stopSync()
    lastError = null
    forgetSecret(session?.token)
    ctx.vault.clear()
    if (session) session = { ...session, token: null, username: null, remembered: false }
    client = session ? makeClient(session.serverUrl, null) : null
    if (client) engine.setClient(client)
    connectivity.setSignedOut('Signed out.')
    return authStatus()
  }

  async function updateSettings(patch: SettingsPatch) {
    const before = settings.get()
    const next = settings.update(patch)
    if (patch.scope) engine.setScope(next.scope)
    if (patch.language && patch.language !== before.language && session && client) {
      // Status labels are synced in the person's language (Accept-Language).
      client = makeClient(session.serverUrl, session.token)
      engine.setClient(client)
    }
    if (patch.syncIntervalMinutes || patch.reconcileIntervalHours) {
      scheduler.reconfigure(next.syncIntervalMinutes * 60_000, next.reconcileIntervalHours * 3_600_000)
    }
    if (before.mode !== next.mode || before.serverUrl !== next.serverUrl) {
      notices.push('Restart PlanDesk to switch between demo data and your server.')
    }
    return next
  }

  // --- the IPC surface -------------------------------------------------------------------------
  const handlers: Handlers = {
    'app:info': () => info(),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => updateSettings(patch),
    'auth:status': () => authStatus(),
    'auth:login': (args) => login(args),
    'auth:logout': () => logout(),
    'connection:get': () => connectivity.current,
    'connection:check': () => connectivity.check(),
    'plans:search': (q) => store.searchPlans(q),
    'plans:get': ({ pk }) => {
      const plan = store.getPlan(pk)
      if (!plan) throw new AppError('not_found', `Plan ${pk} is not in the local cache.`)
      return plan
    },
    'plans:statuses': () => store.statuses(),
    'sync:start': (args) => runSync(args ?? {}),
    'sync:cancel': () => engine.cancel(),
    'sync:state': () => syncState(),
  }

  function info(): AppInfo {
    return {
      version: ctx.version,
      host: ctx.host,
      demo: demoSession,
      serverUrl: session?.serverUrl ?? settings.get().serverUrl,
      dataDir: ctx.dataDir,
      notices: [...new Set(notices)],
    }
  }

  if (!session?.token) connectivity.setSignedOut(session ? 'Sign in to sync plans.' : 'Choose a server and sign in.')
  if (ctx.background !== false) {
    scheduler.start()
    if (session?.token) connectivity.start()
  }

  return {
    handlers,
    events,
    simulator,
    info,
    async close() {
      scheduler.stop()
      connectivity.stop()
      await stopSync()
      store.close()
      if (simulator) await simulator.close()
    },
  }
}
