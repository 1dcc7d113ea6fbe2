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
import type { AppInfo, Language, Settings, SettingsPatch, StorageState } from '../../preload/contract'
import type { ExportDestination } from '../export/destination'
import { PlanExporter } from '../export/exporter'
import type { Handlers } from '../ipc/dispatch'
import { isDiskFull } from '../domain/errors'
import { createHandlers, type AppRuntime } from '../ipc/handlers'
import { createLogger, registerSecret } from '../log'
import type { RunningSimulator } from '../simulator/types'
import { ConnectivityMonitor } from './connectivity'
import { AppEvents } from './events'
import { chooseServer, type ServerChoice } from './launch'
import type { SessionTarget } from './session'
import { SessionHolder } from './session-holder'
import { SettingsStore } from './settings'
import { SignIn } from './sign-in'
import { SyncCoordinator } from './sync-coordinator'
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

interface Launch {
  settings: SettingsStore
  notices: string[]
  choice: ServerChoice
  simulator: RunningSimulator | null
  target: SessionTarget
  save: (patch: SettingsPatch) => void
}

/** Settings (with this launch's --demo / --server kept in them), the server and sign-in, and in demo mode the built-in server. */
async function launch(ctx: AppContext, notices: string[]): Promise<Launch> {
  const settings = new SettingsStore(ctx.dataDir)
  notices.push(...settings.notices)
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
  const choice = chooseServer(settings, ctx.vault)
  if (!choice.demo) return { settings, notices, choice, simulator: null, target: { demo: false, serverUrl: choice.serverUrl }, save: saveSettings }
  if (!ctx.startDemoServer) throw new Error('Demo mode needs the built-in simulator')
  const simulator = await ctx.startDemoServer({ plans: ctx.demoPlans ?? DEMO_PLANS, dataDir: ctx.dataDir })
  registerSecret(simulator.token)
  log.info(`Demo mode: built-in Omnitron simulator at ${simulator.url}`)
  // PlanDesk's own demo server gave this token for this user.
  choice.credentials = { username: simulator.username, token: simulator.token, verified: 'password' }
  return { settings, notices, choice, simulator, target: { demo: true, serverUrl: simulator.url }, save: saveSettings }
}

export async function createAppServices(ctx: AppContext): Promise<AppServices> {
  // The cache holds customer and order data: the folder is the user's alone.
  mkdirSync(ctx.dataDir, { recursive: true, mode: 0o700 })
  const background = ctx.background !== false
  const events = new AppEvents()
  const ui = new UiStateStore(ctx.dataDir)
  const { settings, notices, choice, simulator, target, save } = await launch(ctx, [...ui.notices])
  const preferences = (): { language: Language; historyDays: number } => ({ language: settings.get().language, historyDays: settings.get().historyDays })
  const holder = new SessionHolder({ dataDir: ctx.dataDir, purpose: PURPOSE[ctx.host], events, notices, preferences, background }, target, choice.credentials)
  if (settings.legacyScope) {
    // The scope moved from settings.json into the cache: carried over once, then dropped from the file.
    if (Object.keys(holder.current.scope()).length === 0) holder.current.setScope(settings.legacyScope)
    save({})
  }
  const connectivity = new ConnectivityMonitor({
    probe: async () => {
      const s = holder.current
      if (!s.client || !s.signedIn) throw Object.assign(new Error('Not signed in.'), { kind: 'signed-out' })
      await s.client.statuses()
    },
    serverUrl: () => holder.current.serverUrl ?? settings.get().serverUrl,
    onChange: (state) => events.emit('connection:changed', state),
  })
  holder.onServerOk(() => connectivity.reportSuccess())
  holder.onServerError((err) => connectivity.reportFailure(err))
  const sync = new SyncCoordinator({ holder, connectivity, events, background, intervals: () => settings.get() })
  const signIn = new SignIn({ demo: choice.demo, remembered: choice.remembered, vault: ctx.vault, settings, holder, connectivity, sync, notices })

  const settingsView = (): Settings => ({ ...settings.get(), scope: holder.current.scope() })
  async function updateSettings(patch: SettingsPatch): Promise<Settings> {
    const before = settings.get()
    const next = settings.update(patch)
    if (patch.scope) holder.current.setScope(patch.scope)
    // Status labels are synced in the person's language (Accept-Language): a new session, after a running sync.
    if (patch.language && patch.language !== before.language && holder.current.signedIn) await holder.reopen()
    if (patch.syncIntervalMinutes || patch.reconcileIntervalHours) sync.reconfigure()
    if (before.mode !== next.mode || before.serverUrl !== next.serverUrl) notices.push('Restart PlanDesk to switch between demo data and your server.')
    return settingsView()
  }
  const info = (): AppInfo => ({
    version: ctx.version,
    host: ctx.host,
    demo: choice.demo,
    serverUrl: holder.current.serverUrl ?? settings.get().serverUrl,
    dataDir: ctx.dataDir,
    notices: [...new Set(notices)],
  })
  const exporter = new PlanExporter(ctx.exportDestination ?? null, (p) => events.emit('export:progress', p), () => settings.get().language)

  const runtime: AppRuntime = {
    session: () => holder.current,
    connectivity,
    info,
    // Asking is also "check again": while read-only, a probe runs first.
    storage: (): StorageState => {
      holder.current.storage.probeNow()
      return holder.current.storage.current
    },
    settings: settingsView,
    updateSettings,
    authStatus: () => signIn.status(),
    login: (args) => signIn.login(args),
    logout: (args) => signIn.logout(args),
    sync: (args) => sync.run(args, true),
    syncState: () => sync.state(),
    ui,
    exportPlans: (args) => exporter.run(holder.current.store, args),
  }

  // Everything that listens is in place: the replay, the scheduler and the connection checks start.
  holder.start()
  if (!holder.current.signedIn) connectivity.setSignedOut(holder.current.serverUrl ? 'Sign in to sync plans.' : 'Choose a server and sign in.')
  sync.start()
  if (background && holder.current.signedIn) connectivity.start()

  return {
    handlers: createHandlers(runtime),
    events,
    simulator,
    info,
    waitingChanges: () => ({ count: holder.current.ownOpenEdits(), language: settings.get().language }),
    async close() {
      sync.stop()
      connectivity.stop()
      await holder.close()
      if (simulator) await simulator.close()
    },
  }
}
