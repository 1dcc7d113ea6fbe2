/**
 * The outbox with real processes on one data folder: a replaying `plandesk push` killed with
 * SIGKILL at many random moments, and the app's services replaying beside a CLI process.
 * Exactly once is proved by the simulator's audit log.
 */
import Database from 'better-sqlite3'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../main/app/services'
import { FileTokenVault } from '../../main/app/token-vault'
import { dispatch } from '../../main/ipc/dispatch'
import { startSimulator } from '../../main/simulator'
import { createRng } from '../../main/simulator/prng'
import type { RunningSimulator } from '../../main/simulator/types'
import { entries, expectExactlyOnce, plansIn, sessionFor } from './outbox-helpers'
import { login, runCli, startCli, tempDataDir } from './processes'

let sim: RunningSimulator

beforeAll(async () => {
  sim = await startSimulator({ plans: 1500, seed: 23 })
})
afterAll(() => sim.close())

/** A data folder signed in as demo and synced, with `count` status changes `from` → `to` queued, and `chains` of them followed by → `then`. */
async function queued(count: number, chains: number, [from, to, then]: [string, string, string]): Promise<{ dataDir: string; total: number }> {
  const dataDir = tempDataDir('plandesk-kill-')
  await login(dataDir, sim.url)
  const s = await sessionFor(sim, { dataDir })
  try {
    await s.sync({ full: true }, { wait: true })
    const pks = plansIn(s, from, count)
    for (const pk of pks) s.setStatus({ pk, status: to as never })
    for (const pk of pks.slice(0, chains)) s.setStatus({ pk, status: then as never })
    return { dataDir, total: count + chains }
  } finally {
    await s.close()
  }
}

/** Counts of the data folder's outbox (its own file beside the cache), read with a connection of its own: entries being sent, applied, and not yet applied. */
function outboxCounts(dataDir: string): { sending: number; applied: number; open: number } {
  const file = readdirSync(dataDir).find((f) => f.endsWith('.outbox.sqlite'))
  if (!file) return { sending: 0, applied: 0, open: 0 }
  const db = new Database(join(dataDir, file), { readonly: true })
  try {
    return db
      .prepare(
        `SELECT count(*) FILTER (WHERE state = 'sending') AS sending, count(*) FILTER (WHERE state = 'applied') AS applied,
                count(*) FILTER (WHERE state NOT IN ('applied', 'discarded')) AS open FROM outbox`,
      )
      .get() as { sending: number; applied: number; open: number }
  } finally {
    db.close()
  }
}

/**
 * Resolves once the run reached a point of its work (or ended, or 10 s passed), then after
 * `extraMs`: a moment defined by what the run did, not by how long it ran, so the kill that
 * follows lands mid-run on a fast machine and a slow one alike.
 */
async function until(reached: () => boolean, child: { exitCode: number | null }, extraMs: number): Promise<void> {
  const end = Date.now() + 10_000
  while (Date.now() < end && child.exitCode === null && !reached()) await new Promise((r) => setTimeout(r, 5))
  await new Promise((r) => setTimeout(r, extraMs))
}

describe('replay across processes', () => {
  it('3. a replaying process killed with SIGKILL at 20+ random moments, then restarted, applies every edit exactly once', async () => {
    const { dataDir, total } = await queued(110, 10, ['waiting', 'approved', 'waiting_for_payment'])
    const env = { PLANDESK_LEASE_TTL_MS: '400' }
    // Each request takes 30–70 ms, so every run of what is left lasts long enough to be killed in.
    sim.setFaults({ latencyMs: 30, latencyJitterMs: 40 })
    const rng = createRng(20261128)
    let killedMidRun = 0
    let runs = 0
    // Runs until 20 of them were killed while still running, bounded in time. Half are killed
    // once a request is on the wire (an entry is marked sending), so the "outcome unknown" path
    // is always exercised; the other half after a random number (1–6) of edits applied in
    // that run, a moment of the run's own progress rather than of the clock.
    const deadline = Date.now() + 120_000
    while (killedMidRun < 20 && Date.now() < deadline && outboxCounts(dataDir).open > 0) {
      const run = startCli(['push', '--max-wait', '20'], { dataDir, env })
      const extraMs = Math.floor(rng.next() * 20)
      if (runs++ % 2 === 0) {
        const target = outboxCounts(dataDir).applied + 1 + Math.floor(rng.next() * 6)
        await until(() => outboxCounts(dataDir).applied >= target, run.child, extraMs)
      } else {
        await until(() => outboxCounts(dataDir).sending > 0, run.child, extraMs)
      }
      if (run.child.exitCode === null) {
        run.child.kill('SIGKILL')
        killedMidRun++
      }
      await run.done
    }
    expect(killedMidRun, `processes killed while still running (of ${runs} runs)`).toBeGreaterThanOrEqual(20)
    sim.setFaults({ latencyMs: 0, latencyJitterMs: 0 })
    const last = await runCli(['push', '--max-wait', '30'], { dataDir, env })
    const s = await sessionFor(sim, { dataDir })
    try {
      const open = entries(s).filter((e) => e.state !== 'applied')
      const debug = open.map((e) => ({ ...e, attempts: s.outbox.attempts(e.id), prev: entries(s).filter((x) => x.planPk === e.planPk), audit: sim.admin.audit({ pk: e.planPk }) }))
      expect(last.code, `${last.stdout}\n${last.stderr}\n${JSON.stringify(debug, null, 1)}`).toBe(0)
      const all = entries(s)
      expect(all).toHaveLength(total)
      expect(all.filter((e) => e.state !== 'applied').map((e) => `${e.id} ${e.state}`)).toEqual([])
      expectExactlyOnce(sim, all)
      // Some edits were caught mid-send by a kill and decided by reading the plan back.
      expect(all.some((e) => e.attempts > 1 || /reading the plan back/.test(e.result ?? '')), 'some edit was caught mid-send').toBe(true)
    } finally {
      await s.close()
    }
  }, 180_000)

  it("9. the app's services and a CLI process replaying the same cache at once apply each edit once", async () => {
    const { dataDir, total } = await queued(40, 5, ['approved', 'waiting_for_payment', 'completed'])
    sim.setFaults({ latencyMs: 10 })
    const services = await createAppServices({ dataDir, host: 'web', version: 'test', vault: new FileTokenVault(dataDir), background: false })
    try {
      const cli = startCli(['push', '--max-wait', '30'], { dataDir })
      const fromApp = await dispatch(services.handlers, 'outbox:push', undefined)
      const fromCli = await cli.done
      expect(fromApp.ok, JSON.stringify(fromApp)).toBe(true)
      expect(fromCli.code, fromCli.stderr).toBe(0)
      const list = await dispatch(services.handlers, 'outbox:list', { limit: 1000 })
      if (!list.ok) throw new Error(list.error.message)
      const all = (list.value as { entries: Parameters<typeof expectExactlyOnce>[1] }).entries
      expect(all).toHaveLength(total)
      expect(all.every((e) => e.state === 'applied')).toBe(true)
      expectExactlyOnce(sim, all)
    } finally {
      sim.setFaults({ latencyMs: 0 })
      await services.close()
    }
  }, 120_000)
})
