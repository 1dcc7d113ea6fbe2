/**
 * Offline outbox benchmarks (main/store/outbox.ts, main/store/edits.ts, main/sync/push.ts,
 * main/app/session.ts), through a real ServerSession on a temp data folder against the
 * in-process simulator:
 *   - durable enqueue: session.setStatus() on distinct cached plans while the server is
 *     offline; each call is one IMMEDIATE transaction committed with synchronous = FULL.
 *   - replay: 1,000 queued status changes (one per plan) drained with 20 ms server latency at
 *     the default concurrency (DESIGN target: < 10 s). The audit log must show each applied
 *     exactly once, or the benchmark fails.
 * Timings are reported, never asserted (the machine is shared).
 *
 *   npx tsx test/bench/outbox.bench.ts
 *   PLANDESK_BENCH_EDITS        edits per phase (default 1000)
 *   PLANDESK_BENCH_OUTBOX_PLANS simulator plans for the enqueue phase (default 5000)
 *   PLANDESK_BENCH_REPLAY_PLANS simulator plans for the replay phase (default 6000)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSession, type ServerSession } from '../../main/app/session'
import { startSimulator, type RunningSimulator } from '../../main/simulator'
import type { PlanStatus } from '../../main/domain'
import { runStandalone } from './standalone'

/** One valid server transition out of every status that has one (see main/simulator/transitions.ts). */
const NEXT: Partial<Record<PlanStatus, PlanStatus>> = {
  waiting: 'approved',
  waiting_supplier: 'approved',
  confirmation_waiting: 'confirmed',
  confirmed: 'approved',
  approved: 'waiting_for_payment',
  waiting_for_payment: 'completed',
  manuel_refund_need: 'completed',
  failed: 'manuel_refund_need',
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

const round2 = (n: number) => Math.round(n * 100) / 100

interface Setup {
  sim: RunningSimulator
  session: ServerSession
  dataDir: string
}

/** A simulator with `plans` plans and a session whose cache holds all of them (full sync). */
async function setup(plans: number, seed: number): Promise<Setup> {
  const sim = await startSimulator({ plans, seed })
  const dataDir = mkdtempSync(join(tmpdir(), 'pd-bench-outbox-'))
  const session = openSession({
    dataDir,
    target: { demo: false, serverUrl: sim.url },
    credentials: { username: 'demo', token: sim.token },
    purpose: 'bench',
  })
  try {
    const r = await session.sync({ full: true }, { wait: true })
    if (r.added !== plans) throw new Error(`full sync stored ${r.added} of ${plans} plans`)
  } catch (e) {
    await teardown({ sim, session, dataDir })
    throw e
  }
  return { sim, session, dataDir }
}

async function teardown(s: Setup): Promise<void> {
  await s.session.close()
  await s.sim.close()
  rmSync(s.dataDir, { recursive: true, force: true })
}

/** `n` distinct cached plans with a valid next status, taken round-robin over the statuses so every kind is represented. */
function pickEdits(session: ServerSession, n: number): Array<{ pk: number; status: PlanStatus }> {
  const pools = (Object.keys(NEXT) as PlanStatus[]).map((from) => ({
    to: NEXT[from]!,
    pks: session.store.searchPlans({ statuses: [from], sort: 'pk', limit: n }).rows.map((r) => r.pk),
  }))
  const out: Array<{ pk: number; status: PlanStatus }> = []
  for (let i = 0; out.length < n; i++) {
    let took = false
    for (const pool of pools) {
      if (i < pool.pks.length && out.length < n) {
        out.push({ pk: pool.pks[i], status: pool.to })
        took = true
      }
    }
    if (!took) break
  }
  if (out.length < n) {
    throw new Error(`only ${out.length} cached plans have a valid status transition; ${n} needed (start the simulator with more plans)`)
  }
  return out
}

async function durableEnqueue(plans: number, edits: number): Promise<Record<string, number>> {
  const s = await setup(plans, 7)
  try {
    const picked = pickEdits(s.session, edits)
    await s.sim.setOffline(true)
    const times: number[] = []
    for (const e of picked) {
      const t = performance.now()
      s.session.setStatus(e)
      times.push(performance.now() - t)
    }
    const pending = s.session.outbox.counts().pending
    if (pending !== edits) throw new Error(`${pending} entries pending after ${edits} setStatus calls`)
    times.sort((a, b) => a - b)
    return {
      enqueue_p50_ms: round2(percentile(times, 50)),
      enqueue_p95_ms: round2(percentile(times, 95)),
      enqueue_max_ms: round2(times[times.length - 1]),
    }
  } finally {
    await teardown(s)
  }
}

async function replay(plans: number, edits: number, latencyMs: number): Promise<Record<string, number>> {
  const s = await setup(plans, 11)
  try {
    const picked = pickEdits(s.session, edits)
    const auditBefore = s.sim.admin.audit({ action: 'update_status' }).length
    await s.sim.setOffline(true)
    for (const e of picked) s.session.setStatus(e)
    await s.sim.setOffline(false)
    s.sim.setFaults({ latencyMs })
    const t = performance.now()
    const r = await s.session.drain({ maxWaitMs: 120_000 })
    const seconds = (performance.now() - t) / 1000
    const counts = s.session.outbox.counts()
    const audit = s.sim.admin.audit({ action: 'update_status' }).slice(auditBefore)
    const problems: string[] = []
    if (r.applied !== edits || counts.applied !== edits) {
      problems.push(`${r.applied} applied by drain, ${counts.applied} applied in the outbox (${JSON.stringify(counts)}), result ${JSON.stringify(r)}`)
    }
    if (audit.length !== edits) problems.push(`${audit.length} new update_status audit rows`)
    const wanted = new Map(picked.map((e) => [e.pk, e.status as string]))
    const seen = new Set<number>()
    for (const a of audit) {
      if (wanted.get(a.pk) !== (a.body as { status?: string }).status || seen.has(a.pk)) problems.push(`unexpected audit row ${JSON.stringify(a)}`)
      seen.add(a.pk)
    }
    if (problems.length > 0) throw new Error(`replay of ${edits} edits is wrong: ${problems.slice(0, 5).join('; ')}`)
    return {
      [`replay_${edits}_edits_s`]: round2(seconds),
      replay_edits_per_s: Math.round(edits / seconds),
    }
  } finally {
    await teardown(s)
  }
}

export async function run(log: (line: string) => void = () => undefined): Promise<Record<string, number>> {
  const edits = Number(process.env.PLANDESK_BENCH_EDITS ?? 1_000)
  const enqueuePlans = Number(process.env.PLANDESK_BENCH_OUTBOX_PLANS ?? 5_000)
  const replayPlans = Number(process.env.PLANDESK_BENCH_REPLAY_PLANS ?? 6_000)
  const enqueue = await durableEnqueue(enqueuePlans, edits)
  log(`durable enqueue of ${edits} edits: p50 ${enqueue.enqueue_p50_ms} ms, p95 ${enqueue.enqueue_p95_ms} ms, max ${enqueue.enqueue_max_ms} ms`)
  const replayed = await replay(replayPlans, edits, 20)
  log(`replay of ${edits} edits at 20 ms latency: ${JSON.stringify(replayed)}`)
  return { ...enqueue, ...replayed }
}

if (require.main === module) runStandalone(run)
