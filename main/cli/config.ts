/**
 * Where the CLI finds things: the SAME data folder as the desktop app and the web host
 * (--data-dir, else PLANDESK_DATA_DIR, else the OS user-data folder), the same settings.json
 * (which server, demo or not), the same cache, and the sign-in kept in credentials.json
 * (mode 0600), which the web host shares. The Electron app keeps its sign-in encrypted with
 * the OS keychain, which only the app can read, so next to it the CLI signs in once itself.
 * PLANDESK_SERVER / PLANDESK_TOKEN override the server and the token for one run; with a token
 * from the environment, PLANDESK_USERNAME says whose it is (needed to queue and send changes).
 */
import type { SessionCredentials, SessionTarget } from '../app/session'
import { SettingsStore } from '../app/settings'
import { FileTokenVault } from '../app/token-vault'
import { checkServerUrl } from '../omnitron/url'
import { defaultDataDir } from '../store/paths'
import { UsageError } from './errors'
import type { CliIo } from './io'

export interface GlobalOptions {
  db?: string
  dataDir?: string
}

export interface CliSetup {
  dataDir: string
  settings: SettingsStore
  vault: FileTokenVault
  target: SessionTarget
  credentials: SessionCredentials | null
}

export function dataDirOf(io: CliIo, global: GlobalOptions): string {
  return global.dataDir ?? defaultDataDir(io.env)
}

/** Reads the data folder's settings and sign-in (plus the environment's overrides). */
export function loadSetup(io: CliIo, global: GlobalOptions): CliSetup {
  const dataDir = dataDirOf(io, global)
  const settings = new SettingsStore(dataDir)
  for (const n of settings.notices) io.err(`${n}\n`)
  const vault = new FileTokenVault(dataDir)
  const envServer = io.env.PLANDESK_SERVER?.trim()
  let serverUrl: string | null
  try {
    serverUrl = envServer ? checkServerUrl(envServer) : settings.get().mode === 'server' ? settings.get().serverUrl : null
  } catch (e) {
    throw new UsageError(`PLANDESK_SERVER: ${(e as Error).message}`)
  }
  const demo = !envServer && settings.get().mode === 'demo'
  const envToken = io.env.PLANDESK_TOKEN?.trim()
  let credentials: SessionCredentials | null = null
  if (envToken) credentials = { username: io.env.PLANDESK_USERNAME?.trim() || null, token: envToken }
  else if (serverUrl) {
    const saved = vault.load()
    if (saved && saved.serverUrl === serverUrl) credentials = { username: saved.username || null, token: saved.token, verified: saved.verified }
  }
  return { dataDir, settings, vault, target: { demo, serverUrl }, credentials }
}
