/**
 * B1, B1i, B2 and B7's size: the first sync of every simulator plan into an empty cache over
 * loopback, end to end through a ServerSession in a main-process child of its own (one fresh
 * child and data folder per run), beside its floors measured on the same simulator in the same
 * run: fetching every page alone (the target is a ratio to it), the lean ingest (the pages parsed
 * and written into plain tables without the cache's indexes) and the bare ingest (the cache's own
 * schema and indexes, written with bare prepared statements: B1i's floor). B1i times
 * PlanStore.applyPlans on the same pages. B2: 100 plans changed on the server, then an
 * incremental sync. B7: the cache's bytes per plan against the JSON bytes received, and the
 * main process's RSS after the sync and its peak during it; the same first sync through the built
 * CLI (`plandesk sync`), the code the app and the command run, its wall time and peak RSS. B3s:
 * searches while a first sync runs.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { CLI, cleanEnv, ensureBuilt, timeNode } from './cli.bench'
import type { BenchContext, BenchGroup } from './lib/context'
import { writeServerSettings } from './lib/context'
import { forkChild, type Child } from './lib/child'
import type { IngestMode } from './lib/ingest'
import type { Figure } from './lib/report'
import { ascending, percentile, repeat, runStats, seededRandom } from './lib/stats'
import type { SearchQuery } from '../../preload/contract'
import { join } from 'node:path'

/** The page size a sync uses (SyncEngine's default). */
const PAGE_SIZE = 100
const CHANGED = 100

export interface SyncRun {
  ms: number
  rssMb: number
  /** The process's peak RSS during the sync (a fresh process each run). */
  peakRssMb: number
  bytes: number
  tables: Record<string, number>
}

export async function firstSyncs(ctx: BenchContext): Promise<{ runs: SyncRun[]; kept: { main: Child; dataDir: string; cacheFile: string } }> {
  const { info } = await ctx.simulator()
  let kept: { main: Child; dataDir: string; cacheFile: string } | null = null
  const total = ctx.runs + ctx.warmups
  let n = 0
  const runs = await repeat(ctx.runs, ctx.warmups, async () => {
    const last = ++n === total
    const dataDir = ctx.tempDir('sync')
    writeServerSettings(dataDir, info)
    const main = await forkChild('main-child.ts')
    try {
      const { cacheFile } = await main.call<{ cacheFile: string }>('open', { dataDir, url: info.url, username: info.username, token: info.token })
      const r = await main.call<FullSync>('syncFull')
      checkFull(ctx, r)
      const size = await main.call<{ bytes: number; tables: Record<string, number> }>('cacheSize')
      ctx.log(`first sync: ${Math.round(r.ms)} ms, RSS ${Math.round(r.rssMb)} MB (peak ${Math.round(r.peakRssMb)}), cache ${(size.bytes / ctx.plans / 1024).toFixed(2)} KB/plan`)
      if (last) kept = { main, dataDir, cacheFile }
      return { ms: r.ms, rssMb: r.rssMb, peakRssMb: r.peakRssMb, bytes: size.bytes, tables: size.tables }
    } finally {
      if (!last) await main.close()
    }
  })
  return { runs, kept: kept! }
}

interface FullSync {
  ms: number
  added: number
  complete: boolean
  rssMb: number
  peakRssMb: number
}

function checkFull(ctx: BenchContext, r: FullSync): void {
  if (r.added !== ctx.plans || !r.complete) throw new Error(`the full sync stored ${r.added} of ${ctx.plans} plans (complete: ${r.complete})`)
}

/** What a person types while the first sync runs: prefixes, words, a filter, the empty search (the searches B3s asks in turn). */
const DURING_SYNC: SearchQuery[] = [
  { text: 'ka', limit: 200 },
  { text: 'gömlek', limit: 200 },
  { limit: 200 },
  { text: 'çay', limit: 200 },
  { statuses: ['waiting'], limit: 200 },
  { text: 'kulaklık', limit: 200, sort: '-modified_date' },
]

/** Pause between two searches: about a person's typing pace. */
const TYPING_MS = 100

/**
 * B3s: searches while a first sync runs, each timed from its request to its answer over the
 * main process's channel (as plans:search, it waits for whatever holds the process's event loop),
 * one at a time with TYPING_MS between them; in extra first syncs of their own (runs of B1 never
 * share the process with searches). Milliseconds per search, per run.
 */
export async function searchesDuringSync(ctx: BenchContext): Promise<Array<{ times: number[]; own: number[] }>> {
  const { info } = await ctx.simulator()
  return repeat(ctx.runs, 0, async () => {
    const dataDir = ctx.tempDir('sync-search')
    writeServerSettings(dataDir, info)
    const main = await forkChild('main-child.ts')
    try {
      await main.call('open', { dataDir, url: info.url, username: info.username, token: info.token })
      let done = false
      const sync = main.call<FullSync>('syncFull').finally(() => (done = true))
      const times: number[] = []
      const own: number[] = []
      for (let i = 0; !done; i++) {
        const t = performance.now()
        const r = await main.call<{ ms: number }>('searchOnce', { q: DURING_SYNC[i % DURING_SYNC.length] })
        times.push(performance.now() - t)
        own.push(r.ms)
        await new Promise((resolve) => setTimeout(resolve, TYPING_MS))
      }
      checkFull(ctx, await sync)
      const p = (xs: number[], q: number) => percentile(ascending(xs), q).toFixed(1)
      ctx.log(`searches during a first sync: ${times.length}, p50 ${p(times, 50)} ms, p95 ${p(times, 95)} ms (the search itself: p50 ${p(own, 50)}, p95 ${p(own, 95)})`)
      return { times, own }
    } finally {
      await main.close()
    }
  })
}

export function searchDuringSyncFigures(ctx: BenchContext, runs: ReadonlyArray<{ times: number[]; own: number[] }>): Figure[] {
  const p = (q: number, of: 'times' | 'own' = 'times') => runStats(runs.map((r) => percentile(ascending(r[of]), q)))
  return [
    { scenario: 'B3s', name: `search while a first sync of ${ctx.plans.toLocaleString('en-US')} runs, request → answer, p95`, unit: 'ms', stats: p(95),
      targets: [{ kind: 'max', value: 30 }],
      detail: {
        searchesPerRun: Math.round(runs.reduce((n, r) => n + r.times.length, 0) / runs.length),
        maxMs: Math.max(...runs.flatMap((r) => r.times)),
        ownP50Ms: p(50, 'own').median,
        ownP95Ms: p(95, 'own').median,
      } },
    { scenario: 'B3s', name: 'search while a first sync runs, p50', unit: 'ms', stats: p(50), targets: [{ kind: 'report' }] },
  ]
}

/**
 * B1's floors, in a main-process child of their own: every page fetched alone (the pages saved to
 * files on the first run), then each ingest of `modes` on those pages, the modes' order turned
 * round each run so that each meets the same machine on average.
 */
export async function measureFloors(
  ctx: BenchContext,
  modes: readonly IngestMode[],
): Promise<{ fetched: Array<{ ms: number; bytes: number; plans: number }>; ingest: Record<IngestMode, number[]> }> {
  const { info } = await ctx.simulator()
  const pagesDir = ctx.tempDir('pages')
  const floors = await forkChild('main-child.ts')
  const ingest: Record<IngestMode, number[]> = { app: [], bare: [], lean: [] }
  try {
    let first = true
    const fetched = await repeat(ctx.runs, ctx.warmups, async () => {
      const r = await floors.call<{ ms: number; bytes: number; plans: number; pages: number }>('fetchPages', {
        url: info.url, token: info.token, pageSize: PAGE_SIZE, dir: first ? pagesDir : null,
      })
      first = false
      if (r.plans !== ctx.plans) throw new Error(`fetching every page found ${r.plans} of ${ctx.plans} plans`)
      return r
    })
    ctx.log(`fetch every page alone: ${fetched.map((f) => Math.round(f.ms)).join(', ')} ms`)
    const dbDir = ctx.tempDir('ingest')
    let k = 0
    await repeat(ctx.runs, ctx.warmups, async (i) => {
      const order = i % 2 === 0 ? modes : [...modes].reverse()
      for (const mode of order) {
        const ms = await floors.call<number>('ingest', { mode, dir: pagesDir, file: join(dbDir, `${mode}-${k++}.sqlite`) })
        if (i >= 0) ingest[mode].push(ms)
      }
    })
    ctx.log(`ingest: ${modes.map((m) => `${m} ${ingest[m].map(Math.round).join(', ')} ms`).join('; ')}`)
    return { fetched, ingest }
  } finally {
    await floors.close()
  }
}

/** B1's figures: the first sync against fetching alone (the target) and against the lean ingest, and both floors. */
export function firstSyncFigures(ctx: BenchContext, syncs: readonly SyncRun[], fetched: ReadonlyArray<{ ms: number }>, lean: number[]): Figure[] {
  const syncStats = runStats(syncs.map((r) => r.ms))
  const fetchStats = runStats(fetched.map((f) => f.ms))
  const leanStats = runStats(lean)
  const detail = {
    fetchAloneMs: fetchStats.median,
    leanIngestMs: leanStats.median,
    plansPerS: Math.round(ctx.plans / (syncStats.median / 1000)),
    msPerThousandPlans: Math.round((syncStats.median / ctx.plans) * 1000 * 10) / 10,
  }
  return [
    { scenario: 'B1', name: 'first sync, simulator → cache, end to end', unit: 'ms', stats: syncStats, floor: { name: 'fetch alone', stats: fetchStats },
      targets: [{ kind: 'ratioMax', value: 1.5 }], detail },
    { scenario: 'B1', name: 'first sync against the lean ingest (no app indexes)', unit: 'ms', stats: syncStats, floor: { name: 'lean ingest', stats: leanStats },
      targets: [{ kind: 'report' }] },
    { scenario: 'B1', name: 'floor: fetch every page alone', unit: 'ms', stats: fetchStats, targets: [{ kind: 'report' }] },
    { scenario: 'B1', name: 'floor: lean ingest (parse, plain tables, FTS rows, no app indexes)', unit: 'ms', stats: leanStats, targets: [{ kind: 'report' }] },
  ]
}

/** Preloaded into the built CLI: writes its peak RSS at exit. */
const PEAK_RSS = join(__dirname, 'lib/peak-rss.cjs')

export interface CliSyncRun {
  /** Wall time of the command, its process's start included. */
  ms: number
  /** The process's peak RSS (getrusage: every thread). */
  peakRssMb: number
}

/**
 * The first sync as a store runs it from the command line: `node out/main/cli.js --data-dir D sync`
 * into an empty data folder, in a process of its own, from the built code (the benchmark's
 * main-process child runs the sources through tsx, whose compiler then sits in each of its
 * threads). One fresh data folder a run; the command's answer is checked.
 */
export async function cliFirstSyncs(ctx: BenchContext): Promise<CliSyncRun[]> {
  ensureBuilt(CLI)
  const { info } = await ctx.simulator()
  return repeat(ctx.runs, ctx.warmups, async () => {
    const dataDir = ctx.tempDir('cli-sync')
    writeServerSettings(dataDir, info)
    const peakFile = join(dataDir, 'peak-rss.txt')
    let out = ''
    // Synchronous: the simulator answers from its own process meanwhile.
    const ms = timeNode(['--require', PEAK_RSS, CLI, '--data-dir', dataDir, 'sync'], (stdout) => {
      out = stdout
      const added = /Full sync: (\d+) added/.exec(stdout)
      if (!added || Number(added[1]) !== ctx.plans) throw new Error(`plandesk sync did not add the ${ctx.plans} plans; it said:\n${stdout}`)
    }, { ...cleanEnv(), PLANDESK_BENCH_PEAK_RSS: peakFile })
    const peakKb = existsSync(peakFile) ? Number(readFileSync(peakFile, 'utf8')) : NaN
    if (!(peakKb > 0)) throw new Error(`plandesk sync left no peak RSS in ${peakFile} (the preload ${PEAK_RSS} did not run); it said:\n${out}`)
    // The cache is a plan count's worth of disk (about 760 MB at 300,000 plans): gone before the next run.
    rmSync(dataDir, { recursive: true, force: true })
    const peakRssMb = peakKb / 1024
    ctx.log(`plandesk sync (built): ${Math.round(ms)} ms, peak RSS ${Math.round(peakRssMb)} MB`)
    return { ms, peakRssMb }
  })
}

/** B1 and B7 through the built CLI: its wall time beside fetching alone (reported), its peak RSS against the target. */
export function cliSyncFigures(runs: readonly CliSyncRun[], fetched: ReadonlyArray<{ ms: number }>): Figure[] {
  return [
    { scenario: 'B1', name: 'first sync through the built CLI (plandesk sync, its start included)', unit: 'ms', stats: runStats(runs.map((r) => r.ms)),
      floor: { name: 'fetch alone', stats: runStats(fetched.map((f) => f.ms)) }, targets: [{ kind: 'report' }] },
    { scenario: 'B7', name: 'peak RSS of plandesk sync (the built CLI), a first sync', unit: 'MB', stats: runStats(runs.map((r) => r.peakRssMb)),
      targets: [{ kind: 'max', value: 250 }] },
  ]
}

/** B7: the cache's bytes per plan after a first sync (WAL folded back), against the JSON bytes received. */
export function cacheSizeFigure(ctx: BenchContext, syncs: readonly SyncRun[], fetched: ReadonlyArray<{ bytes: number }>): Figure {
  const last = syncs[syncs.length - 1]
  return {
    scenario: 'B7', name: 'cache size per plan', unit: 'KB', stats: runStats(syncs.map((r) => r.bytes / ctx.plans / 1024)),
    floor: { name: 'JSON received', stats: runStats(fetched.map((f) => f.bytes / ctx.plans / 1024)) },
    targets: [{ kind: 'max', value: 4, strict: false }],
    note: `JSON received ${(fetched[0].bytes / ctx.plans / 1024).toFixed(2)} KB/plan`,
    detail: Object.fromEntries(
      Object.entries(last.tables).filter(([, b]) => b / ctx.plans >= 5).map(([t, b]) => [`${t}KBPerPlan`, Math.round((b / ctx.plans / 1024) * 100) / 100]),
    ),
  }
}

/** B7's memory: RSS after each first sync and its peak during it. */
export function rssFigures(syncs: readonly SyncRun[]): Figure[] {
  return [
    { scenario: 'B7', name: 'main-process RSS after B1', unit: 'MB', stats: runStats(syncs.map((r) => r.rssMb)), targets: [{ kind: 'max', value: 300 }] },
    { scenario: 'B7', name: 'main-process peak RSS during B1', unit: 'MB', stats: runStats(syncs.map((r) => r.peakRssMb)), targets: [{ kind: 'max', value: 250 }],
      note: 'the sources through tsx, whose compiler is loaded in each thread' },
  ]
}

export const group: BenchGroup = {
  name: 'sync',
  scenarios: ['B1', 'B1i', 'B2', 'B3s', 'B7'],
  async run(ctx) {
    const { child: sim } = await ctx.simulator()
    const syncs = await firstSyncs(ctx)
    ctx.adoptFixture(syncs.kept)

    const floors = await measureFloors(ctx, ['lean', 'bare', 'app'])
    const { fetched, ingest } = floors

    // B2: 100 plans changed on the server since the last sync, then an incremental sync.
    const rnd = seededRandom(2)
    let tag = 0
    const incremental = await repeat(ctx.runs, ctx.warmups, async () => {
      const pks = new Set<number>()
      while (pks.size < Math.min(CHANGED, ctx.plans)) pks.add(1 + Math.floor(rnd() * ctx.plans))
      await sim.call('change', { pks: [...pks], tag: `b2-${tag++}` })
      const r = await syncs.kept.main.call<{ ms: number; updated: number }>('syncIncremental')
      if (r.updated < pks.size) throw new Error(`the incremental sync updated ${r.updated} of ${pks.size} changed plans`)
      return r.ms
    })

    const bareStats = runStats(ingest.bare)
    const figures: Figure[] = [
      ...firstSyncFigures(ctx, syncs.runs, fetched, ingest.lean),
      { scenario: 'B1', name: 'floor: bare prepared-statement ingest (the cache\'s schema and indexes)', unit: 'ms', stats: bareStats, targets: [{ kind: 'report' }] },
      { scenario: 'B1i', name: 'ingest stage alone (PlanStore.applyPlans)', unit: 'ms', stats: runStats(ingest.app), floor: { name: 'bare ingest', stats: bareStats },
        targets: [{ kind: 'speedMin', value: 0.7 }] },
      { scenario: 'B2', name: `incremental sync, ${CHANGED} changed among ${ctx.plans.toLocaleString('en-US')}`, unit: 'ms', stats: runStats(incremental),
        targets: [{ kind: 'max', value: 500 }] },
      cacheSizeFigure(ctx, syncs.runs, fetched),
      ...rssFigures(syncs.runs),
      ...cliSyncFigures(await cliFirstSyncs(ctx), fetched),
      ...searchDuringSyncFigures(ctx, await searchesDuringSync(ctx)),
    ]
    return figures
  },
}
