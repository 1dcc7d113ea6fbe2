/**
 * What every benchmark group gets from the harness: the scale, how many runs, a log, and the
 * shared fixture (a simulator in its own process and a data folder whose cache a real sync filled
 * from it, with the main-process child that holds its session), made once and lazily.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Figure } from './report'
import { forkChild, type Child } from './child'

export interface SimInfo {
  url: string
  token: string
  username: string
  adminSecret: string
  startupMs: number
  rssMb: number
}

export interface Fixture {
  sim: SimInfo
  simChild: Child
  /** A data folder in server mode (settings.json, credentials.json) whose cache holds every simulator plan. */
  dataDir: string
  cacheFile: string
  /** The main-process child with the fixture's session open. */
  main: Child
}

export interface BenchContext {
  plans: number
  quick: boolean
  /** Timed runs per scenario (after `warmups` untimed ones). */
  runs: number
  warmups: number
  log: (line: string) => void
  /** The simulator process serving `plans` plans (seed 42), started once. */
  simulator(): Promise<{ info: SimInfo; child: Child }>
  fixture(): Promise<Fixture>
  /** Sync's group hands over the data folder its last run filled, so no one syncs twice. */
  adoptFixture(f: Omit<Fixture, 'sim' | 'simChild'>): void
  tempDir(prefix: string): string
}

export interface BenchGroup {
  /** Matched by `npm run bench -- NAME`, like the file name it lives in. */
  name: string
  /** Scenario ids of the table that this group measures. */
  scenarios: string[]
  run(ctx: BenchContext): Promise<Figure[]>
}

export const SEED = 42

/** settings.json and credentials.json as the app and the CLI leave them after a sign-in. */
export function writeServerSettings(dataDir: string, sim: SimInfo): void {
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({ mode: 'server', serverUrl: sim.url, language: 'en', syncIntervalMinutes: 5, reconcileIntervalHours: 24 }) + '\n',
    { mode: 0o600 },
  )
  writeFileSync(join(dataDir, 'credentials.json'), JSON.stringify({ serverUrl: sim.url, username: sim.username, token: sim.token, verified: 'password' }) + '\n', {
    mode: 0o600,
  })
}

export function createContext(opts: { plans: number; quick: boolean; runs: number; warmups: number; log: (line: string) => void }): BenchContext & {
  dispose(): Promise<void>
} {
  const dirs: string[] = []
  let sim: Promise<{ info: SimInfo; child: Child }> | null = null
  let fixture: Fixture | null = null
  let making: Promise<Fixture> | null = null

  const tempDir = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), `pd-bench-${prefix}-`))
    dirs.push(d)
    return d
  }

  const simulator = () =>
    (sim ??= (async () => {
      const child = await forkChild('sim-child.ts')
      const info = await child.call<SimInfo>('start', { plans: opts.plans, seed: SEED })
      return { info, child }
    })())

  const ctx: BenchContext & { dispose(): Promise<void> } = {
    ...opts,
    simulator,
    tempDir,
    adoptFixture(f) {
      making = simulator().then(({ info, child }) => (fixture = { ...f, sim: info, simChild: child }))
    },
    fixture() {
      if (fixture) return Promise.resolve(fixture)
      making ??= (async () => {
        const { info, child } = await simulator()
        const dataDir = tempDir('fixture')
        writeServerSettings(dataDir, info)
        const main = await forkChild('main-child.ts')
        const { cacheFile } = await main.call<{ cacheFile: string }>('open', { dataDir, url: info.url, username: info.username, token: info.token })
        opts.log(`filling the shared cache: a full sync of ${opts.plans} plans…`)
        const r = await main.call<{ added: number }>('syncFull')
        if (r.added !== opts.plans) throw new Error(`the fixture sync stored ${r.added} of ${opts.plans} plans`)
        return (fixture = { sim: info, simChild: child, dataDir, cacheFile, main })
      })()
      return making
    },
    async dispose() {
      const f = fixture ?? (making ? await making.catch(() => null) : null)
      await f?.main.close()
      if (sim) await (await sim).child.close()
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
    },
  }
  return ctx
}
