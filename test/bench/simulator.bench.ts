/**
 * Simulator benchmark: start-up time for 2k / 20k / 100k plans and list-page latency (p50/p95)
 * for limit=10/100/500 at random pages of the 100k data set, measured over loopback HTTP like a
 * client sees it. Timings are reported, never asserted (the machine is shared).
 *
 *   npx tsx test/bench/simulator.bench.ts
 */
import { startSimulator } from '../../main/simulator'
import { runStandalone } from './standalone'

const SIZES = [2_000, 20_000, 100_000] as const
const LIMITS = [10, 100, 500] as const
const SAMPLES = 40

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

const round = (n: number) => Math.round(n * 10) / 10

export async function run(log: (line: string) => void = () => undefined): Promise<Record<string, number>> {
  const results: Record<string, number> = {}
  for (const plans of SIZES) {
    const t0 = performance.now()
    const sim = await startSimulator({ plans, seed: 42 })
    const startup = performance.now() - t0
    results[`startup_ms_${plans}`] = round(startup)
    log(`start-up with ${plans} plans: ${round(startup)} ms`)

    if (plans === SIZES[SIZES.length - 1]) {
      const headers = { Authorization: `Token ${sim.token}` }
      // Warm-up: statement preparation and the first connection are not what is being measured.
      await (await fetch(`${sim.url}/api/v1/cancellation_plans/?limit=10`, { headers })).arrayBuffer()
      for (const limit of LIMITS) {
        const pages = Math.ceil(plans / limit)
        const times: number[] = []
        let bytes = 0
        for (let i = 0; i < SAMPLES; i++) {
          // Deterministic spread of pages, first and last included.
          const page = i === 0 ? 1 : i === 1 ? pages : 1 + ((i * 7919) % pages)
          const s = performance.now()
          const res = await fetch(`${sim.url}/api/v1/cancellation_plans/?limit=${limit}&page=${page}`, { headers })
          const body = await res.arrayBuffer()
          times.push(performance.now() - s)
          if (res.status !== 200) throw new Error(`page ${page} answered ${res.status}`)
          bytes += body.byteLength
        }
        times.sort((a, b) => a - b)
        results[`page_ms_p50_limit${limit}`] = round(percentile(times, 50))
        results[`page_ms_p95_limit${limit}`] = round(percentile(times, 95))
        results[`page_kb_limit${limit}`] = Math.round(bytes / SAMPLES / 1024)
        log(`limit=${limit}: p50 ${round(percentile(times, 50))} ms, p95 ${round(percentile(times, 95))} ms, ~${Math.round(bytes / SAMPLES / 1024)} KB/page`)
      }
      // A filtered incremental-sync style query on the big data set.
      const times: number[] = []
      for (let i = 0; i < SAMPLES; i++) {
        const since = new Date(Date.now() - (i + 1) * 86_400_000).toISOString()
        const s = performance.now()
        await (await fetch(`${sim.url}/api/v1/cancellation_plans/?limit=100&modified_date__gte=${since}&status=waiting`, { headers })).arrayBuffer()
        times.push(performance.now() - s)
      }
      times.sort((a, b) => a - b)
      results.filtered_page_ms_p50 = round(percentile(times, 50))
      results.filtered_page_ms_p95 = round(percentile(times, 95))
      log(`filtered (modified_date__gte + status, limit=100): p50 ${results.filtered_page_ms_p50} ms, p95 ${results.filtered_page_ms_p95} ms`)
      results.rss_mb_100000 = Math.round(process.memoryUsage().rss / 1024 / 1024)
      log(`process RSS with ${plans} plans: ${results.rss_mb_100000} MB`)
    }
    await sim.close()
  }
  return results
}

if (require.main === module) runStandalone(run)
