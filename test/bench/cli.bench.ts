/**
 * B10: wall time of the built `plandesk search TEXT --json` (out/main/cli.js) on the shared cache,
 * beside the floor of starting Node at all (`node -e ''`). Each run is one invocation, the texts
 * taking turns (Turkish text, an order number, a plan number); every answer is checked.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchGroup } from './lib/context'
import type { CacheSample } from './lib/queries'
import { repeat, runStats } from './lib/stats'

const ROOT = join(__dirname, '../..')
export const CLI = join(ROOT, 'out/main/cli.js')

/** The newest modification time of the sources the build is made from. */
function newestSource(): number {
  let newest = 0
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else newest = Math.max(newest, statSync(path).mtimeMs)
    }
  }
  for (const dir of ['main', 'preload', 'renderer']) walk(join(ROOT, dir))
  return newest
}

/** Builds (electron-vite) when `file` is missing or older than a source: a benchmark of stale code measures nothing. */
export function ensureBuilt(file: string): void {
  if (existsSync(file) && statSync(file).mtimeMs >= newestSource()) return
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0 || !existsSync(file)) throw new Error(`npx electron-vite build failed (exit ${r.status}); ${file} is missing`)
}

/** The environment without anything that would point the CLI elsewhere. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const k of ['PLANDESK_SERVER', 'PLANDESK_TOKEN', 'PLANDESK_DATA_DIR', 'PLANDESK_CLI_DEV', 'NODE_OPTIONS']) delete env[k]
  return env
}

/** Wall milliseconds of `node args...`; checks the run's output (and that it wrote nothing to stderr). */
export function timeNode(args: string[], check: (stdout: string) => void, env: NodeJS.ProcessEnv = cleanEnv()): number {
  const t = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const ms = Number(process.hrtime.bigint() - t) / 1e6
  if (r.error) throw r.error
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  if (r.stderr.trim() !== '') throw new Error(`node ${args.join(' ')} wrote to stderr: ${r.stderr}`)
  check(r.stdout)
  return ms
}

export const group: BenchGroup = {
  name: 'cli',
  scenarios: ['B10'],
  async run(ctx) {
    ensureBuilt(CLI)
    const { dataDir, main } = await ctx.fixture()
    const sample = await main.call<CacheSample>('sample')
    const texts = ['ayakkabı', sample.orderNumbers[Math.floor(sample.orderNumbers.length / 2)], String(Math.floor(sample.plans / 3))]
    let n = 0
    const search = await repeat(Math.max(ctx.runs, 9), ctx.warmups, () => {
      const text = texts[n++ % texts.length]
      return timeNode([CLI, '--data-dir', dataDir, 'search', text, '--json', '--limit', '50'], (out) => {
        const parsed = JSON.parse(out) as { total: number; rows: unknown[] }
        if (!(parsed.total > 0) || parsed.rows.length === 0) throw new Error(`plandesk search ${text} found nothing in ${sample.plans} cached plans`)
      })
    })
    const bare = await repeat(Math.max(ctx.runs, 9), ctx.warmups, () => timeNode(['-e', ''], () => undefined))
    return [
      { scenario: 'B10', name: 'plandesk search TEXT --json, wall time', unit: 'ms', stats: runStats(search), floor: { name: "node -e ''", stats: runStats(bare) },
        targets: [{ kind: 'max', value: 400 }] },
    ]
  },
}
