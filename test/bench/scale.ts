/**
 * `npm run bench -- --scale`: how the costs grow with the number of plans. At each size (default
 * 10,000, 30,000, 100,000 and 300,000; `--sizes 10000,30000` for others) a simulator of its own
 * and, in order: B1 (first syncs in fresh processes, beside fetching every page alone and the
 * lean ingest), B7 (cache size, RSS after and peak during the sync, and the peak of the built
 * CLI's first sync), then B3 and B4 on the cache
 * the last first sync filled (the store group's own scenarios), and B3s (searches while more
 * first syncs run). Writes every size's figures to
 * test/bench/results/scale.json, and a table and a mermaid chart to scale.md (docs/performance.md
 * shows them).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { createContext } from './lib/context'
import { judge, machine, type JudgedFigure, type Machine } from './lib/report'
import { round } from './lib/stats'
import { group as store } from './store.bench'
import { cacheSizeFigure, cliFirstSyncs, cliSyncFigures, firstSyncFigures, firstSyncs, measureFloors, rssFigures, searchDuringSyncFigures, searchesDuringSync } from './sync.bench'

export const SCALE_SIZES = [10_000, 30_000, 100_000, 300_000]
export const SCALE_RESULTS = join(__dirname, 'results/scale.json')

export interface ScaleReport {
  date: string
  runs: number
  warmups: number
  durationS: number
  machine: Machine
  load: { start: number[]; end: number[] }
  sizes: Array<{ plans: number; durationS: number; figures: JudgedFigure[] }>
  errors: Array<{ plans: number; message: string }>
}

/** The figures of one size: the first sync's and its floors', then the store group's B3 and B4. */
async function oneSize(plans: number, runs: number, log: (line: string) => void): Promise<JudgedFigure[]> {
  const ctx = createContext({ plans, quick: false, runs, warmups: 1, log })
  try {
    const syncs = await firstSyncs(ctx)
    ctx.adoptFixture(syncs.kept)
    const { fetched, ingest } = await measureFloors(ctx, ['lean'])
    const cli = await cliFirstSyncs(ctx)
    const searches = (await store.run(ctx)).filter((f) => f.scenario === 'B3' || f.scenario === 'B4')
    const duringSync = searchDuringSyncFigures(ctx, await searchesDuringSync(ctx))
    return [
      ...firstSyncFigures(ctx, syncs.runs, fetched, ingest.lean),
      cacheSizeFigure(ctx, syncs.runs, fetched),
      ...rssFigures(syncs.runs),
      ...cliSyncFigures(cli, fetched),
      ...searches,
      ...duringSync,
    ].map(judge)
  } finally {
    await ctx.dispose()
  }
}

const find = (figures: readonly JudgedFigure[], scenario: string, start: string) => figures.find((f) => f.scenario === scenario && f.name.startsWith(start))

/** The curve: one row a size. */
export function scaleTable(report: ScaleReport): string {
  const head = ['plans', 'B1 first sync', 'per 1,000 plans', 'fetch alone', 'B1 / fetch', 'lean ingest', 'B1 / lean', 'B3 search p95', 'B3s search during sync p95', 'B4 open p95', 'B7 KB/plan', 'B7 peak RSS', 'B7 peak RSS, built CLI']
  const rows = report.sizes.map(({ plans, figures }) => {
    const b1 = find(figures, 'B1', 'first sync, simulator')
    const lean = find(figures, 'B1', 'first sync against the lean')
    const med = (f: JudgedFigure | undefined, unit = '') => (f ? `${round(f.stats.median, 3).toLocaleString('en-US')}${unit}` : '—')
    return [
      plans.toLocaleString('en-US'),
      b1 ? `${(b1.stats.median / 1000).toFixed(1)} s` : '—',
      b1 ? `${((b1.stats.median / plans) * 1000).toFixed(0)} ms` : '—',
      b1?.floor ? `${(b1.floor.stats.median / 1000).toFixed(1)} s` : '—',
      b1?.ratio ? `${b1.ratio.toFixed(2)}×` : '—',
      lean?.floor ? `${(lean.floor.stats.median / 1000).toFixed(1)} s` : '—',
      lean?.ratio ? `${lean.ratio.toFixed(2)}×` : '—',
      med(find(figures, 'B3', '200 searches through the query API, p95'), ' ms'),
      med(find(figures, 'B3s', 'search while a first sync of'), ' ms'),
      med(find(figures, 'B4', 'open a plan'), ' ms'),
      med(find(figures, 'B7', 'cache size'), ''),
      med(find(figures, 'B7', 'main-process peak RSS'), ' MB'),
      med(find(figures, 'B7', 'peak RSS of plandesk sync'), ' MB'),
    ]
  })
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
}

/** A mermaid xychart of the first sync's cost per 1,000 plans and the search p95, by size. */
export function scaleChart(report: ScaleReport): string {
  const sizes = report.sizes.filter((s) => find(s.figures, 'B1', 'first sync, simulator'))
  const perThousand = sizes.map((s) => Math.round((find(s.figures, 'B1', 'first sync, simulator')!.stats.median / s.plans) * 1000))
  const fetchPerThousand = sizes.map((s) => Math.round((find(s.figures, 'B1', 'first sync, simulator')!.floor!.stats.median / s.plans) * 1000))
  const search = sizes.map((s) => round(find(s.figures, 'B3', '200 searches through the query API, p95')?.stats.median ?? 0, 3))
  const x = `x-axis "plans" [${sizes.map((s) => `"${s.plans.toLocaleString('en-US')}"`).join(', ')}]`
  const top = Math.max(...perThousand, 1)
  return [
    '```mermaid',
    'xychart-beta',
    '    title "First sync: ms per 1,000 plans (bars), fetching alone (line)"',
    `    ${x}`,
    `    y-axis "ms per 1,000 plans" 0 --> ${Math.ceil(top * 1.2)}`,
    `    bar [${perThousand.join(', ')}]`,
    `    line [${fetchPerThousand.join(', ')}]`,
    '```',
    '',
    '```mermaid',
    'xychart-beta',
    '    title "B3: 200 searches, p95 (ms)"',
    `    ${x}`,
    `    y-axis "ms" 0 --> ${Math.ceil(Math.max(20, ...search) * 1.2)}`,
    `    bar [${search.join(', ')}]`,
    '    line [' + sizes.map(() => 20).join(', ') + ']',
    '```',
  ].join('\n')
}

export async function runScale(opts: { sizes: number[]; runs: number }): Promise<ScaleReport> {
  const started = Date.now()
  const load = loadavg()
  const report: ScaleReport = {
    date: new Date().toISOString(),
    runs: opts.runs,
    warmups: 1,
    durationS: 0,
    machine: machine(),
    load: { start: load.map((l) => round(l, 3)), end: [] },
    sizes: [],
    errors: [],
  }
  const log = (line: string) => console.log(`  ${line}`)
  for (const plans of opts.sizes) {
    console.log(`\n== ${plans.toLocaleString('en-US')} plans, ${opts.runs} runs after 1 warm-up`)
    const t = Date.now()
    try {
      const figures = await oneSize(plans, opts.runs, log)
      report.sizes.push({ plans, durationS: Math.round((Date.now() - t) / 100) / 10, figures })
    } catch (err) {
      console.error(`  ${plans} plans failed:`, err)
      report.errors.push({ plans, message: err instanceof Error ? (err.stack ?? err.message) : String(err) })
    }
    // Written after each size: a long run that stops keeps what it measured.
    report.durationS = Math.round((Date.now() - started) / 100) / 10
    report.load.end = loadavg().map((l) => round(l, 3))
    writeScale(report)
  }
  return report
}

function writeScale(report: ScaleReport): void {
  mkdirSync(join(__dirname, 'results'), { recursive: true })
  writeFileSync(SCALE_RESULTS, JSON.stringify(report, null, 2) + '\n')
  const m = report.machine
  writeFileSync(
    SCALE_RESULTS.replace(/\.json$/, '.md'),
    `${scaleTable(report)}\n\n${scaleChart(report)}\n\nMedians of ${report.runs} runs after 1 warm-up at each size, ${report.date.slice(0, 16).replace('T', ' ')} UTC; ` +
      `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB; Node ${m.node}, SQLite ${m.sqlite}; load average ${report.load.start.join(' ')} at the start, ` +
      `${report.load.end.join(' ')} at the end; ${report.durationS} s.\n`,
  )
}
