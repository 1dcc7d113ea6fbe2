/**
 * `npm run bench`: the performance scenarios B1–B10 (docs/performance.md), each run at least 5 times
 * after a warm-up, with its floor measured in the same run; prints a table and writes every
 * figure, floor, ratio and verdict with the machine's description to
 * test/bench/results/latest.json. Targets are judged here, never in tests.
 *
 *   npm run bench                     every scenario at 100,000 plans
 *   npm run bench -- --plans 20000    another size
 *   npm run bench -- --quick          5,000 plans, one run each (CI runs this so the code stays alive)
 *   npm run bench -- store            only the groups whose name (or scenario id: B3) matches;
 *                                     several: sync,store
 *   npm run bench -- --runs 7         more timed runs (never fewer than 5)
 *   npm run bench -- --scale          B1, B3, B3s, B4 and B7 at 10,000, 30,000, 100,000 and
 *                                     300,000 plans (scale.ts), 3 runs each unless --runs says
 *                                     otherwise; --sizes 10000,30000 for other sizes
 *   npm run bench -- --help           these lines
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
import { SCALE_RESULTS, SCALE_SIZES, runScale, scaleTable } from './scale'

const USAGE = `npm run bench [-- options] [groups or ids]

  npm run bench                     every scenario at 100,000 plans (median of 5 runs after a warm-up)
  npm run bench -- --plans 20000    another size
  npm run bench -- --quick          5,000 plans, one run each (CI runs this so the code stays alive)
  npm run bench -- store            only the groups whose name (or scenario id: B3) matches; several: sync,store
  npm run bench -- --runs 7         more timed runs (never fewer than 5)
  npm run bench -- --scale          B1, B3, B3s, B4 and B7 at 10,000, 30,000, 100,000 and 300,000 plans,
                                    3 runs each unless --runs says otherwise (results/scale.json, scale.md)
  npm run bench -- --scale --sizes 10000,30000
                                    the curve at other sizes

Writes test/bench/results/latest.json and latest.md; docs/performance.md says what each scenario measures.`

/** In the order they run: the simulator first, the shared cache made by sync, the browser and the outbox last. */
const GROUPS: BenchGroup[] = [simulator, sync, store, cli, ui, outbox]

export const RESULTS = join(__dirname, 'results/latest.json')

interface Args {
  plans: number
  quick: boolean
  runs: number
  filter: string | null
  /** --scale: the sizes to run, else null. */
  scale: number[] | null
}

function parseArgs(argv: string[]): Args {
  let plans: number | null = null
  let quick = false
  let runs: number | null = null
  let filter: string | null = null
  let scale = false
  let sizes: number[] | null = null
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const num = (name: string, min: number) => {
      const n = Number(argv[++i])
      if (!Number.isInteger(n) || n < min) throw new Error(`${name} needs a whole number of at least ${min}`)
      return n
    }
    if (a === '--help' || a === '-h') {
      console.log(USAGE)
      process.exit(0)
    } else if (a === '--quick') quick = true
    else if (a === '--plans') plans = num('--plans', 100)
    else if (a === '--runs') runs = num('--runs', 1)
    else if (a === '--scale') scale = true
    else if (a === '--sizes') {
      const list = (argv[++i] ?? '').split(',').map(Number)
      if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('--sizes needs whole numbers of at least 100, separated by commas: --sizes 10000,30000')
      sizes = list
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`)
    else filter = a
  }
  if (sizes && !scale) throw new Error('--sizes goes with --scale')
  if (scale && (plans !== null || quick || filter !== null)) throw new Error('--scale runs its own sizes and scenarios: give it --sizes and --runs only')
  // The headline figures are medians of at least 5 runs; the curve, of 3 unless asked for more.
  if (!scale && runs !== null && runs < 5) throw new Error('--runs needs a whole number of at least 5')
  // --quick keeps the code alive (CI): one run of each, no warm-up, unless --runs asks for more.
  return { plans: plans ?? (quick ? 5_000 : 100_000), quick, runs: runs ?? (scale ? 3 : quick ? 1 : 5), filter, scale: scale ? (sizes ?? SCALE_SIZES) : null }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.scale) {
    console.log(`PlanDesk benchmarks, --scale: ${args.scale.map((n) => n.toLocaleString('en-US')).join(', ')} plans, ${args.runs} runs after 1 warm-up each`)
    const report = await runScale({ sizes: args.scale, runs: args.runs })
    console.log(`\n${scaleTable(report)}\n`)
    console.log(`Wrote ${SCALE_RESULTS} and scale.md (${report.durationS} s)`)
    if (report.errors.length > 0) process.exitCode = 1
    return
  }
  const wanted = args.filter?.toLowerCase().split(',') ?? null
  const groups = GROUPS.filter((g) => !wanted || wanted.some((f) => g.name.includes(f) || g.scenarios.some((s) => s.toLowerCase() === f)))
  if (groups.length === 0) {
    console.error(`No benchmark matches ${args.filter}; groups: ${GROUPS.map((g) => `${g.name} (${g.scenarios.join(', ')})`).join('; ')}`)
    process.exit(2)
  }
  const started = Date.now()
  const load = loadavg()
  const log = (line: string) => console.log(`  ${line}`)
  const warmups = args.quick ? 0 : 1
  const ctx = createContext({ plans: args.plans, quick: args.quick, runs: args.runs, warmups, log })
  console.log(`PlanDesk benchmarks: ${args.plans.toLocaleString('en-US')} plans, ${args.runs} run(s) after ${warmups} warm-up(s); ${groups.map((g) => g.name).join(', ')}`)
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
    warmups,
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
