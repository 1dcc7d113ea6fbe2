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
import { checkServerUrl } from '../omnitron/url'
import { loadJsonFile, saveJsonFile } from './json-file'

const SettingsFileSchema = z.object({
  mode: z.enum(['demo', 'server']),
  serverUrl: ServerUrlSchema.nullable(),
  language: LanguageSchema,
  scope: SyncScopeSchema,
  syncIntervalMinutes: z.number().int().min(1).max(1440),
  reconcileIntervalHours: z.number().int().min(1).max(720),
})

export const DEFAULT_SETTINGS: Settings = {
  mode: 'demo',
  serverUrl: null,
  language: 'en',
  scope: {},
  syncIntervalMinutes: 5,
  reconcileIntervalHours: 24,
}

/** The person's settings, kept in <data dir>/settings.json. */
export class SettingsStore {
  private current: Settings
  readonly notices: string[] = []
  private readonly path: string

  constructor(dataDir: string) {
    this.path = join(dataDir, 'settings.json')
    const loaded = loadJsonFile(this.path, SettingsFileSchema)
    if (loaded.movedAsideTo) {
      this.notices.push(
        `Your settings file could not be read; it was kept as ${loaded.movedAsideTo} and default settings are in use.`,
      )
    }
    this.current = { ...DEFAULT_SETTINGS, ...(loaded.value ?? {}) }
  }

  get(): Settings {
    return structuredClone(this.current)
  }

  update(patch: SettingsPatch): Settings {
    // Patches from IPC are validated already; command-line overrides are not.
    const checked = SettingsPatchSchema.safeParse(patch)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      throw Object.assign(new Error(issue.message), {
        code: 'validation',
        fields: { [issue.path.join('.') || 'non_field_errors']: [issue.message] },
      })
    }
    const next: Settings = { ...this.current, ...checked.data }
    // One normal form (no trailing slash, query or fragment), as the client and the cache name use.
    if (checked.data.serverUrl !== undefined) next.serverUrl = checkServerUrl(checked.data.serverUrl)
    if (next.mode === 'server' && !next.serverUrl) {
      throw Object.assign(new Error('Enter the server address before leaving demo mode.'), {
        code: 'validation',
        fields: { serverUrl: ['Enter the server address before leaving demo mode.'] },
      })
    }
    this.current = next
    saveJsonFile(this.path, next)
    return this.get()
  }
}
