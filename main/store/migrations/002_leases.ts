/**
 * 002: one cache shared by several processes (the app, the web host, the `plandesk` CLI).
 *
 * - `leases`: work that must run once at a time per cache (pull sync, outbox replay) takes a
 *   row here in a write transaction: owner, what it is doing, heartbeat and expiry. Another
 *   process waits or says who holds it; an expired row (its holder died) may be taken over.
 * - Indexes that no query uses are dropped: every index that stays is used by a query that
 *   an `EXPLAIN QUERY PLAN` test shows (test/main/store/migrations/002_leases.test.ts).
 *   order_id, invoice_date, created_by_id, modified_by_id and related_plan stay as columns,
 *   so a filter on them later needs only its index back; seen_run is only ever compared
 *   with `<>`, which an index cannot serve; items are searched through the FTS index.
 */
import type { Migration } from './types'

export const migration002: Migration = {
  version: 2,
  name: 'leases',
  up(db) {
    db.exec(`
      CREATE TABLE leases (
        name         TEXT    PRIMARY KEY,
        owner        TEXT    NOT NULL,
        pid          INTEGER NOT NULL,
        host         TEXT    NOT NULL,
        purpose      TEXT    NOT NULL,
        acquired_at  TEXT    NOT NULL,
        heartbeat_at TEXT    NOT NULL,
        -- epoch milliseconds, so expiry is one integer comparison
        expires_at   INTEGER NOT NULL
      );

      DROP INDEX IF EXISTS idx_plans_order_id;
      DROP INDEX IF EXISTS idx_plans_invoice_date;
      DROP INDEX IF EXISTS idx_plans_created_by;
      DROP INDEX IF EXISTS idx_plans_modified_by;
      DROP INDEX IF EXISTS idx_plans_related_plan;
      DROP INDEX IF EXISTS idx_plans_seen_run;
      DROP INDEX IF EXISTS idx_plan_items_sku;
    `)
  },
}
