/**
 * What the handler modules need from the running app: the current session (replaced as a unit
 * when the person signs in or out) and the app-wide pieces around it. The composition root
 * (main/app/services.ts) implements it; each handler module registers its channels against it.
 */
import type {
  AppInfo,
  ExportArgs,
  ExportResult,
  AuthStatus,
  LoginArgs,
  LogoutArgs,
  Settings,
  SettingsPatch,
  StorageState,
  SyncResult,
  SyncStartArgs,
  SyncState,
} from '../../../preload/contract'
import type { ConnectivityMonitor } from '../../app/connectivity'
import type { ServerSession } from '../../app/session'
import type { UiStateStore } from '../../app/ui-state'

export interface AppRuntime {
  /** The session in use now; look it up at every call, never keep it. */
  session(): ServerSession
  readonly connectivity: ConnectivityMonitor
  info(): AppInfo
  /** Whether the cache can take writes now (read-only while the disk is full). */
  storage(): StorageState
  settings(): Settings
  updateSettings(patch: SettingsPatch): Promise<Settings>
  authStatus(): AuthStatus
  login(args: LoginArgs): Promise<AuthStatus>
  logout(args: LogoutArgs): Promise<AuthStatus>
  /** A sync the person asked for: waits for another process's sync of the cache. */
  sync(args: SyncStartArgs): Promise<SyncResult>
  syncState(): SyncState
  /** The renderer's workspace (last route, search, saved views, theme); app-wide, not per server. */
  readonly ui: UiStateStore
  /** Writes the search's plans to a file where the host puts exports (save dialog, or a download). */
  exportPlans(args: ExportArgs): Promise<ExportResult>
}
