/**
 * B9: the simulator, which bounds B1: start-up with the run's plan count (started and stopped
 * in turn in a process of its own), and the latency of list pages at limit 500 over loopback as a client sees it
 * (random pages, first and last included). Reported, no target.
 */
import type { BenchGroup } from './lib/context'
import { SEED } from './lib/context'
import { forkChild } from './lib/child'
import { LIST_PATH } from './lib/ingest'
import { ascending, percentile, repeat, runStats, seededRandom } from './lib/stats'

const SAMPLES = 40
const LIMIT = 500

export const group: BenchGroup = {
  name: 'simulator',
  scenarios: ['B9'],
  async run(ctx) {
    // One process for the start-ups (its own, not the shared simulator's), started and stopped in turn.
    const child = await forkChild('sim-child.ts')
    let startups: Array<{ startupMs: number; rssMb: number }>
    try {
      startups = await repeat(ctx.runs, ctx.warmups, async () => {
        const r = await child.call<{ startupMs: number; rssMb: number }>('start', { plans: ctx.plans, seed: SEED })
        await child.call('stop')
        return r
      })
    } finally {
      await child.close()
    }
    ctx.log(`start-up: ${startups.map((s) => Math.round(s.startupMs)).join(', ')} ms`)
    const { info } = await ctx.simulator()
    const headers = { Authorization: `Token ${info.token}` }
    const pages = Math.ceil(ctx.plans / LIMIT)
    const rnd = seededRandom(9)
    const latency = await repeat(ctx.runs, ctx.warmups, async () => {
      const times: number[] = []
      for (let i = 0; i < SAMPLES; i++) {
        const page = i === 0 ? 1 : i === 1 ? pages : 1 + Math.floor(rnd() * pages)
        const t = performance.now()
        const res = await fetch(`${info.url}${LIST_PATH}?limit=${LIMIT}&page=${page}`, { headers })
        await res.arrayBuffer()
        times.push(performance.now() - t)
        if (res.status !== 200) throw new Error(`page ${page} answered ${res.status}`)
      }
      const s = ascending(times)
      return { p50: percentile(s, 50), p95: percentile(s, 95) }
    })
    return [
      { scenario: 'B9', name: `simulator start-up, ${ctx.plans.toLocaleString('en-US')} plans`, unit: 'ms', stats: runStats(startups.map((s) => s.startupMs)), targets: [{ kind: 'report' }],
        detail: { rssMb: Math.round(startups[startups.length - 1].rssMb) } },
      { scenario: 'B9', name: `simulator page, limit ${LIMIT}, p50`, unit: 'ms', stats: runStats(latency.map((l) => l.p50)), targets: [{ kind: 'report' }] },
      { scenario: 'B9', name: `simulator page, limit ${LIMIT}, p95`, unit: 'ms', stats: runStats(latency.map((l) => l.p95)), targets: [{ kind: 'report' }] },
    ]
  },
}
