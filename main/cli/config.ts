/**
 * Where the CLI keeps things: the data folder (PLANDESK_DATA_DIR or the OS user-data folder,
 * shared with the desktop app), the cache (--db, else the app's per-server cache file), and
 * the session file `cli-session.json` (server URL, user name, token) written with mode 0600.
 * PLANDESK_TOKEN / PLANDESK_SERVER override the saved session.
 */
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { SyncScopeSchema, type SyncScope } from '../../preload/contract'
import { loadJsonFile, saveJsonFile } from '../app/json-file'
import { defaultCacheFile, defaultDataDir } from '../store/paths'
import { CliError } from './errors'

export interface CliSession {
  serverUrl: string | null
  username: string | null
  token: string | null
  /** The sync scope last given to `plandesk sync`. */
  scope?: SyncScope
}

export const SESSION_FILE = 'cli-session.json'

export function dataDir(env: NodeJS.ProcessEnv): string {
  return defaultDataDir(env)
}

const CliSessionSchema = z.object({
  serverUrl: z.string().nullable(),
  username: z.string().nullable(),
  token: z.string().nullable(),
  scope: SyncScopeSchema.optional(),
})

export function readSession(env: NodeJS.ProcessEnv): CliSession {
  const file = join(dataDir(env), SESSION_FILE)
  const loaded = loadJsonFile(file, CliSessionSchema)
  if (loaded.movedAsideTo) {
    throw new CliError(`The session file was damaged (kept as ${loaded.movedAsideTo}); run "plandesk login" again.`)
  }
  const saved: Partial<CliSession> = loaded.value ?? {}
  return {
    serverUrl: env.PLANDESK_SERVER?.trim() || saved.serverUrl || null,
    username: saved.username ?? null,
    token: env.PLANDESK_TOKEN?.trim() || saved.token || null,
    ...(saved.scope ? { scope: saved.scope } : {}),
  }
}

/** Writes the session file readable by its owner only (0600), atomically. */
export function writeSession(env: NodeJS.ProcessEnv, session: CliSession): string {
  const file = join(dataDir(env), SESSION_FILE)
  saveJsonFile(file, session, 0o600)
  return file
}

export function clearSession(env: NodeJS.ProcessEnv): void {
  const file = join(dataDir(env), SESSION_FILE)
  const saved = existsSync(file) ? readSession({ ...env, PLANDESK_TOKEN: '', PLANDESK_SERVER: '' }) : null
  rmSync(file, { force: true })
  // Keep the server and scope so "plandesk search" still finds the cache offline.
  if (saved?.serverUrl) writeSession(env, { serverUrl: saved.serverUrl, username: null, token: null, ...(saved.scope ? { scope: saved.scope } : {}) })
}

export function cacheFile(env: NodeJS.ProcessEnv, dbOption: string | undefined, serverUrl: string | null): string {
  return dbOption ?? defaultCacheFile(dataDir(env), serverUrl)
}
