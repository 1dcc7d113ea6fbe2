/** Helpers for the outbox tests against the simulator (not a test file). */
import { expect } from 'vitest'
import { openSession, type ServerSession } from '../../main/app/session'
import { OmnitronClient } from '../../main/omnitron'
import type { AuditEntry, RunningSimulator } from '../../main/simulator/types'
import type { OutboxEntry } from '../../preload/contract'
import { tempDataDir } from './processes'

/** Retries in tens of milliseconds, not seconds, so fault tests finish quickly. */
export const FAST_RETRY = { baseMs: 20, capMs: 250, random: Math.random }

/** Signs in as a user (a connection the simulator dropped while going offline may fail the first try). */
export async function tokenFor(sim: RunningSimulator, username: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await new OmnitronClient({ baseUrl: sim.url }).login(username, 'demo1234')
    } catch (e) {
      if (attempt >= 3 || (e as { kind?: string }).kind !== 'network') throw e
    }
  }
}

export interface SessionFor {
  dataDir?: string
  username?: string
  token?: string | null
  timeoutMs?: number
}

export async function sessionFor(sim: RunningSimulator, opts: SessionFor = {}): Promise<ServerSession> {
  const username = opts.username ?? 'demo'
  const token = opts.token === undefined ? await tokenFor(sim, username) : opts.token
  // A token this helper signed in for with the user's password is theirs; one given as is is not known to be.
  const verified = opts.token === undefined ? { verified: 'password' as const } : {}
  return openSession({
    dataDir: opts.dataDir ?? tempDataDir('plandesk-outbox-'),
    target: { demo: false, serverUrl: sim.url },
    credentials: token === null ? null : { username, token, ...verified },
    purpose: 'outbox test',
    retry: FAST_RETRY,
    timeoutMs: opts.timeoutMs ?? 2_000,
  })
}

/**
 * `count` cached plans waiting for a decision that no earlier case of a file took (`taken`,
 * which this adds them to), so cases sharing one simulator never decide on the same plan.
 */
export function freshWaiting(session: ServerSession, taken: Set<number>, count: number): number[] {
  const pks = session.store
    .searchPlans({ statuses: ['waiting'], limit: 1000, sort: 'pk' })
    .rows.map((p) => p.pk)
    .filter((pk) => !taken.has(pk))
    .slice(0, count)
  if (pks.length < count) throw new Error(`only ${pks.length} waiting plans left for this case`)
  for (const pk of pks) taken.add(pk)
  return pks
}

/** Cached plans currently in a status, by pk. */
export function plansIn(session: ServerSession, status: string, count: number): number[] {
  const r = session.store.searchPlans({ statuses: [status as never], limit: count, sort: 'pk' })
  if (r.rows.length < count) throw new Error(`only ${r.rows.length} cached plans in ${status}`)
  return r.rows.map((p) => p.pk)
}

export function entries(session: ServerSession): OutboxEntry[] {
  return session.outboxPage({ limit: 1000 }).entries
}

/** The simulator's applied mutations of one kind, as "pk:target" strings (status changes). */
export function statusAudit(sim: RunningSimulator): AuditEntry[] {
  return sim.admin.audit({ action: 'update_status' })
}

/** Every status entry applied exactly once on the server: one audit row per (pk, target), in order per plan. */
export function expectExactlyOnce(sim: RunningSimulator, list: OutboxEntry[]): void {
  const audit = statusAudit(sim)
  for (const e of list.filter((x) => x.kind === 'status')) {
    const rows = audit.filter((a) => a.pk === e.planPk && (a.body as { status?: string }).status === e.targetStatus)
    expect(rows, `plan ${e.planPk} → ${e.targetStatus}`).toHaveLength(1)
  }
  const pp = sim.admin.audit({ action: 'create_payment_plan' })
  for (const e of list.filter((x) => x.kind === 'payment_plan')) {
    expect(pp.filter((a) => a.pk === e.planPk), `payment plan of ${e.planPk}`).toHaveLength(1)
  }
}

export function serverStatus(sim: RunningSimulator, pk: number): string {
  return String(sim.admin.getPlan(pk)?.status)
}
