/**
 * B5 and B6, the offline outbox (main/outbox/repo.ts, main/outbox/queue.ts, main/outbox/replay.ts,
 * main/app/session.ts), through a real ServerSession on a temp data folder against a
 * simulator in a process of its own (sim-child.ts, as B1's; a fresh one per replay run), so
 * the server's CPU time is not spent on the replay's event loop, as with a real Omnitron:
 *   - B5 durable enqueue: session.setStatus() on distinct cached plans while the server is
 *     offline; each call is one IMMEDIATE transaction committed with synchronous = FULL.
 *   - B6 replay: 1,000 queued status changes (one per plan) drained with 20 ms server latency
 *     at the default concurrency (target < 10 s). The audit log must show each applied exactly
 *     once, or the benchmark fails. --quick enqueues 100 and replays 50.
 * These do not depend on the cache size (--plans): they use their own small simulators.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSession, type ServerSession } from '../../main/app/session'
import type { PlanStatus } from '../../main/domain'
import type { AuditAction, AuditEntry } from '../../main/simulator/types'
import { forkChild, type Child } from './lib/child'
import type { BenchGroup } from './lib/context'
import type { Figure } from './lib/report'
import { percentile, repeat, runStats } from './lib/stats'

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

const round2 = (n: number) => Math.round(n * 100) / 100

/** The simulator child's commands the outbox benchmarks use. */
class Sim {
  constructor(
    readonly child: Child,
    readonly url: string,
    readonly token: string,
  ) {}

  setOffline(offline: boolean): Promise<boolean> {
    return this.child.call('offline', { offline })
  }

  setFaults(faults: { latencyMs: number }): Promise<boolean> {
    return this.child.call('faults', faults)
  }

  audit(action: AuditAction): Promise<AuditEntry[]> {
    return this.child.call('audit', { action })
  }

  close(): Promise<void> {
    return this.child.close()
  }
}

interface Setup {
  sim: Sim
  session: ServerSession
  dataDir: string
}

/** A simulator with `plans` plans and a session whose cache holds all of them (full sync). */
async function setup(plans: number, seed: number): Promise<Setup> {
  const child = await forkChild('sim-child.ts')
  let info: { url: string; token: string }
  try {
    info = await child.call<{ url: string; token: string }>('start', { plans, seed })
  } catch (e) {
    await child.close()
    throw e
  }
  const sim = new Sim(child, info.url, info.token)
  const dataDir = mkdtempSync(join(tmpdir(), 'pd-bench-outbox-'))
  const session = openSession({
    dataDir,
    target: { demo: false, serverUrl: sim.url },
    // The simulator gave this token for demo, as a password sign-in would.
    credentials: { username: 'demo', token: sim.token, verified: 'password' },
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

/** One run of B5 on a session whose server is offline; the queue is emptied afterwards for the next run. */
function durableEnqueue(s: Setup, edits: number): Record<string, number> {
  {
    const picked = pickEdits(s.session, edits)
    const times: number[] = []
    for (const e of picked) {
      const t = performance.now()
      s.session.setStatus(e)
      times.push(performance.now() - t)
    }
    const pending = s.session.outbox.counts().pending
    if (pending !== edits) throw new Error(`${pending} entries pending after ${edits} setStatus calls`)
    times.sort((a, b) => a - b)
    s.session.store.db.exec('DELETE FROM outbox')
    return {
      enqueue_p50_ms: round2(percentile(times, 50)),
      enqueue_p95_ms: round2(percentile(times, 95)),
      enqueue_max_ms: round2(times[times.length - 1]),
    }
  }
}

/** One run of B6: `edits` status changes queued offline (untimed), then drained at `latencyMs`. */
async function replay(s: Setup, edits: number, latencyMs: number): Promise<{ seconds: number; editsPerS: number }> {
  {
    const appliedBefore = s.session.outbox.counts().applied
    const picked = pickEdits(s.session, edits)
    const auditBefore = (await s.sim.audit('update_status')).length
    await s.sim.setOffline(true)
    for (const e of picked) s.session.setStatus(e)
    await s.sim.setOffline(false)
    await s.sim.setFaults({ latencyMs })
    const t = performance.now()
    const r = await s.session.drain({ maxWaitMs: 120_000 })
    const seconds = (performance.now() - t) / 1000
    const counts = s.session.outbox.counts()
    const audit = (await s.sim.audit('update_status')).slice(auditBefore)
    const problems: string[] = []
    await s.sim.setFaults({ latencyMs: 0 })
    if (r.applied !== edits || counts.applied - appliedBefore !== edits) {
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
    return { seconds: round2(seconds), editsPerS: Math.round(edits / seconds) }
  }
}

export const group: BenchGroup = {
  name: 'outbox',
  scenarios: ['B5', 'B6'],
  async run(ctx) {
    // --quick keeps the code alive at a fraction of the size; the targets are for 1,000 edits.
    const edits = ctx.quick ? 100 : 1_000
    const replayEdits = ctx.quick ? 50 : 1_000
    const enqueuePlans = ctx.quick ? 1_000 : 5_000
    const replayPlans = ctx.quick ? 1_000 : 6_000
    // One simulator and synced session for the enqueue runs (the queue is emptied after each).
    const s = await setup(enqueuePlans, 7)
    let enqueue: Array<Record<string, number>>
    try {
      await s.sim.setOffline(true)
      enqueue = await repeat(ctx.runs, ctx.warmups, () => durableEnqueue(s, edits))
    } finally {
      await teardown(s)
    }
    ctx.log(`durable enqueue p95: ${enqueue.map((e) => e.enqueue_p95_ms).join(', ')} ms`)
    // A fresh simulator and session per replay run: each run moves its plans on, and the
    // plans with a status left to move to run out after a few runs on one data set.
    let seed = 11
    const replayed = await repeat(ctx.runs, ctx.warmups, async () => {
      const r = await setup(replayPlans, seed++)
      try {
        return await replay(r, replayEdits, 20)
      } finally {
        await teardown(r)
      }
    })
    ctx.log(`replay of ${replayEdits} edits: ${replayed.map((r) => r.seconds).join(', ')} s`)
    const full = replayEdits === 1_000
    const figures: Figure[] = [
      { scenario: 'B5', name: `durable enqueue of an edit, p95 of ${edits}`, unit: 'ms', stats: runStats(enqueue.map((e) => e.enqueue_p95_ms)),
        targets: [{ kind: 'max', value: 5 }], detail: { p50Ms: runStats(enqueue.map((e) => e.enqueue_p50_ms)).median, maxMs: runStats(enqueue.map((e) => e.enqueue_max_ms)).median } },
      { scenario: 'B6', name: `replay ${replayEdits.toLocaleString('en-US')} queued edits, 20 ms latency`, unit: 's', stats: runStats(replayed.map((r) => r.seconds)),
        targets: full ? [{ kind: 'max', value: 10 }] : [{ kind: 'report' }],
        note: full ? undefined : 'the 10 s target is for 1,000 edits; --quick replays fewer',
        detail: { editsPerS: runStats(replayed.map((r) => r.editsPerS)).median } },
    ]
    return figures
  },
}
