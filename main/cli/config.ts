/**
 * Where the CLI finds things (app/launch.ts, the rule the app and the web host follow too): the SAME data folder as the desktop app and the web host
 * (--data-dir, else PLANDESK_DATA_DIR, else the OS user-data folder), the same settings.json
 * (which server, demo or not), the same cache, and the sign-in kept in credentials.json
 * (mode 0600), which the web host shares. The Electron app keeps its sign-in encrypted with
 * the OS keychain, which only the app can read, so next to it the CLI signs in once itself.
 * PLANDESK_SERVER / PLANDESK_TOKEN override the server and the token for one run; with a token
 * from the environment, PLANDESK_USERNAME says whose it is (needed to queue and send changes).
 */
import { chooseDataDir, chooseServer } from '../app/launch'
import type { SessionCredentials, SessionTarget } from '../app/session'
import { SettingsStore } from '../app/settings'
import { FileTokenVault } from '../app/token-vault'
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
  return chooseDataDir(global.dataDir, io.env)
}

/** Reads the data folder's settings and sign-in (plus the environment's overrides for this run). */
export function loadSetup(io: CliIo, global: GlobalOptions): CliSetup {
  const dataDir = dataDirOf(io, global)
  const settings = new SettingsStore(dataDir)
  for (const n of settings.notices) io.err(`${n}\n`)
  const vault = new FileTokenVault(dataDir)
  let choice
  try {
    choice = chooseServer(settings, vault, { server: io.env.PLANDESK_SERVER, token: io.env.PLANDESK_TOKEN, username: io.env.PLANDESK_USERNAME })
  } catch (e) {
    throw new UsageError(`PLANDESK_SERVER: ${(e as Error).message}`)
  }
  return { dataDir, settings, vault, target: { demo: choice.demo, serverUrl: choice.serverUrl }, credentials: choice.credentials }
}
