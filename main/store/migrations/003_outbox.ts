/**
 * 003: the outbox of offline decisions.
 *
 * - `outbox`: one row per edit the person made (a status change or a payment plan), written
 *   in the same transaction as nothing else: the edit IS the row. It records the plan's server
 *   state the edit was made against (base_*), who made it and when, and its replay state:
 *     pending --read back--> applied (the server already shows it)
 *                         -> conflict (someone else changed the plan since the base)
 *                         -> needs_checking (the read-back cannot decide; never resent by itself)
 *                         -> failed (404: the plan no longer exists)
 *                         -> sending --answer--> applied | failed (400 / 403 / 404)
 *                                             -> pending (5xx, network, time-out: outcome unknown)
 *     any open state but sending -> discarded (by the person)
 *   `sending` is written (durably) before the request leaves, so a crash mid-request is seen
 *   at the next start as an attempt with an unknown outcome, which is read back before any
 *   resend. `read_failures` counts the read-backs that failed in a row (the backoff grows with
 *   it). Ids are AUTOINCREMENT so an id the CLI printed never names another edit later.
 *   Applied and discarded rows stay as history until `finished_at` is older than the
 *   retention setting.
 * - `outbox_attempts`: each send of an entry, and each read-back that failed, with its outcome.
 * - `plan_local`: a view, per plan with open edits, of what the person sees over the server
 *   copy: the newest open status change and how many edits are open, and the most urgent
 *   open state. It is derived from `outbox`, so it can never disagree with it; pulled server
 *   data goes to `plans` and never touches it (no flicker back).
 * - The empty `plan_overlay` table of 001 is dropped: the view replaces it.
 * (008 moves the view out of the schema: each connection makes it from the live state table.)
 */
import type { Migration } from './types'

/** The open states as they were when this migration was written (a frozen copy: a migration never imports live code). */
const OPEN_STATES_SQL = `('pending', 'sending', 'failed', 'conflict', 'needs_checking')`

export const migration003: Migration = {
  version: 3,
  name: 'outbox',
  up(db) {
    db.exec(`
      DROP TABLE IF EXISTS plan_overlay;

      CREATE TABLE outbox (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        plan_pk           INTEGER NOT NULL,
        kind              TEXT    NOT NULL CHECK (kind IN ('status', 'payment_plan')),
        -- the request body, as JSON
        payload           TEXT    NOT NULL,
        -- kind = status: the status the plan shows while the edit is open
        target_status     TEXT,
        base_status       TEXT    NOT NULL,
        base_modified     TEXT    NOT NULL,
        base_payment_plan TEXT,
        author            TEXT    NOT NULL,
        created_at        TEXT    NOT NULL,
        state             TEXT    NOT NULL DEFAULT 'pending'
                          CHECK (state IN ('pending', 'sending', 'applied', 'failed', 'conflict', 'needs_checking', 'discarded')),
        -- sends (each is also a row of outbox_attempts)
        attempts          INTEGER NOT NULL DEFAULT 0,
        read_failures     INTEGER NOT NULL DEFAULT 0,
        next_attempt_at   TEXT,
        -- JSON {code, message, fields?}
        last_error        TEXT,
        -- JSON: the server's state read back at a conflict or check {status, modifiedDate, paymentPlan}
        server_snapshot   TEXT,
        -- what decided the end state, in words (the server's message, "already applied", ...)
        result            TEXT,
        updated_at        TEXT    NOT NULL,
        finished_at       TEXT
      );
      CREATE INDEX idx_outbox_plan     ON outbox (plan_pk, id);
      CREATE INDEX idx_outbox_state    ON outbox (state, next_attempt_at);
      CREATE INDEX idx_outbox_finished ON outbox (finished_at) WHERE finished_at IS NOT NULL;

      CREATE TABLE outbox_attempts (
        entry_id    INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
        n           INTEGER NOT NULL,
        kind        TEXT    NOT NULL CHECK (kind IN ('send', 'read_back')),
        started_at  TEXT    NOT NULL,
        finished_at TEXT,
        outcome     TEXT,
        error       TEXT,
        owner       TEXT    NOT NULL,
        PRIMARY KEY (entry_id, n)
      ) WITHOUT ROWID;

      CREATE VIEW plan_local AS
        SELECT o.plan_pk AS plan_pk,
               (SELECT s.target_status FROM outbox s
                 WHERE s.plan_pk = o.plan_pk AND s.kind = 'status' AND s.state IN ${OPEN_STATES_SQL}
                 ORDER BY s.id DESC LIMIT 1) AS status,
               count(*) AS pending_edits,
               max(CASE o.state WHEN 'conflict' THEN 4 WHEN 'failed' THEN 3 WHEN 'needs_checking' THEN 2 ELSE 1 END) AS severity
          FROM outbox o
         WHERE o.state IN ${OPEN_STATES_SQL}
         GROUP BY o.plan_pk;
    `)
  },
}
