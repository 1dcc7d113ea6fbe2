// npm start: the desktop app where Electron can run; otherwise one line saying why, then the
// same app through the loopback web host (its URL, with the per-launch secret, is printed).
//   node scripts/start.mjs [--web] [--dev] [-- app options: --demo | --server URL, --port N, ...]
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { buildForElectron, cleanBuildEnv, readJson, root } from './native.mjs'

const argv = process.argv.slice(2)
const webOnly = argv.includes('--web')
const dev = argv.includes('--dev')
const appArgs = argv.filter((a) => a !== '--web' && a !== '--dev' && a !== '--')

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts })
  return res.status === 0
}

/** Builds out/ when it is missing or older than the sources. */
function ensureBuilt() {
  const outputs = ['out/main/index.js', 'out/main/webhost.js', 'out/preload/index.js', 'out/renderer/index.html'].map((p) => join(root, p))
  const built = outputs.every((p) => existsSync(p))
  const newestOutput = built ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0
  const sources = spawnSync('git', ['ls-files', 'main', 'preload', 'renderer'], { cwd: root, encoding: 'utf8' })
  const files = sources.status === 0 ? sources.stdout.split('\n').filter(Boolean) : []
  const stale = files.some((f) => existsSync(join(root, f)) && statSync(join(root, f)).mtimeMs > newestOutput)
  if (built && !stale) return true
  console.log('Building PlanDesk…')
  return run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'])
}

/** Returns { path } of a runnable Electron binary, or { reason } why there is none. */
function findElectron() {
  const pkgDir = join(root, 'node_modules', 'electron')
  if (!existsSync(pkgDir)) return { reason: 'the electron package is not installed' }
  const pathFile = join(pkgDir, 'path.txt')
  const binary = () => join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!(existsSync(pathFile) && existsSync(binary()))) {
    console.log('Electron’s binary is not installed yet; downloading it…')
    const res = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
      cwd: pkgDir,
      env: cleanBuildEnv(),
      encoding: 'utf8',
      timeout: 180_000,
    })
    if (res.status !== 0 || !existsSync(pathFile) || !existsSync(binary())) {
      // The first line that is not a stack frame says what went wrong ("TypeError: fetch failed").
      const lines = (res.stderr || res.error?.message || 'unknown error').split('\n').map((l) => l.trim())
      const why = lines.find((l) => l && !l.startsWith('at ')) ?? 'unknown error'
      return { reason: `its binary could not be downloaded (${why.replace(/^\w*Error: /, '').slice(0, 160)})` }
    }
  }
  const probe = spawnSync(binary(), ['--version'], { env: { ...cleanBuildEnv(), ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 30_000 })
  if (probe.status !== 0) return { reason: `its binary does not run on this machine (${(probe.stderr || probe.error?.message || '').trim().slice(0, 160)})` }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' }
  }
  return { path: binary() }
}

function startWeb() {
  const child = spawn(process.execPath, [join(root, 'out', 'main', 'webhost.js'), ...appArgs], { cwd: root, stdio: 'inherit', env: cleanBuildEnv() })
  forward(child)
}

function forward(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code, signal) => process.exit(signal ? 0 : code ?? 0))
}

if (dev && !webOnly) {
  const electron = findElectron()
  if (electron.path) {
    const env = cleanBuildEnv()
    const child = spawn(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'dev', '--', ...appArgs], { cwd: root, stdio: 'inherit', env })
    forward(child)
  } else {
    console.log(`Electron cannot start here: ${electron.reason}. Serving PlanDesk through the web host instead (no hot reload).`)
    if (!ensureBuilt()) process.exit(1)
    startWeb()
  }
} else {
  if (!ensureBuilt()) process.exit(1)
  if (webOnly) {
    startWeb()
  } else {
    const electron = findElectron()
    let native = null
    if (electron.path) {
      const version = readJson(join(root, 'node_modules', 'electron', 'package.json')).version
      native = buildForElectron(electron.path, version)
    }
    if (electron.path && native?.ok) {
      const child = spawn(electron.path, ['.', ...appArgs], {
        cwd: root,
        stdio: 'inherit',
        env: { ...cleanBuildEnv(), PLANDESK_SQLITE_BINDING: native.binding },
      })
      forward(child)
    } else {
      const reason = electron.reason ?? `better-sqlite3 could not be built for Electron (${native?.detail ?? 'unknown'})`
      console.log(`Electron cannot start here: ${reason}. Serving PlanDesk through the web host instead.`)
      startWeb()
    }
  }
}
