/**
 * B1, B1i, B2 and B7's size: the first sync of every simulator plan into an empty cache over
 * loopback, end to end through a ServerSession in a main-process child of its own (one fresh
 * child and data folder per run), beside its floors measured on the same simulator in the same
 * run: fetching every page alone, and writing the fetched pages with bare prepared statements.
 * B1i times PlanStore.applyPlans on the same pages. B2: 100 plans changed on the server, then an
 * incremental sync. B7: the cache's bytes per plan against the JSON bytes received, and the
 * main process's RSS after the sync.
 */
import type { BenchContext, BenchGroup } from './lib/context'
import { writeServerSettings } from './lib/context'
import { forkChild, type Child } from './lib/child'
import type { Figure } from './lib/report'
import { repeat, runStats, seededRandom } from './lib/stats'
import { join } from 'node:path'

/** The page size a sync uses (SyncEngine's default). */
const PAGE_SIZE = 100
const CHANGED = 100

interface SyncRun {
  ms: number
  rssMb: number
  bytes: number
  tables: Record<string, number>
}

async function firstSyncs(ctx: BenchContext): Promise<{ runs: SyncRun[]; kept: { main: Child; dataDir: string; cacheFile: string } }> {
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
      const r = await main.call<{ ms: number; added: number; complete: boolean; rssMb: number }>('syncFull')
      if (r.added !== ctx.plans || !r.complete) throw new Error(`the full sync stored ${r.added} of ${ctx.plans} plans (complete: ${r.complete})`)
      const size = await main.call<{ bytes: number; tables: Record<string, number> }>('cacheSize')
      ctx.log(`first sync: ${Math.round(r.ms)} ms, RSS ${Math.round(r.rssMb)} MB, cache ${(size.bytes / ctx.plans / 1024).toFixed(2)} KB/plan`)
      if (last) kept = { main, dataDir, cacheFile }
      return { ms: r.ms, rssMb: r.rssMb, bytes: size.bytes, tables: size.tables }
    } finally {
      if (!last) await main.close()
    }
  })
  return { runs, kept: kept! }
}

export const group: BenchGroup = {
  name: 'sync',
  scenarios: ['B1', 'B1i', 'B2', 'B7'],
  async run(ctx) {
    const { info, child: sim } = await ctx.simulator()
    const syncs = await firstSyncs(ctx)
    ctx.adoptFixture(syncs.kept)

    // Floors and the ingest stage, in a child of their own (the fetched pages are saved to files).
    const pagesDir = ctx.tempDir('pages')
    const floors = await forkChild('main-child.ts')
    let fetched: Array<{ ms: number; bytes: number; plans: number }>
    const ingest: { app: number[]; bare: number[] } = { app: [], bare: [] }
    try {
      let first = true
      fetched = await repeat(ctx.runs, ctx.warmups, async () => {
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
        // Alternate which goes first, so both meet the same machine on average.
        for (const mode of i % 2 === 0 ? (['bare', 'app'] as const) : (['app', 'bare'] as const)) {
          const ms = await floors.call<number>('ingest', { mode, dir: pagesDir, file: join(dbDir, `${mode}-${k++}.sqlite`) })
          if (i >= 0) ingest[mode].push(ms)
        }
      })
      ctx.log(`ingest: app ${ingest.app.map(Math.round).join(', ')} ms; bare ${ingest.bare.map(Math.round).join(', ')} ms`)
    } finally {
      await floors.close()
    }

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

    const fetchStats = runStats(fetched.map((f) => f.ms))
    const bareStats = runStats(ingest.bare)
    const floor = fetchStats.median >= bareStats.median ? { name: 'fetch alone', stats: fetchStats } : { name: 'bare ingest', stats: bareStats }
    const jsonPerPlan = fetched[0].bytes / ctx.plans / 1024
    const last = syncs.runs[syncs.runs.length - 1]
    const figures: Figure[] = [
      {
        scenario: 'B1', name: 'first sync, simulator → cache, end to end', unit: 'ms', stats: runStats(syncs.runs.map((r) => r.ms)), floor,
        targets: [{ kind: 'ratioMax', value: 1.25 }],
        detail: { fetchAloneMs: fetchStats.median, bareIngestMs: bareStats.median, plansPerS: Math.round(ctx.plans / (runStats(syncs.runs.map((r) => r.ms)).median / 1000)) },
      },
      { scenario: 'B1', name: 'floor: fetch every page alone', unit: 'ms', stats: fetchStats, targets: [{ kind: 'report' }] },
      { scenario: 'B1', name: 'floor: bare prepared-statement ingest', unit: 'ms', stats: bareStats, targets: [{ kind: 'report' }] },
      { scenario: 'B1i', name: 'ingest stage alone (PlanStore.applyPlans)', unit: 'ms', stats: runStats(ingest.app), floor: { name: 'bare ingest', stats: bareStats },
        targets: [{ kind: 'speedMin', value: 0.7 }] },
      { scenario: 'B2', name: `incremental sync, ${CHANGED} changed among ${ctx.plans.toLocaleString('en-US')}`, unit: 'ms', stats: runStats(incremental),
        targets: [{ kind: 'max', value: 500 }] },
      { scenario: 'B7', name: 'cache size per plan', unit: 'KB', stats: runStats(syncs.runs.map((r) => r.bytes / ctx.plans / 1024)),
        floor: { name: 'JSON received', stats: runStats(fetched.map((f) => f.bytes / ctx.plans / 1024)) },
        targets: [{ kind: 'max', value: 4, strict: false }],
        note: `JSON received ${jsonPerPlan.toFixed(2)} KB/plan`,
        detail: Object.fromEntries(
          Object.entries(last.tables).filter(([, b]) => b / ctx.plans >= 5).map(([t, b]) => [`${t}KBPerPlan`, Math.round((b / ctx.plans / 1024) * 100) / 100]),
        ) },
      { scenario: 'B7', name: 'main-process RSS after B1', unit: 'MB', stats: runStats(syncs.runs.map((r) => r.rssMb)), targets: [{ kind: 'max', value: 300 }] },
    ]
    return figures
  },
}
