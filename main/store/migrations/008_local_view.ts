/**
 * 008: the `plan_local` view leaves the cache's schema. Each connection makes it as a TEMP view
 * from the outbox's state table (main/outbox/local-view.ts), so the view follows that table
 * without a migration, and can read an outbox kept in a database file of its own (a view in the
 * cache's schema cannot refer to another database).
 */
import type { Migration } from './types'

export const migration008: Migration = {
  version: 8,
  name: 'local_view',
  up(db) {
    db.exec('DROP VIEW IF EXISTS main.plan_local')
  },
}
