/**
 * 001: the cache of server plans.
 *
 * - `plans`: one narrow row per plan: copies of what the list filters, sorts and summary rows
 *   need, each filter column indexed: every filter the list endpoint offers has its column
 *   (related_cancellation_plan__plan_type joins `related_plan` back to plans), even those the
 *   query API does not expose yet, so exposing one needs no migration. `tag` is the
 *   exception: plans do not carry their tags. Dates are ISO 8601 UTC strings, which sort and
 *   compare correctly as text.
 * - `plan_json`: the server's JSON kept whole (nothing it sends is lost), one row per plan.
 * - `plan_items`: the plan's order items, flattened for display and search.
 * - `plans_fts`: full-text index (see fts.ts).
 * - `statuses`: status key → label, in server order.
 * - `channels`: sales channel id → channel type, learnt from the server (plans carry only the id).
 * - `sync_state`: key → JSON value (cursor, last runs, an interrupted full sync's progress).
 * - `plan_overlay`: EMPTY until offline edits were built (003 drops it). The outbox will keep here, per plan
 *   with pending edits, the status the person sees and how many edits are pending. Search and
 *   getPlan already read the display status and pendingEdits through this table, so pulled
 *   server data (written only to `plans`) never overwrites a pending edit's display.
 */
import type { Migration } from './types'

export const migration001: Migration = {
  version: 1,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE plans (
        pk                 INTEGER PRIMARY KEY,
        status             TEXT    NOT NULL,
        plan_type          TEXT    NOT NULL DEFAULT '',
        order_id           INTEGER,
        order_number       TEXT,
        order_status       INTEGER,
        channel_id         INTEGER,
        customer_id        INTEGER,
        store_remote_id    TEXT,
        staff_remote_id    TEXT,
        invoice_number     TEXT,
        refund_amount      REAL,
        currency           TEXT,
        item_count         INTEGER NOT NULL DEFAULT 0,
        first_product_name TEXT,
        created_by_id      INTEGER,
        modified_by_id     INTEGER,
        related_plan       INTEGER,
        invoice_date       TEXT,
        created_date       TEXT,
        modified_date      TEXT    NOT NULL,
        raw_hash           TEXT    NOT NULL,
        synced_at          TEXT    NOT NULL,
        -- id of the last sync run that saw this plan (full sync / reconcile bookkeeping)
        seen_run           INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX idx_plans_status        ON plans (status);
      CREATE INDEX idx_plans_plan_type     ON plans (plan_type);
      CREATE INDEX idx_plans_order_id      ON plans (order_id);
      CREATE INDEX idx_plans_order_number  ON plans (order_number);
      CREATE INDEX idx_plans_channel_id    ON plans (channel_id);
      CREATE INDEX idx_plans_customer_id   ON plans (customer_id);
      CREATE INDEX idx_plans_store         ON plans (store_remote_id);
      CREATE INDEX idx_plans_staff         ON plans (staff_remote_id);
      CREATE INDEX idx_plans_invoice       ON plans (invoice_number);
      CREATE INDEX idx_plans_created_date  ON plans (created_date);
      CREATE INDEX idx_plans_modified_date ON plans (modified_date);
      CREATE INDEX idx_plans_refund_amount ON plans (refund_amount);
      CREATE INDEX idx_plans_created_by    ON plans (created_by_id);
      CREATE INDEX idx_plans_modified_by   ON plans (modified_by_id);
      CREATE INDEX idx_plans_related_plan  ON plans (related_plan);
      CREATE INDEX idx_plans_invoice_date  ON plans (invoice_date);
      CREATE INDEX idx_plans_seen_run      ON plans (seen_run);

      -- The server's JSON, apart from the narrow rows above: list queries touch thousands of
      -- plans rows and must not drag kilobytes of JSON through the page cache.
      CREATE TABLE plan_json (
        pk       INTEGER PRIMARY KEY REFERENCES plans (pk) ON DELETE CASCADE,
        raw_json TEXT NOT NULL
      );

      CREATE TABLE plan_items (
        plan_pk        INTEGER NOT NULL REFERENCES plans (pk) ON DELETE CASCADE,
        position       INTEGER NOT NULL,
        item_pk        INTEGER,
        order_item_id  INTEGER,
        product_name   TEXT,
        sku            TEXT,
        base_code      TEXT,
        status         TEXT,
        reason_subject TEXT,
        price          REAL,
        PRIMARY KEY (plan_pk, position)
      ) WITHOUT ROWID;
      CREATE INDEX idx_plan_items_sku ON plan_items (sku);

      -- As released (006 recreates it with a one-letter prefix index; fts.ts holds today's form).
      CREATE VIRTUAL TABLE plans_fts USING fts5(
        body,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      CREATE TABLE statuses (
        key      TEXT PRIMARY KEY,
        label    TEXT NOT NULL,
        position INTEGER NOT NULL
      );

      CREATE TABLE channels (
        id         INTEGER PRIMARY KEY,
        type       TEXT,
        checked_at TEXT NOT NULL
      );
      CREATE INDEX idx_channels_type ON channels (type);

      CREATE TABLE sync_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE plan_overlay (
        plan_pk       INTEGER PRIMARY KEY, -- no foreign key: the outbox decides what a deleted plan's edits become
        status        TEXT    NOT NULL,
        pending_edits INTEGER NOT NULL CHECK (pending_edits > 0)
      );
    `)
  },
}
