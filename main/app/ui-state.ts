/**
 * What the renderer remembers between launches: the last route, the list's search and filters,
 * the saved views and the theme, in <data dir>/ui-state.json.
 *
 * It lives in main rather than in the browser's localStorage because the web host listens on a
 * new port (so a new origin, so an empty localStorage) at every launch, and because the app, the
 * web host and a second window on the same data folder should agree on one workspace.
 */
import { join } from 'node:path'
import { z } from 'zod'
import {
  RoutePathSchema,
  SavedViewsSchema,
  ThemeSchema,
  UiStatePatchSchema,
  ViewSearchSchema,
  type SavedView,
  type UiState,
  type UiStatePatch,
} from '../../preload/contract'
import { AppError, isDiskFull } from '../domain/errors'
import { loadJsonFile, saveJsonFile } from './json-file'

const UiStateFileSchema = z.object({
  version: z.literal(1),
  lastRoute: RoutePathSchema,
  search: ViewSearchSchema,
  views: SavedViewsSchema,
  theme: ThemeSchema,
})

export const UI_STATE_FILE = 'ui-state.json'

/** A first run's saved views: what a store's reviewers look at most. Names follow the language until renamed. */
export const DEFAULT_VIEWS: SavedView[] = [
  { id: 'waiting', name: '', builtin: 'waiting', search: { statuses: ['waiting'] } },
  { id: 'waiting-refunds', name: '', builtin: 'waitingRefunds', search: { statuses: ['waiting'], planType: 'refund' } },
  { id: 'local-changes', name: '', builtin: 'localChanges', search: { hasPendingEdits: true } },
  { id: 'modified-today', name: '', builtin: 'modifiedToday', search: { modifiedPreset: 'today' } },
]

export const DEFAULT_UI_STATE: UiState = {
  lastRoute: '/plans',
  search: { sort: '-modified_date' },
  views: DEFAULT_VIEWS,
  theme: 'system',
}

export class UiStateStore {
  private current: UiState
  readonly notices: string[] = []
  private readonly path: string

  constructor(dataDir: string) {
    this.path = join(dataDir, UI_STATE_FILE)
    const loaded = loadJsonFile(this.path, UiStateFileSchema)
    if (loaded.movedAsideTo) {
      this.notices.push(
        `Your saved views and layout could not be read; the file was kept as ${loaded.movedAsideTo} and the defaults are in use.`,
      )
    }
    if (loaded.value) {
      const { version: _version, ...rest } = loaded.value
      this.current = rest
    } else {
      // Written at once, so the defaults are offered once: a person who deletes them all keeps none.
      this.current = structuredClone(DEFAULT_UI_STATE)
      try {
        this.save()
      } catch (e) {
        // A full disk at start-up: the defaults hold until PlanDesk closes, and are written next time.
        if (!isDiskFull(e)) throw e
      }
    }
  }

  get(): UiState {
    return structuredClone(this.current)
  }

  /** Applies a patch (each field replaces the stored one whole) and writes the file. */
  update(patch: UiStatePatch): UiState {
    // Patches from IPC are validated already; other callers' are not.
    const checked = UiStatePatchSchema.safeParse(patch)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      throw new AppError('validation', issue.message, { [issue.path.join('.') || 'non_field_errors']: [issue.message] })
    }
    const changes = Object.fromEntries(Object.entries(checked.data).filter(([, v]) => v !== undefined)) as UiStatePatch
    this.current = { ...this.current, ...changes }
    this.save()
    return this.get()
  }

  private save(): void {
    saveJsonFile(this.path, { version: 1, ...this.current })
  }
}
