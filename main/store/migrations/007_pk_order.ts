/**
 * 007: an index of the plan number alone, `idx_plans_pk_order`.
 *
 * The plan number is the table's rowid, so plans are already stored in its order, but a page
 * deep in a list sorted by plan number (`offset` 80,000) then steps over 80,000 whole table
 * rows, several to a page: 21–35 ms at 100,000 plans. The same walk over this index reads a few
 * hundred bytes of numbers per page: 1–1.5 ms. It costs one index entry per plan (B7's cache
 * size went from 3.89 to 3.91 KB a plan between the full runs before and after it, which differ
 * in other changes too); counting every plan reads it too, as the smallest index.
 */
import type { Migration } from './types'

export const migration007: Migration = {
  version: 7,
  name: 'pk_order',
  up(db) {
    db.exec('CREATE INDEX IF NOT EXISTS idx_plans_pk_order ON plans (pk)')
  },
}
