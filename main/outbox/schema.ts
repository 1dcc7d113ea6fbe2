/**
 * The outbox's own database file: its numbered migrations, applied by the cache's migration
 * runner to the file's schema on the connection it is attached to (see file.ts). Its
 * `user_version` is its own; a file written by a newer PlanDesk is refused like a cache is.
 *
 * 1: everything the outbox keeps, apart from the cache it is attached to:
 * - `outbox`, `outbox_attempts`: as the cache held them since its 003 (one row per decision,
 *   with the plan's server state it was made against, its replay state and the history; each
 *   send and each failed read-back), so an upgrade copies rows as they are;
 * - `leases`: the `push` lease lives with the queue it guards, so a cache that is rebuilt (or
 *   moved aside by another process) never lets two processes replay one queue;
 * - `outbox_meta`: small facts about the file (whether a cache was ever opened with it, so a
 *   cache that went missing is told apart from a first start);
 * - `accounts`: whose a token is, as the server recorded it (a digest of the token, never the
 *   token): confirmed for the user it was claimed for, or found to belong to someone else.
 *
 * 2: `outbox.batch`: the bulk decision an entry belongs to (one id per confirmation), so the
 *   person can act on the changes of one bulk decision ("discard all failed of it"). Rows
 *   written before it have none (their records keep the 19 columns of 1; salvage reads both).
 */
import type { Migration } from '../store/migrations'

const outbox001: Migration = {
  version: 1,
  name: 'outbox_file',
  up(db, s) {
    db.exec(`
      CREATE TABLE ${s}.outbox (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        plan_pk           INTEGER NOT NULL,
        kind              TEXT    NOT NULL CHECK (kind IN ('status', 'payment_plan')),
        payload           TEXT    NOT NULL,
        target_status     TEXT,
        base_status       TEXT    NOT NULL,
        base_modified     TEXT    NOT NULL,
        base_payment_plan TEXT,
        author            TEXT    NOT NULL,
        created_at        TEXT    NOT NULL,
        state             TEXT    NOT NULL DEFAULT 'pending'
                          CHECK (state IN ('pending', 'sending', 'applied', 'failed', 'conflict', 'needs_checking', 'discarded')),
        attempts          INTEGER NOT NULL DEFAULT 0,
        read_failures     INTEGER NOT NULL DEFAULT 0,
        next_attempt_at   TEXT,
        last_error        TEXT,
        server_snapshot   TEXT,
        result            TEXT,
        updated_at        TEXT    NOT NULL,
        finished_at       TEXT
      );
      CREATE INDEX ${s}.idx_outbox_plan     ON outbox (plan_pk, id);
      CREATE INDEX ${s}.idx_outbox_state    ON outbox (state, next_attempt_at);
      CREATE INDEX ${s}.idx_outbox_finished ON outbox (finished_at) WHERE finished_at IS NOT NULL;

      CREATE TABLE ${s}.outbox_attempts (
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

      CREATE TABLE ${s}.leases (
        name         TEXT    PRIMARY KEY,
        owner        TEXT    NOT NULL,
        pid          INTEGER NOT NULL,
        host         TEXT    NOT NULL,
        purpose      TEXT    NOT NULL,
        acquired_at  TEXT    NOT NULL,
        heartbeat_at TEXT    NOT NULL,
        expires_at   INTEGER NOT NULL
      );

      CREATE TABLE ${s}.outbox_meta (
        key   TEXT PRIMARY KEY,
        value
      ) WITHOUT ROWID;

      CREATE TABLE ${s}.accounts (
        token_digest TEXT PRIMARY KEY,
        -- the user name the token was used as
        claimed      TEXT NOT NULL,
        -- confirmed: the server recorded the claimed user (or a password sign-in gave the token);
        -- mismatch: the server recorded another user (account) for a change sent with it
        verdict      TEXT NOT NULL CHECK (verdict IN ('confirmed', 'mismatch')),
        account      TEXT,
        how          TEXT NOT NULL,
        at           TEXT NOT NULL
      ) WITHOUT ROWID;
    `)
  },
}

const outbox002: Migration = {
  version: 2,
  name: 'bulk_batch',
  up(db, s) {
    db.exec(`
      ALTER TABLE ${s}.outbox ADD COLUMN batch TEXT;
      CREATE INDEX ${s}.idx_outbox_batch ON outbox (batch, state) WHERE batch IS NOT NULL;
    `)
  },
}

export const OUTBOX_MIGRATIONS: readonly Migration[] = [outbox001, outbox002]

/** The columns of `outbox`, in their order (the salvage reader and the upgrade copy rows by them). */
export const OUTBOX_COLUMNS = [
  'id',
  'plan_pk',
  'kind',
  'payload',
  'target_status',
  'base_status',
  'base_modified',
  'base_payment_plan',
  'author',
  'created_at',
  'state',
  'attempts',
  'read_failures',
  'next_attempt_at',
  'last_error',
  'server_snapshot',
  'result',
  'updated_at',
  'finished_at',
  'batch',
] as const

/** How many of those columns a row written before outbox 2 (or by a cache before 009) has. */
export const OUTBOX_COLUMNS_V1 = OUTBOX_COLUMNS.indexOf('batch')
