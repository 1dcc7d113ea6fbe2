import type { Options } from 'better-sqlite3'

/**
 * Options every better-sqlite3 connection opens with. Under Electron in development the
 * Electron-ABI build lives outside node_modules (built by scripts/native.mjs, so the Node build
 * the tests and CLI use stays intact) and is named by PLANDESK_SQLITE_BINDING; a packaged app
 * has electron-builder's rebuilt module in place and needs nothing.
 */
export function sqliteOptions(extra: Options = {}): Options {
  const binding = process.env.PLANDESK_SQLITE_BINDING
  // process.defaultApp is set only when Electron runs an unpackaged app (`electron .`): a
  // packaged app never lets an environment variable choose which native code it loads.
  const unpackagedElectron = Boolean(process.versions.electron) && Boolean((process as { defaultApp?: boolean }).defaultApp)
  return binding && unpackagedElectron ? { ...extra, nativeBinding: binding } : extra
}
