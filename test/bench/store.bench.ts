/**
 * B3 and B4 on the shared cache (filled by a real sync), in the main-process child:
 * - B3: a fixed, seeded mix of 200 searches through the query API (PlanStore.searchPlans, what
 *   plans:search and the CLI call) beside the same questions as hand-written SQL on the same
 *   file; per run the p50 and p95 over the 200, and the main process's RSS after it (B7);
 * - B3 deep: scrolling 10,000 rows page by page (the renderer's 200-row pages);
 * - B4: opening a plan (PlanStore.getPlan) for 200 seeded plans, p95 per run.
 */
import type { BenchGroup } from './lib/context'
import type { Figure } from './lib/report'
import { type CacheSample, type MixQuery, PAGE, searchMix } from './lib/queries'
import { ascending, percentile, repeat, runStats, seededRandom } from './lib/stats'

const p = (times: number[], q: number) => percentile(ascending(times), q)

export const group: BenchGroup = {
  name: 'store',
  scenarios: ['B3', 'B4', 'B7'],
  async run(ctx) {
    const { main } = await ctx.fixture()
    const sample = await main.call<CacheSample>('sample')
    const queries = searchMix(sample)
    const runs = await repeat(ctx.runs, ctx.warmups, () =>
      main.call<{ api: number[][]; floor: number[][]; rssMb: number }>('searchMix', { queries, runs: 1, warmups: 0 }),
    )
    const api = runs.map((r) => r.api[0])
    const floor = runs.map((r) => r.floor[0])
    // The slowest kinds of question, for the README: per kind, the median over runs of its p95.
    const kinds = [...new Set(queries.map((q) => q.kind))]
    const byKind = (times: number[][], kind: MixQuery['kind']) =>
      runStats(times.map((t) => p(t.filter((_, i) => queries[i].kind === kind), 95))).median
    const detail: Record<string, number> = {}
    for (const k of kinds) {
      detail[`${k}.p95Ms`] = Math.round(byKind(api, k) * 100) / 100
      detail[`${k}.floorP95Ms`] = Math.round(byKind(floor, k) * 100) / 100
    }
    const depth = Math.min(10_000, sample.plans)
    const scroll = await repeat(ctx.runs, ctx.warmups, () =>
      main.call<{ byOffset: number; byCursor: number | null; pages: number }>('scroll', { depth, pageSize: PAGE, sort: '-modified_date' }),
    )
    const rnd = seededRandom(4)
    const pks = Array.from({ length: 200 }, () => 1 + Math.floor(rnd() * sample.plans))
    const opens = await repeat(ctx.runs, ctx.warmups, async () => (await main.call<number[][]>('openPlans', { pks, runs: 1, warmups: 0 }))[0])
    const checks = await repeat(ctx.runs, ctx.warmups, () => main.call<{ ms: number; damaged: number }>('recordCheck'))
    if (checks.some((c) => c.damaged > 0)) throw new Error('the record check found damaged records in a freshly synced cache')
    const figures: Figure[] = [
      { scenario: 'B3', name: '200 searches through the query API, p95', unit: 'ms', stats: runStats(api.map((t) => p(t, 95))),
        floor: { name: 'hand-written SQL', stats: runStats(floor.map((t) => p(t, 95))) }, targets: [{ kind: 'max', value: 20 }, { kind: 'ratioMax', value: 3 }], detail },
      { scenario: 'B3', name: '200 searches through the query API, p50', unit: 'ms', stats: runStats(api.map((t) => p(t, 50))),
        floor: { name: 'hand-written SQL', stats: runStats(floor.map((t) => p(t, 50))) }, targets: [{ kind: 'report' }] },
      { scenario: 'B3', name: `scroll ${depth.toLocaleString('en-US')} rows by offset, ${PAGE}-row pages (whole walk)`, unit: 'ms', stats: runStats(scroll.map((s) => s.byOffset)), targets: [{ kind: 'report' }] },
    ]
    if (scroll[0].byCursor !== null) {
      figures.push({ scenario: 'B3', name: `scroll ${depth.toLocaleString('en-US')} rows by keyset cursor (whole walk)`, unit: 'ms',
        stats: runStats(scroll.map((s) => s.byCursor!)), floor: { name: 'by offset', stats: runStats(scroll.map((s) => s.byOffset)) }, targets: [{ kind: 'report' }] })
    }
    figures.push(
      { scenario: 'B4', name: 'open a plan (getPlan), p95 of 200', unit: 'ms', stats: runStats(opens.map((t) => p(t, 95))), targets: [{ kind: 'max', value: 2 }] },
      { scenario: 'B7', name: 'record check at open (every kept record)', unit: 'ms', stats: runStats(checks.map((c) => c.ms)), targets: [{ kind: 'max', value: 1000 }] },
      { scenario: 'B7', name: 'main-process RSS after B3', unit: 'MB', stats: runStats(runs.map((r) => r.rssMb)), targets: [{ kind: 'max', value: 300 }] },
    )
    return figures
  },
}
