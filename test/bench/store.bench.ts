/**
 * Cache benchmarks: search latency over 100k cached plans, and full-sync throughput against the
 * simulator over loopback. Prints a table; `run()` returns the numbers (for test/bench/run.ts).
 * Timings are never asserted anywhere: they depend on the machine.
 *
 *   npx tsx test/bench/store.bench.ts            (PLANDESK_BENCH_PLANS / PLANDESK_BENCH_SYNC_PLANS to resize)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OmnitronClient } from '../../main/omnitron'
import { openStore, type PlanStore } from '../../main/store'
import { SyncEngine } from '../../main/sync'
import type { SearchQuery } from '../../preload/contract'
import { fillStore } from './fill'



function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

function timeQuery(store: PlanStore, q: SearchQuery, iterations: number): { p50: number; p95: number; total: number } {
  store.searchPlans(q) // warm the statement cache
  const times: number[] = []
  let total = 0
  for (let i = 0; i < iterations; i++) {
    const t = performance.now()
    total = store.searchPlans(q).total
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { p50: percentile(times, 50), p95: percentile(times, 95), total }
}

async function syncThroughput(plans: number): Promise<{ ms: number; plansPerSec: number }> {
  const { startSimulator } = await import('../../main/simulator')
  const sim = await startSimulator({ plans, seed: 1 })
  const { store } = openStore({ file: ':memory:' })
  try {
    const engine = new SyncEngine({ store, client: new OmnitronClient({ baseUrl: sim.url, token: sim.token }), pageSize: 100, learnChannels: false })
    const t = performance.now()
    const result = await engine.run({ full: true })
    const ms = performance.now() - t
    if (result.added !== plans) throw new Error(`full sync stored ${result.added} of ${plans} plans`)
    return { ms, plansPerSec: (plans / ms) * 1000 }
  } finally {
    store.close()
    await sim.close()
  }
}

export async function run(): Promise<Record<string, number>> {
  const n = Number(process.env.PLANDESK_BENCH_PLANS ?? 100_000)
  const syncPlans = Number(process.env.PLANDESK_BENCH_SYNC_PLANS ?? 5_000)
  const dir = mkdtempSync(join(tmpdir(), 'pd-bench-'))
  const results: Record<string, number> = {}
  const file = join(dir, 'cache.sqlite')
  let { store } = openStore({ file })
  try {
    const fillMs = fillStore(store, n)
    store.db.pragma('optimize')
    results['store.fill.plansPerSec'] = Math.round((n / fillMs) * 1000)
    store.close()
    results['store.fileMB'] = Math.round(statSync(file).size / 1e5) / 10
    // Start-up cost: open + integrity check + migrations check on the full cache.
    const t = performance.now()
    store = openStore({ file }).store
    results['store.open.ms'] = Math.round(performance.now() - t)
    const queries: Record<string, SearchQuery> = {
      'list.default': {},
      'list.status': { statuses: ['waiting', 'approved'] },
      'list.store+type': { storeRemoteId: 'STORE-7', planType: 'refund' },
      'list.created-range': { createdFrom: '2025-12-20', createdTo: '2025-12-31' },
      'text.turkish': { text: 'ışık' },
      'text.prefix': { text: 'lam' },
      'text.two-words': { text: 'kahve 42' },
      'text.order-number': { text: `ORD-${Math.floor(n / 2)}` },
      'text+status': { text: 'iade', statuses: ['waiting'] },
      'list.deep-page': { sort: 'refund_amount', offset: Math.floor(n / 2), limit: 50 },
    }
    for (const [name, q] of Object.entries(queries)) {
      const r = timeQuery(store, { limit: 50, ...q }, 30)
      results[`search.${name}.p50Ms`] = Math.round(r.p50 * 100) / 100
      results[`search.${name}.p95Ms`] = Math.round(r.p95 * 100) / 100
    }
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const sync = await syncThroughput(syncPlans)
  results['sync.full.ms'] = Math.round(sync.ms)
  results['sync.full.plansPerSec'] = Math.round(sync.plansPerSec)
  return results
}

if (process.argv[1]?.endsWith('store.bench.ts')) {
  run().then(
    (r) => {
      const width = Math.max(...Object.keys(r).map((k) => k.length))
      for (const [k, v] of Object.entries(r)) process.stdout.write(`${k.padEnd(width)}  ${v}\n`)
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`)
      process.exitCode = 1
    },
  )
}
