/**
 * CLI start-up on a big cache: wall time of the built `plandesk` (out/main/cli.js) for
 * `search TEXT --json` and `statuses --json` on a data folder whose cache holds 100,000 plans
 * (issue target: search < 0.4 s on this machine), next to the floor of starting Node at all.
 * The cache is filled directly with generated plans (like store.bench.ts), through the same
 * PlanStore.applyPlans a sync uses; the CLI only reads it. Timings are reported, never asserted.
 *
 *   npx tsx test/bench/cli.bench.ts
 *   PLANDESK_BENCH_CLI_PLANS (else PLANDESK_BENCH_PLANS) cached plans (default 100000)
 *   PLANDESK_BENCH_CLI_RUNS  timed runs per command after one warm-up (default 10)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../../main/store'
import { cacheFileFor } from '../../main/store/paths'
import { fillStore } from './fill'
import { runStandalone } from './standalone'

const ROOT = join(__dirname, '../..')
const CLI = join(ROOT, 'out/main/cli.js')
const SERVER_URL = 'http://127.0.0.1:9'



/** A data folder in server mode whose cache holds `n` generated plans, as a sync would leave it. */
function buildDataDir(n: number): { dataDir: string; cacheFile: string; fillMs: number } {
  const dataDir = mkdtempSync(join(tmpdir(), 'pd-bench-cli-'))
  const cacheFile = cacheFileFor(dataDir, { demo: false, serverUrl: SERVER_URL })
  const t = performance.now()
  const { store } = openStore({ file: cacheFile })
  try {
    fillStore(store, n)
    const at = new Date().toISOString()
    store.setState('lastFullSyncAt', at)
    store.setState('lastSyncAt', at)
    store.db.pragma('optimize')
    store.db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    store.close()
  }
  const fillMs = performance.now() - t
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({ mode: 'server', serverUrl: SERVER_URL, language: 'en', syncIntervalMinutes: 5, reconcileIntervalHours: 24 }) + '\n',
  )
  return { dataDir, cacheFile, fillMs }
}

function ensureBuilt(): void {
  if (existsSync(CLI)) return
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0 || !existsSync(CLI)) throw new Error(`npx electron-vite build failed (exit ${r.status}); ${CLI} is missing`)
}

/** The environment without anything that would point the CLI elsewhere. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const k of ['PLANDESK_SERVER', 'PLANDESK_TOKEN', 'PLANDESK_DATA_DIR', 'PLANDESK_CLI_DEV', 'NODE_OPTIONS']) delete env[k]
  return env
}

/** Wall seconds of `node args...` (one warm-up, then `runs` timed runs); checks each run's output. */
function timeNode(args: string[], runs: number, check: (stdout: string) => void): number[] {
  const env = cleanEnv()
  const times: number[] = []
  for (let i = 0; i <= runs; i++) {
    const t = process.hrtime.bigint()
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    const s = Number(process.hrtime.bigint() - t) / 1e9
    if (r.error) throw r.error
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
    if (r.stderr.trim() !== '') throw new Error(`node ${args.join(' ')} wrote to stderr: ${r.stderr}`)
    check(r.stdout)
    if (i > 0) times.push(s)
  }
  return times.sort((a, b) => a - b)
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

const round3 = (n: number) => Math.round(n * 1000) / 1000

export async function run(log: (line: string) => void = () => undefined): Promise<Record<string, number>> {
  const n = Number(process.env.PLANDESK_BENCH_CLI_PLANS ?? process.env.PLANDESK_BENCH_PLANS ?? 100_000)
  const runs = Number(process.env.PLANDESK_BENCH_CLI_RUNS ?? 10)
  ensureBuilt()
  const { dataDir, cacheFile, fillMs } = buildDataDir(n)
  const results: Record<string, number> = {}
  try {
    results.cli_cache_plans = n
    results.cli_cache_mb = Math.round(statSync(cacheFile).size / 1e5) / 10
    log(`cache of ${n} plans (${results.cli_cache_mb} MB) filled in ${Math.round(fillMs)} ms`)
    const texts: Record<string, string> = {
      turkish: 'ışık',
      order_number: `ORD-${Math.floor(n / 2)}`,
      pk: String(Math.floor(n / 3)),
    }
    const all: number[] = []
    for (const [name, text] of Object.entries(texts)) {
      const times = timeNode([CLI, '--data-dir', dataDir, 'search', text, '--json', '--limit', '50'], runs, (out) => {
        const parsed = JSON.parse(out) as { total: number; rows: unknown[] }
        if (!(parsed.total > 0) || parsed.rows.length === 0) throw new Error(`search ${text} found nothing in ${n} cached plans`)
      })
      all.push(...times)
      results[`cli_search_${name}_p50_s`] = round3(percentile(times, 50))
      log(`search ${JSON.stringify(text)}: p50 ${round3(percentile(times, 50))} s, max ${round3(times[times.length - 1])} s`)
    }
    all.sort((a, b) => a - b)
    results.cli_search_p50_s = round3(percentile(all, 50))
    results.cli_search_max_s = round3(all[all.length - 1])
    const statuses = timeNode([CLI, '--data-dir', dataDir, 'statuses', '--json'], runs, (out) => {
      if ((JSON.parse(out) as unknown[]).length === 0) throw new Error('statuses --json printed an empty list')
    })
    results.cli_statuses_p50_s = round3(percentile(statuses, 50))
    const floor = timeNode(['-e', ''], runs, () => undefined)
    results.node_startup_p50_s = round3(percentile(floor, 50))
    log(`statuses: p50 ${results.cli_statuses_p50_s} s; node -e '': p50 ${results.node_startup_p50_s} s`)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
  return results
}

if (require.main === module) runStandalone(run)
