/**
 * The overview's numbers, as aggregate queries over the cache, counted exactly as the
 * list counts: statuses are the status the person sees (a pending edit's target over the
 * server's), days are the bounds the renderer sends (its local days), the same half-open
 * ranges the list's created-date filter uses. No migration: every query reads an index that
 * exists (idx_plans_status, idx_plans_type_status, idx_plans_created_date).
 */
import type { ReadableDB, ReadStatement } from './connection'
import type { OverviewQuery, PlanOverview } from '../../preload/contract'
import { OPEN_STATES_SQL } from '../outbox/states'
import { fromBound } from './search'

/** Per asked day and currency: plans created, plans with a refund amount, and its sum. The days arrive as one JSON array; each is a range of idx_plans_created_date. */
export const PER_DAY_SQL = `WITH d (day, f, t) AS (
    SELECT json_extract(value, '$.day'), json_extract(value, '$.from'), json_extract(value, '$.to') FROM json_each(?)
  )
  SELECT d.day AS day, p.currency AS currency, count(*) AS n, count(p.refund_amount) AS priced, sum(p.refund_amount) AS total
    FROM d JOIN plans p ON p.created_date >= d.f AND p.created_date < d.t
   GROUP BY d.day, p.currency`

/** Sums of money kept to a millionth: sums of binary floats grow noise in the last digits. */
const round = (n: number): number => Math.round(n * 1e6) / 1e6

export class OverviewQueries {
  private readonly total: ReadStatement<[], { n: number }>
  private readonly byServerStatus: ReadStatement<[], { status: string; n: number }>
  /** Plans whose pending edit shows another status than the server's: moved from one count to another. */
  private readonly moved: ReadStatement<[], { server: string; shown: string }>
  private readonly byType: ReadStatement<[], { plan_type: string; n: number }>
  private readonly perDay: ReadStatement<[string], { day: string; currency: string | null; n: number; priced: number; total: number | null }>
  private readonly openEdits: ReadStatement<[], { n: number }>
  private readonly editedPlans: ReadStatement<[], { n: number }>

  constructor(private readonly db: ReadableDB) {
    this.total = db.prepare('SELECT count(*) AS n FROM plans')
    this.byServerStatus = db.prepare('SELECT status, count(*) AS n FROM plans GROUP BY status')
    this.moved = db.prepare(
      `SELECT p.status AS server, l.status AS shown FROM plan_local l JOIN plans p ON p.pk = l.plan_pk
        WHERE l.status IS NOT NULL AND l.status <> p.status`,
    )
    this.byType = db.prepare('SELECT plan_type, count(*) AS n FROM plans GROUP BY plan_type')
    // The days arrive as one JSON array; each is a range of idx_plans_created_date.
    this.perDay = db.prepare(PER_DAY_SQL)
    this.openEdits = db.prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ${OPEN_STATES_SQL}`)
    this.editedPlans = db.prepare('SELECT count(*) AS n FROM plan_local')
  }

  overview(q: OverviewQuery): PlanOverview {
    // The bounds as the list's filter writes them (ISO instants, comparable as text with the cache's dates).
    const days = q.days.map((d) => ({ day: d.day, from: fromBound(d.from), to: fromBound(d.to) }))
    // Every number from one snapshot.
    return this.db.transaction((): PlanOverview => {
      const status = new Map(this.byServerStatus.all().map((r) => [r.status, r.n]))
      for (const m of this.moved.all()) {
        status.set(m.server, (status.get(m.server) ?? 0) - 1)
        status.set(m.shown, (status.get(m.shown) ?? 0) + 1)
      }
      const dayCount = new Map<string, number>(days.map((d) => [d.day, 0]))
      const series = new Map<string | null, Map<string, { total: number; count: number }>>()
      for (const r of this.perDay.all(JSON.stringify(days))) {
        dayCount.set(r.day, (dayCount.get(r.day) ?? 0) + r.n)
        if (r.priced === 0) continue
        let s = series.get(r.currency)
        if (!s) series.set(r.currency, (s = new Map()))
        s.set(r.day, { total: round(r.total ?? 0), count: r.priced })
      }
      return {
        total: this.total.get()!.n,
        byStatus: [...status].filter(([, n]) => n > 0).map(([s, count]) => ({ status: s, count })),
        byType: this.byType.all().map((r) => ({ planType: r.plan_type, count: r.n })),
        days: days.map((d) => ({ day: d.day, count: dayCount.get(d.day) ?? 0 })),
        refunds: [...series]
          // The currency with the most priced plans first (the chart's default); no currency last.
          .sort(([a, x], [b, y]) => (a === null ? 1 : b === null ? -1 : sumCounts(y) - sumCounts(x) || a.localeCompare(b)))
          .map(([currency, s]) => ({
            currency,
            days: days.map((d) => ({ day: d.day, total: s.get(d.day)?.total ?? 0, count: s.get(d.day)?.count ?? 0 })),
          })),
        localChanges: { open: this.openEdits.get()!.n, plans: this.editedPlans.get()!.n },
      }
    })()
  }
}

function sumCounts(s: Map<string, { count: number }>): number {
  let n = 0
  for (const v of s.values()) n += v.count
  return n
}
