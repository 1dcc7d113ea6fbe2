/**
 * 005, the plan detail's timeline: what syncs saw happen to a plan's status.
 *
 * - `plan_status_events`: one row each time a sync (or the outbox's read-back) brings a server
 *   copy of a cached plan whose status differs from the cached one: from, to, the server's
 *   modified_date of that copy, who the server names as its last updater, and when this cache
 *   saw it. Written by PlanWriter in the same transaction as the copy itself, so the history and
 *   the cached plan never disagree. Two changes between syncs show as one (the cache sees only
 *   the copies it is sent).
 *
 * "Created" is NOT stored: it is read from the plan's own created_date (and created_by) when a
 * timeline is asked for. The server's creation time is the truth, whereas a row written when a
 * sync first met the plan would say when this cache first saw it; and a first sync of 100,000
 * plans would write 100,000 rows (and index entries) that say nothing the plan does not already
 * say. So a plan new to the cache costs nothing here: only an actual status change is written.
 *
 * The rows go with their plan (ON DELETE CASCADE, and PlanWriter.remove deletes them too, like
 * the plan's other rows). A cache upgraded from an earlier version starts with no history.
 */
import type { Migration } from './types'

export const migration005: Migration = {
  version: 5,
  name: 'plan_history',
  up(db) {
    db.exec(`
      CREATE TABLE plan_status_events (
        id            INTEGER PRIMARY KEY,
        plan_pk       INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
        from_status   TEXT    NOT NULL,
        to_status     TEXT    NOT NULL,
        -- the server's modified_date of the copy that showed the new status
        modified_date TEXT    NOT NULL,
        -- the server's last_updated_by of that copy, as a name (null when it named nobody)
        changed_by    TEXT,
        -- when this cache saw it
        seen_at       TEXT    NOT NULL
      );
      CREATE INDEX idx_plan_status_events_plan ON plan_status_events (plan_pk, id);
    `)
  },
}
