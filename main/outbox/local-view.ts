/**
 * `plan_local`: per plan with open changes, what the person sees over the server copy — the
 * newest open status change, how many changes are open, and the most urgent open state (as its
 * severity). Derived from the outbox, so it can never disagree with it; pulled server data goes
 * to `plans` and never touches it (no flicker back).
 *
 * A TEMP view, made on each connection from the state table (states.ts): it is not part of the
 * cache's schema, so it follows the state table without a migration, and it may read an outbox
 * kept in another database file (a view in the cache's own schema could not).
 */
import type { Database } from 'better-sqlite3'
import { OPEN_STATES_SQL, severitySql } from './states'

export const PLAN_LOCAL_VIEW_SQL = `
  CREATE TEMP VIEW IF NOT EXISTS plan_local AS
    SELECT o.plan_pk AS plan_pk,
           (SELECT s.target_status FROM outbox s
             WHERE s.plan_pk = o.plan_pk AND s.kind = 'status' AND s.state IN ${OPEN_STATES_SQL}
             ORDER BY s.id DESC LIMIT 1) AS status,
           count(*) AS pending_edits,
           max(${severitySql('o.state')}) AS severity
      FROM outbox o
     WHERE o.state IN ${OPEN_STATES_SQL}
     GROUP BY o.plan_pk`

export function createLocalView(db: Database): void {
  db.exec(PLAN_LOCAL_VIEW_SQL)
}
