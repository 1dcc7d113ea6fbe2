/**
 * A plan's timeline (plans:timeline), newest first: its creation, the status changes syncs saw
 * (plan_status_events, migration 005) and every change made here (the outbox, in whatever state
 * each entry is now).
 *
 * The creation is read from the plan itself (created_date, created_by) rather than stored: see
 * migration 005 for why.
 */
import type { ReadableDB, ReadStatement } from './connection'
import type { OutboxEntry, TimelineEvent } from '../../preload/contract'
import { userName } from '../domain'
import { readRecord } from './record'

interface StatusEventRow {
  from_status: string
  to_status: string
  modified_date: string
  changed_by: string | null
  seen_at: string
}

/** A plan's recorded status changes, newest first (exported for the EXPLAIN QUERY PLAN test). */
export const STATUS_EVENTS_SQL =
  'SELECT from_status, to_status, modified_date, changed_by, seen_at FROM plan_status_events WHERE plan_pk = ? ORDER BY id DESC'

export class PlanHistory {
  private readonly plan: ReadStatement<[number], { created_date: string | null; raw_json: string | Buffer }>
  private readonly statusEvents: ReadStatement<[number], StatusEventRow>

  constructor(db: ReadableDB) {
    this.plan = db.prepare('SELECT p.created_date, j.raw_json FROM plans p JOIN plan_json j ON j.pk = p.pk WHERE p.pk = ?')
    this.statusEvents = db.prepare(STATUS_EVENTS_SQL)
  }

  /** What the cache knows of the plan's server side, newest first; null when the plan is not cached. */
  serverEvents(pk: number): TimelineEvent[] | null {
    const plan = this.plan.get(pk)
    if (!plan) return null
    const events: TimelineEvent[] = this.statusEvents.all(pk).map((r) => ({
      kind: 'status',
      at: r.modified_date,
      from: r.from_status,
      to: r.to_status,
      by: r.changed_by,
      seenAt: r.seen_at,
    }))
    // A damaged stored copy (the next sync fetches it again) still has its created_date column.
    if (plan.created_date !== null) events.push({ kind: 'created', at: plan.created_date, by: userName(readRecord(plan.raw_json)?.created_by) })
    return events
  }
}

/** Which comes first among events at the same instant, newest first: a change made here, then the server's, then the creation. */
const RANK: Record<TimelineEvent['kind'], number> = { local: 0, status: 1, created: 2 }

/**
 * Server events and local changes (each list newest first) as one list, newest first. Times of
 * the server's clock and this computer's are compared as they are; events at the same instant
 * keep their kind's order and, within a kind, the order they came in.
 */
export function mergeTimeline(server: readonly TimelineEvent[], local: readonly OutboxEntry[]): TimelineEvent[] {
  const all: TimelineEvent[] = [...server, ...local.map((entry): TimelineEvent => ({ kind: 'local', at: entry.createdAt, entry }))]
  const time = (e: TimelineEvent) => {
    const t = Date.parse(e.at)
    return Number.isNaN(t) ? -Infinity : t
  }
  // Array.prototype.sort is stable, so each kind keeps the order it came in.
  return all.sort((a, b) => time(b) - time(a) || RANK[a.kind] - RANK[b.kind])
}
