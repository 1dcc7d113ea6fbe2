// Helpers shared by start.mjs and ensure-native.mjs: which runtimes can load better-sqlite3,
// and how to build it for one without ever leaving node_modules half-rebuilt.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))

/**
 * npm run exports npm_config_* variables (nodedir=/usr on Debian, runtime, target, disturl) that
 * node-gyp and prebuild-install obey; left in place they make a Node-ABI build look like an
 * Electron one or the reverse. Every native build here runs with them removed.
 */
export function cleanBuildEnv(extra = {}) {
  const env = { ...process.env }
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|runtime|target|disturl|arch|build_from_source|dist_url)$/i.test(key)) delete env[key]
  }
  delete env.ELECTRON_RUN_AS_NODE
  return { ...env, ...extra }
}

/** Opens an in-memory database in a child process of `runtime`; true when it works. */
export function sqliteLoads(runtime = process.execPath, env = {}, nativeBinding) {
  const opts = nativeBinding ? `{ nativeBinding: ${JSON.stringify(nativeBinding)} }` : '{}'
  const code = `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); new D(':memory:', ${opts}).prepare('select 1').get()`
  const res = spawnSync(runtime, ['-e', code], { env: { ...cleanBuildEnv(), ...env }, encoding: 'utf8', timeout: 60_000 })
  return { ok: res.status === 0, detail: (res.stderr || res.error?.message || '').trim().split('\n').slice(-3).join(' ') }
}

export function betterSqliteDir() {
  return dirname(require.resolve('better-sqlite3/package.json'))
}

/**
 * Rebuilds better-sqlite3 for this Node from source. The current build folder is backed up
 * first and restored if the rebuild fails, so a failure never leaves node_modules broken.
 */
export function rebuildForNode() {
  const dir = betterSqliteDir()
  const build = join(dir, 'build')
  const backup = join(dir, 'build.plandesk-backup')
  if (existsSync(build)) {
    rmSync(backup, { recursive: true, force: true })
    cpSync(build, backup, { recursive: true })
  }
  const res = spawnSync('npm', ['rebuild', 'better-sqlite3', '--build-from-source'], {
    cwd: root,
    env: cleanBuildEnv(),
    stdio: 'inherit',
  })
  const ok = res.status === 0 && sqliteLoads().ok
  if (!ok && existsSync(backup)) {
    rmSync(build, { recursive: true, force: true })
    cpSync(backup, build, { recursive: true })
  }
  rmSync(backup, { recursive: true, force: true })
  return ok
}

/**
 * Where the Electron-ABI copy of better-sqlite3 lives: a separate folder, so the Node build in
 * node_modules (tests, CLI, web host) and the Electron build (the app) coexist.
 */
export function electronNativeDir(electronVersion) {
  return join(root, '.plandesk-native', `electron-${electronVersion}`)
}

export function electronBinding(electronVersion) {
  return join(electronNativeDir(electronVersion), 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
}

/**
 * Builds better-sqlite3 for Electron into .plandesk-native/: first the prebuilt binary
 * better-sqlite3 publishes for this Electron, then @electron/rebuild from source.
 * Returns { ok, binding, detail }.
 */
export function buildForElectron(electronPath, electronVersion) {
  const dir = electronNativeDir(electronVersion)
  const binding = electronBinding(electronVersion)
  if (existsSync(binding) && sqliteLoads(electronPath, { ELECTRON_RUN_AS_NODE: '1' }, binding).ok) {
    return { ok: true, binding, detail: 'cached' }
  }
  rmSync(dir, { recursive: true, force: true })
  const moduleDir = join(dir, 'node_modules', 'better-sqlite3')
  mkdirSync(dirname(moduleDir), { recursive: true })
  cpSync(betterSqliteDir(), moduleDir, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'plandesk-native', private: true, dependencies: { 'better-sqlite3': '*' } }))
  const env = cleanBuildEnv()
  const prebuild = spawnSync(
    process.execPath,
    [require.resolve('prebuild-install/bin.js'), '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch],
    { cwd: moduleDir, env, encoding: 'utf8', timeout: 120_000 },
  )
  if (prebuild.status !== 0 || !existsSync(binding)) {
    const rebuild = spawnSync(
      process.execPath,
      [join(root, 'node_modules', '@electron', 'rebuild', 'lib', 'cli.js'), '--version', electronVersion, '--module-dir', dir, '--only', 'better-sqlite3', '--force'],
      { cwd: dir, env, encoding: 'utf8', timeout: 600_000 },
    )
    if (rebuild.status !== 0 || !existsSync(binding)) {
      return { ok: false, binding, detail: `${(prebuild.stderr || '').trim().split('\n').pop()} / ${(rebuild.stderr || rebuild.stdout || '').trim().split('\n').pop()}` }
    }
  }
  const check = sqliteLoads(electronPath, { ELECTRON_RUN_AS_NODE: '1' }, binding)
  return { ok: check.ok, binding, detail: check.detail }
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}
