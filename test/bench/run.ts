/**
 * `npm run bench`: the performance scenarios B1–B10 (docs/performance.md), each run at least 5 times
 * after a warm-up, with its floor measured in the same run; prints a table and writes every
 * figure, floor, ratio and verdict with the machine's description to
 * test/bench/results/latest.json. Targets are judged here, never in tests.
 *
 *   npm run bench                     every scenario at 100,000 plans
 *   npm run bench -- --plans 20000    another size
 *   npm run bench -- --quick          5,000 plans (CI runs this so the code stays alive)
 *   npm run bench -- store            only the groups whose name (or scenario id: B3) matches;
 *                                     several: sync,store
 *   npm run bench -- --runs 7         more timed runs (never fewer than 5)
 *
 * Groups run one after the other, never in parallel (2 cores). A group that fails is reported
 * and the run exits 1 after the others.
 */
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { createContext, type BenchGroup } from './lib/context'
import { judge, machine, table, writeReport, type JudgedFigure, type RunReport } from './lib/report'
import { group as cli } from './cli.bench'
import { group as outbox } from './outbox.bench'
import { group as simulator } from './simulator.bench'
import { group as store } from './store.bench'
import { group as sync } from './sync.bench'
import { group as ui } from './ui.bench'

/** In the order they run: the simulator first, the shared cache made by sync, the browser and the outbox last. */
const GROUPS: BenchGroup[] = [simulator, sync, store, cli, ui, outbox]

export const RESULTS = join(__dirname, 'results/latest.json')

function parseArgs(argv: string[]): { plans: number; quick: boolean; runs: number; filter: string | null } {
  let plans: number | null = null
  let quick = false
  let runs = 5
  let filter: string | null = null
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const num = (name: string, min: number) => {
      const n = Number(argv[++i])
      if (!Number.isInteger(n) || n < min) throw new Error(`${name} needs a whole number of at least ${min}`)
      return n
    }
    if (a === '--quick') quick = true
    else if (a === '--plans') plans = num('--plans', 100)
    else if (a === '--runs') runs = num('--runs', 5)
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`)
    else filter = a
  }
  return { plans: plans ?? (quick ? 5_000 : 100_000), quick, runs, filter }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const wanted = args.filter?.toLowerCase().split(',') ?? null
  const groups = GROUPS.filter((g) => !wanted || wanted.some((f) => g.name.includes(f) || g.scenarios.some((s) => s.toLowerCase() === f)))
  if (groups.length === 0) {
    console.error(`No benchmark matches ${args.filter}; groups: ${GROUPS.map((g) => `${g.name} (${g.scenarios.join(', ')})`).join('; ')}`)
    process.exit(2)
  }
  const started = Date.now()
  const load = loadavg()
  const log = (line: string) => console.log(`  ${line}`)
  const ctx = createContext({ plans: args.plans, quick: args.quick, runs: args.runs, warmups: 1, log })
  console.log(`PlanDesk benchmarks: ${args.plans.toLocaleString('en-US')} plans, ${args.runs} runs after 1 warm-up; ${groups.map((g) => g.name).join(', ')}`)
  const figures: JudgedFigure[] = []
  const errors: RunReport['errors'] = []
  try {
    for (const g of groups) {
      const t = Date.now()
      console.log(`\n== ${g.name} (${g.scenarios.join(', ')})`)
      try {
        const out = (await g.run(ctx)).map(judge)
        figures.push(...out)
        console.log(`  (${((Date.now() - t) / 1000).toFixed(1)} s)`)
      } catch (err) {
        console.error(`  ${g.name} failed:`, err)
        errors.push({ group: g.name, message: err instanceof Error ? (err.stack ?? err.message) : String(err) })
      }
    }
  } finally {
    await ctx.dispose()
  }
  const order = (id: string) => Number(id.replace(/\D/g, '')) * 10 + (id.endsWith('i') ? 1 : 0)
  figures.sort((a, b) => order(a.scenario) - order(b.scenario))
  const report: RunReport = {
    date: new Date().toISOString(),
    plans: args.plans,
    quick: args.quick,
    runs: args.runs,
    warmups: 1,
    filter: args.filter,
    durationS: Math.round((Date.now() - started) / 100) / 10,
    machine: machine(),
    load: { start: load.map((l) => Math.round(l * 100) / 100), end: loadavg().map((l) => Math.round(l * 100) / 100) },
    figures,
    errors,
  }
  writeReport(RESULTS, report)
  const m = report.machine
  console.log(`\n${table(figures)}\n`)
  console.log(`${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB; Node ${m.node}; SQLite ${m.sqlite}; ${m.chromium ?? 'no Chromium'}`)
  console.log(`load average ${report.load.start.join(' ')} → ${report.load.end.join(' ')}; ${report.durationS} s`)
  console.log(`Wrote ${RESULTS} and latest.md`)
  if (errors.length > 0) {
    console.error(`${errors.length} group(s) failed: ${errors.map((e) => e.group).join(', ')}`)
    process.exitCode = 1
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
