/**
 * Where PlanDesk keeps its data when nobody says otherwise. Electron's app.getPath('userData')
 * resolves to the same folders; this helper exists so the CLI and the web host (which run
 * without Electron) agree with the desktop app.
 */
import { createHash } from 'node:crypto'
import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_DIR_NAME = 'PlanDesk'

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env.PLANDESK_DATA_DIR
  if (override && override.trim() !== '') return override
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME)
  return join(env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : join(home, '.config'), APP_DIR_NAME)
}

/**
 * The cache file inside a data folder. Each server has its own file (named after a hash of its
 * origin, the same rule the desktop app uses) so plans of two servers never mix and the CLI
 * reads the app's cache; without a server, `cache.sqlite`.
 */
export function defaultCacheFile(dataDir: string = defaultDataDir(), serverUrl: string | null = null): string {
  if (!serverUrl) return join(dataDir, 'cache.sqlite')
  const origin = new URL(serverUrl).origin
  return join(dataDir, `cache-${createHash('sha256').update(origin).digest('hex').slice(0, 12)}.sqlite`)
}

/** The cache a data folder uses: demo data has its own file, each server its own (see defaultCacheFile). */
export function cacheFileFor(dataDir: string, target: { demo: boolean; serverUrl: string | null }): string {
  if (target.demo) return join(dataDir, 'demo-cache.sqlite')
  return defaultCacheFile(dataDir, target.serverUrl)
}
