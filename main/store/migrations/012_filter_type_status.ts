/**
 * 012: the store's and the staff member's indexes hold the plan's type and status after them,
 * `idx_plans_store_type_status (store_remote_id, plan_type, status)` and
 * `idx_plans_staff_type_status (staff_remote_id, plan_type, status)`, in place of the indexes on
 * the store and the staff member alone.
 *
 * A staff member's (or a store's) plans of one type, or in some statuses, were found by reading
 * all of that person's entries and looking each one up in the table to test the type and the
 * status: at 300,000 plans a staff member has about 11,000, and their refund plans took 75 ms a
 * search (33 ms to count them, as long again for the page). With the type and the status in the
 * index, the count reads the matching entries alone and the page looks up only the matches. The
 * cache keeps the same number of indexes, so a sync writes the same number of entries (each a
 * little longer); the counts per store and staff member read these indexes as before.
 */
import type { Migration } from './types'

export const migration012: Migration = {
  version: 12,
  name: 'filter_type_status',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS idx_plans_store;
      DROP INDEX IF EXISTS idx_plans_staff;
      CREATE INDEX IF NOT EXISTS idx_plans_store_type_status ON plans (store_remote_id, plan_type, status);
      CREATE INDEX IF NOT EXISTS idx_plans_staff_type_status ON plans (staff_remote_id, plan_type, status);
    `)
  },
}
