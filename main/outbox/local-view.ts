/**
 * `plan_local`: per plan with open changes, what the person sees over the server copy — the
 * status of the newest open status change that can still land, how many changes are open, and
 * the most urgent open state (as its severity). The rule is planShown() (main/domain/plan-display.ts),
 * and this is its SQL for filtering, sorting and counting: built from the same column of the
 * state table (`shows`), and held to the same answers by a test. Derived from the outbox, so it
 * can never disagree with it; pulled server data goes to `plans` and never touches it (no
 * flicker back).
 *
 * A TEMP view, made on each connection from the state table (states.ts): it is not part of the
 * cache's schema, so it follows the state table without a migration, and it may read an outbox
 * kept in another database file (a view in the cache's own schema could not).
 */
import type { Database } from 'better-sqlite3'
import type { ReadableDB } from '../store/connection'
import type { IpcError, PlanServerState } from '../../preload/contract'
import type { PlanChange } from '../domain'
import { CAN_LAND_STATES_SQL, OPEN_STATES_SQL, severitySql } from './states'

/**
 * The status a change made here shows for the plan `planPk` (an SQL expression), or NULL: the
 * newest open status change that can still land. Read through idx_outbox_plan for that plan alone.
 */
export function shownStatusSql(planPk: string): string {
  return `(SELECT s.target_status FROM outbox s
            WHERE s.plan_pk = ${planPk} AND s.kind = 'status' AND s.state IN ${CAN_LAND_STATES_SQL}
            ORDER BY s.id DESC LIMIT 1)`
}

export const PLAN_LOCAL_VIEW_SQL = `
  CREATE TEMP VIEW IF NOT EXISTS plan_local AS
    SELECT o.plan_pk AS plan_pk,
           ${shownStatusSql('o.plan_pk')} AS status,
           count(*) AS pending_edits,
           max(${severitySql('o.state')}) AS severity
      FROM outbox o
     WHERE o.state IN ${OPEN_STATES_SQL}
     GROUP BY o.plan_pk`

export function createLocalView(db: Database): void {
  db.exec(PLAN_LOCAL_VIEW_SQL)
}

interface ChangeRow {
  id: number
  state: PlanChange['state']
  kind: PlanChange['kind']
  target_status: string | null
  last_error: string | null
  result: string | null
  server_snapshot: string | null
}

function json<T>(text: string | null): T | null {
  if (text === null) return null
  try {
    return JSON.parse(text) as T
  } catch {
    return null
  }
}

/**
 * The open changes of one plan, oldest first, as planShown() takes them: for the summaries of
 * the plans a page shows that have open changes (a few), through idx_outbox_plan.
 */
export function openChangesReader(db: ReadableDB): (planPk: number) => PlanChange[] {
  const st = db.prepare<[number], ChangeRow>(
    `SELECT id, state, kind, target_status, last_error, result, server_snapshot FROM outbox
      WHERE plan_pk = ? AND state IN ${OPEN_STATES_SQL} ORDER BY id`,
  )
  return (planPk) =>
    st.all(planPk).map((r) => ({
      id: r.id,
      state: r.state,
      kind: r.kind,
      targetStatus: r.target_status,
      lastError: json<IpcError>(r.last_error),
      result: r.result,
      server: json<PlanServerState>(r.server_snapshot),
    }))
}
