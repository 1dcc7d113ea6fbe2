/**
 * The simulator in a process of its own for the benchmarks (not a benchmark itself): its memory
 * and its CPU time are the server's, not PlanDesk's, as with a real Omnitron.
 * Commands: start {plans, seed} → {url, token, username, startupMs, rssMb}; stop; change {pks, tag}
 * (edits as another user would make them, for the incremental sync); faults {latencyMs};
 * offline {offline} (the outbox benchmarks queue their edits while it is); audit {action}
 * (the audit log's entries, to check that a replay applied each edit exactly once).
 */
import { startSimulator, type RunningSimulator } from '../../main/simulator'
import type { AuditAction } from '../../main/simulator/types'
import { rssMb, serveCommands } from './lib/child'

let sim: RunningSimulator | null = null

serveCommands(
  {
    async start(args: { plans: number; seed: number }) {
      if (sim) throw new Error('already started')
      const t = performance.now()
      sim = await startSimulator({ plans: args.plans, seed: args.seed })
      const startupMs = performance.now() - t
      return { url: sim.url, token: sim.token, username: sim.username, adminSecret: sim.adminSecret, startupMs, rssMb: rssMb() }
    },
    /** Closes the simulator so the next start measures a cold start of the data set again (B9). */
    async stop() {
      await sim?.close()
      sim = null
      return true
    },
    change(args: { pks: number[]; tag: string }) {
      for (const pk of args.pks) sim!.admin.updatePlan(pk, { invoice_number: `INV-${args.tag}-${pk}` }, 'bench.colleague')
      return args.pks.length
    },
    faults(args: { latencyMs: number }) {
      sim!.setFaults(args)
      return true
    },
    async offline(args: { offline: boolean }) {
      await sim!.setOffline(args.offline)
      return true
    },
    audit(args: { action?: AuditAction }) {
      return sim!.admin.audit(args.action ? { action: args.action } : undefined)
    },
  },
  async () => {
    await sim?.close()
  },
)
