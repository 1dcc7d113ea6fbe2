/**
 * Which data folder, which server and whose sign-in: the one answer the desktop app, the web host
 * and the `plandesk` CLI share, so the three always open the same cache for the same person.
 *
 * - The data folder: an explicit one (--data-dir), else PLANDESK_DATA_DIR, else the OS user-data
 *   folder (store/paths.ts).
 * - The server: one given for this run (the CLI's PLANDESK_SERVER), else settings.json: demo mode,
 *   or the server chosen there. The app's --demo / --server are written into settings.json first,
 *   since the app keeps them; the CLI's environment applies to one run only.
 * - The sign-in: a token given for this run (PLANDESK_TOKEN, with PLANDESK_USERNAME saying whose
 *   it is: never confirmed until the server's own record says so), else the one kept for this
 *   server (the vault), else none.
 */
import { registerSecret } from '../log'
import { checkServerUrl } from '../omnitron/url'
import { defaultDataDir } from '../store/paths'
import type { SessionCredentials } from './session'
import type { SettingsStore } from './settings'
import type { TokenVault } from './token-vault'

export interface ServerChoice {
  /** The built-in demo server (the app starts it; its address is known only then). */
  demo: boolean
  serverUrl: string | null
  credentials: SessionCredentials | null
  /** The credentials came from the vault (kept from an earlier sign-in). */
  remembered: boolean
}

export interface RunOverrides {
  /** A server for this run only; checked like one typed in Settings. */
  server?: string
  /** A token for this run only, and whose it is said to be. */
  token?: string
  username?: string
}

export function chooseDataDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit ?? defaultDataDir(env)
}

/** Throws the server address's problem in words (checkServerUrl) when the run's server is not acceptable. */
export function chooseServer(settings: SettingsStore, vault: Pick<TokenVault, 'load'>, run: RunOverrides = {}): ServerChoice {
  const server = run.server?.trim()
  const saved = settings.get()
  const serverUrl = server ? checkServerUrl(server) : saved.mode === 'server' ? saved.serverUrl : null
  const demo = !server && saved.mode === 'demo'
  let credentials: SessionCredentials | null = null
  let remembered = false
  const token = run.token?.trim()
  if (token) credentials = { username: run.username?.trim() || null, token }
  else if (serverUrl) {
    const kept = vault.load()
    if (kept && kept.serverUrl === serverUrl) {
      credentials = { username: kept.username || null, token: kept.token, verified: kept.verified }
      remembered = true
    }
  }
  if (credentials) registerSecret(credentials.token)
  return { demo, serverUrl, credentials, remembered }
}
