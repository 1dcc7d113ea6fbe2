/** Helpers for sync tests against the real simulator over loopback (not a test file itself). */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { OmnitronClient, type PlanListFilters } from '../../../main/omnitron'
import type { RunningSimulator } from '../../../main/simulator/types'
import { openStore, type PlanStore } from '../../../main/store'
import { SyncEngine, type SyncEngineOptions } from '../../../main/sync'

export async function startSim(plans = 300) {
  const { startSimulator } = await import('../../../main/simulator')
  return startSimulator({ plans, seed: 7 })
}

export function clientFor(sim: RunningSimulator): OmnitronClient {
  return new OmnitronClient({ baseUrl: sim.url, token: sim.token, timeoutMs: 10_000 })
}

export function newStore(): PlanStore {
  return openStore({ file: ':memory:' }).store
}

export function engineFor(sim: RunningSimulator, store: PlanStore, opts: Partial<SyncEngineOptions> = {}): SyncEngine {
  return new SyncEngine({ store, client: clientFor(sim), pageSize: 25, ...opts })
}

/** Every plan the server lists for the filters, by pk, as the server sends it. */
export async function serverPlans(sim: RunningSimulator, filters: PlanListFilters = {}): Promise<Map<number, Record<string, unknown>>> {
  const client = clientFor(sim)
  const out = new Map<number, Record<string, unknown>>()
  for (let page = 1; ; page++) {
    const p = await client.listPage(filters, page, 100)
    for (const plan of p.plans) out.set(plan.pk, plan.raw)
    if (p.next === null) break
  }
  return out
}

/** The cache's plans as server JSON, by pk. */
export function cachedPlans(store: PlanStore): Map<number, Record<string, unknown>> {
  const out = new Map<number, Record<string, unknown>>()
  for (const pk of store.allPks()) out.set(pk, store.getPlan(pk)!.server)
  return out
}

/** Everything but run bookkeeping, for comparing two caches. */
export function snapshot(store: PlanStore): unknown {
  return {
    plans: store.db.prepare('SELECT pk, status, modified_date, raw_hash FROM plans ORDER BY pk').all(),
    items: store.db.prepare('SELECT * FROM plan_items ORDER BY plan_pk, position').all(),
    fts: store.db.prepare('SELECT count(*) AS n FROM plans_fts').get(),
    statuses: store.statuses(),
    cursorSet: store.syncState().cursor !== null,
  }
}

/**
 * Syncs into `file` in a process of its own (kill-child.ts, which never gets past `lastPage`)
 * and kills it with SIGKILL once it reports a committed page matching `when`.
 */
export async function syncThenKill(sim: RunningSimulator, file: string, when: RegExp, pageSize?: number, lastPage?: number): Promise<void> {
  const extra = pageSize === undefined ? [] : [String(pageSize), String(lastPage ?? 4)]
  // One process (tsx as a require hook, not its CLI, which would run the script in a grandchild).
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'kill-child.ts'), sim.url, sim.token, file, ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (when.test(out)) {
        child.kill('SIGKILL')
        resolve()
      }
      if (out.includes('done')) reject(new Error('the child finished before it could be killed'))
    })
    child.on('exit', () => resolve())
  })
  await new Promise((r) => child.once('exit', r).once('close', r))
}
