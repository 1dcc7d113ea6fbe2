import { join } from 'node:path'
import { z } from 'zod'
import {
  LanguageSchema,
  ServerUrlSchema,
  SettingsPatchSchema,
  SyncScopeSchema,
  type Settings,
  type SettingsPatch,
} from '../../preload/contract'
import { AppError } from '../domain/errors'
import { checkServerUrl } from '../omnitron/url'
import { loadJsonFile, saveJsonFile } from './json-file'

const SettingsFileSchema = z.object({
  mode: z.enum(['demo', 'server']),
  serverUrl: ServerUrlSchema.nullable(),
  language: LanguageSchema,
  /** Written by PlanDesk before the scope moved into the cache; read once to carry it over. */
  scope: SyncScopeSchema.optional(),
  syncIntervalMinutes: z.number().int().min(1).max(1440),
  reconcileIntervalHours: z.number().int().min(1).max(720),
  historyDays: z.number().int().min(1).max(3650).optional(),
})

/**
 * What settings.json holds. The sync scope is not here: it belongs to the cache it describes
 * (PlanStore.scope), so the app and the CLI share one scope per cache.
 */
export type StoredSettings = Omit<Settings, 'scope'>

export const DEFAULT_SETTINGS: StoredSettings = {
  mode: 'demo',
  serverUrl: null,
  language: 'en',
  syncIntervalMinutes: 5,
  reconcileIntervalHours: 24,
  historyDays: 30,
}

/** The person's settings, kept in <data dir>/settings.json and shared by the app, the web host and the CLI. */
export class SettingsStore {
  private current: StoredSettings
  readonly notices: string[] = []
  /** A scope found in an older settings.json, for the session to move into its cache. */
  readonly legacyScope: Settings['scope'] | null = null
  private readonly path: string

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json')
    const loaded = loadJsonFile(this.path, SettingsFileSchema)
    if (loaded.movedAsideTo) {
      this.notices.push(
        `Your settings file could not be read; it was kept as ${loaded.movedAsideTo} and default settings are in use.`,
      )
    }
    const { scope, ...rest } = loaded.value ?? {}
    if (scope && Object.keys(scope).length > 0) this.legacyScope = scope
    this.current = { ...DEFAULT_SETTINGS, ...rest }
  }

  get(): StoredSettings {
    return structuredClone(this.current)
  }

  /** Applies a patch (its scope, if any, is the session's business and ignored here). */
  update(patch: SettingsPatch): StoredSettings {
    // Patches from IPC are validated already; command-line overrides are not.
    const checked = SettingsPatchSchema.safeParse(patch)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      throw new AppError('validation', issue.message, { [issue.path.join('.') || 'non_field_errors']: [issue.message] })
    }
    const { scope: _scope, ...changes } = checked.data
    const next: StoredSettings = { ...this.current, ...changes }
    // One normal form (no trailing slash, query or fragment), as the client and the cache name use.
    if (checked.data.serverUrl !== undefined) next.serverUrl = checkServerUrl(checked.data.serverUrl)
    if (next.mode === 'server' && !next.serverUrl) {
      throw new AppError('validation', 'Enter the server address before leaving demo mode.', { serverUrl: ['Enter the server address before leaving demo mode.'] })
    }
    this.current = next
    saveJsonFile(this.path, next)
    return this.get()
  }
}
