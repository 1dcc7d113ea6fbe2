/**
 * Writing server plans into the cache. Unchanged plans (same JSON hash) are only marked seen,
 * so an overlapping incremental sync costs almost nothing and counts them as unchanged.
 * Server data goes to `plans` only; the outbox (and the plan_local view over it) is never
 * touched here, which is what keeps a pending edit from flickering back.
 *
 * A cached plan whose new copy shows another status gets a row in plan_status_events (migration
 * 005) in the same transaction. The cached status is read by the same primary-key lookup that
 * reads the hash, so a first sync (every plan new) writes nothing more than before.
 */
import type { Database, Statement } from 'better-sqlite3'
import { ServerKnowledge } from './knowledge'
import { type ItemRow, type PlanRow } from './extract'
import { FtsIndex } from './fts'
import { hashJson, jsonOf, type PreparedPlan, preparePlan } from './prepare'
import { OPEN_STATES_SQL } from '../outbox/states'
import type { ApplyCounts, ApplyOptions, PlanInput } from './types'

export { hashJson } from './prepare'

/**
 * The plans columns a server copy sets (planRow's) and the item columns, as records keyed by
 * every column, so a column added to PlanRow or ItemRow without being added here fails to
 * compile instead of being left out of the comparison (and never updated).
 */
const PLAN_COLUMN_SET: Record<keyof PlanRow, true> = {
  pk: true, status: true, plan_type: true, order_id: true, order_number: true, order_status: true, channel_id: true,
  customer_id: true, store_remote_id: true, staff_remote_id: true, invoice_number: true, refund_amount: true,
  currency: true, item_count: true, first_product_name: true, created_by_id: true, modified_by_id: true,
  related_plan: true, invoice_date: true, created_date: true, modified_date: true,
}
const PLAN_COLUMNS = Object.keys(PLAN_COLUMN_SET) as Array<keyof PlanRow>

const ITEM_COLUMN_SET: Record<keyof ItemRow, true> = {
  position: true, item_pk: true, order_item_id: true, product_name: true, sku: true, base_code: true, status: true,
  reason_subject: true, price: true,
}
const ITEM_COLUMNS = Object.keys(ITEM_COLUMN_SET) as Array<keyof ItemRow>

type StoredRow = PlanRow & { raw_hash: string }

/** Stored items equal to the new ones, column by column (as read back from SQLite). */
function sameItems(stored: readonly ItemRow[], items: readonly ItemRow[]): boolean {
  return stored.length === items.length && stored.every((s, i) => ITEM_COLUMNS.every((c) => s[c] === items[i][c]))
}

/** A plan of a page a walk read, with the time that page was asked for (ApplyOptions.readAt). */
export interface PagePlan {
  plan: PlanInput
  readAt?: string
}

/**
 * The plans of several pages in ascending plan number, whatever order the pages came in: FTS5
 * writes out the index entries it holds whenever a row's number is lower than the last one's, so
 * rows written in the server's order (newest, highest number, first) made one small index segment
 * per plan, which later merges had to read and write again (20,000 plans: 1.0 s of index work
 * instead of 0.2 s). Two copies of one plan keep their order (the later page's is written last).
 */
export function orderPagePlans(pages: ReadonlyArray<{ plans: readonly PlanInput[]; readAt?: string }>): PagePlan[] {
  const ordered: PagePlan[] = []
  for (const page of pages) for (const plan of page.plans) ordered.push({ plan, readAt: page.readAt })
  // Array.prototype.sort is stable: equal numbers keep the pages' order.
  return ordered.sort((a, b) => a.plan.pk - b.plan.pk)
}

export class PlanWriter {
  private readonly fts: FtsIndex
  private readonly selHash: Statement<[number], StoredRow>
  private readonly selStoredHash: Statement<[number], string | undefined>
  private readonly selItems: Statement<[number], ItemRow>
  /** UPDATE statements by the list of columns they set (a changed plan sets only what changed). */
  private readonly updates = new Map<string, Statement>()
  private readonly markSeen: Statement<[number, number]>
  private readonly upsert: Statement
  private readonly delItems: Statement<[number]>
  private readonly insItem: Statement
  private readonly delPlan: Statement<[number]>
  private readonly putJson: Statement<[number, Buffer]>
  private readonly delJson: Statement<[number]>
  private readonly hasOverlay: Statement<[number], { n: number }>
  private readonly ftsInsert: Statement<[number, string]>
  private readonly insEvent: Statement
  private readonly delEvents: Statement<[number]>
  private readonly appliedSince: Statement<[string], number>
  private readonly knowledge: ServerKnowledge

  constructor(private readonly db: Database) {
    this.fts = new FtsIndex(db)
    this.knowledge = new ServerKnowledge(db)
    this.selHash = db.prepare(`SELECT ${PLAN_COLUMNS.join(', ')}, raw_hash FROM plans WHERE pk = ?`)
    this.selStoredHash = db.prepare('SELECT raw_hash FROM plans WHERE pk = ?').pluck() as Statement<[number], string | undefined>
    this.selItems = db.prepare(`SELECT ${ITEM_COLUMNS.join(', ')} FROM plan_items WHERE plan_pk = ? ORDER BY position`)
    this.markSeen = db.prepare('UPDATE plans SET seen_run = ? WHERE pk = ?')
    this.upsert = db.prepare(`
      INSERT INTO plans (pk, status, plan_type, order_id, order_number, order_status, channel_id, customer_id,
        store_remote_id, staff_remote_id, invoice_number, refund_amount, currency, item_count, first_product_name,
        created_by_id, modified_by_id, related_plan, invoice_date, created_date, modified_date, raw_hash, synced_at, seen_run)
      VALUES (@pk, @status, @plan_type, @order_id, @order_number, @order_status, @channel_id, @customer_id,
        @store_remote_id, @staff_remote_id, @invoice_number, @refund_amount, @currency, @item_count, @first_product_name,
        @created_by_id, @modified_by_id, @related_plan, @invoice_date, @created_date, @modified_date, @raw_hash, @synced_at, @seen_run)
      ON CONFLICT (pk) DO UPDATE SET
        status = excluded.status, plan_type = excluded.plan_type, order_id = excluded.order_id,
        order_number = excluded.order_number, order_status = excluded.order_status, channel_id = excluded.channel_id,
        customer_id = excluded.customer_id, store_remote_id = excluded.store_remote_id,
        staff_remote_id = excluded.staff_remote_id, invoice_number = excluded.invoice_number,
        refund_amount = excluded.refund_amount, currency = excluded.currency, item_count = excluded.item_count,
        first_product_name = excluded.first_product_name, created_by_id = excluded.created_by_id,
        modified_by_id = excluded.modified_by_id, related_plan = excluded.related_plan, invoice_date = excluded.invoice_date,
        created_date = excluded.created_date, modified_date = excluded.modified_date, raw_hash = excluded.raw_hash, synced_at = excluded.synced_at, seen_run = excluded.seen_run`)
    this.delItems = db.prepare('DELETE FROM plan_items WHERE plan_pk = ?')
    this.insItem = db.prepare(`
      INSERT INTO plan_items (plan_pk, position, item_pk, order_item_id, product_name, sku, base_code, status, reason_subject, price)
      VALUES (@plan_pk, @position, @item_pk, @order_item_id, @product_name, @sku, @base_code, @status, @reason_subject, @price)`)
    this.delPlan = db.prepare('DELETE FROM plans WHERE pk = ?')
    this.delJson = db.prepare('DELETE FROM plan_json WHERE pk = ?')
    this.putJson = db.prepare('INSERT INTO plan_json (pk, raw_json) VALUES (?, ?) ON CONFLICT (pk) DO UPDATE SET raw_json = excluded.raw_json')
    this.ftsInsert = db.prepare('INSERT INTO plans_fts (rowid, body) VALUES (?, ?)')
    this.hasOverlay = db.prepare(`SELECT count(*) AS n FROM outbox WHERE plan_pk = ? AND state IN ${OPEN_STATES_SQL}`)
    this.insEvent = db.prepare(`
      INSERT INTO plan_status_events (plan_pk, from_status, to_status, modified_date, changed_by, seen_at)
      VALUES (@plan_pk, @from_status, @to_status, @modified_date, @changed_by, @seen_at)`)
    this.delEvents = db.prepare('DELETE FROM plan_status_events WHERE plan_pk = ?')
    // Through idx_outbox_finished: the entries finished after a page was asked for are a few at most.
    this.appliedSince = db.prepare("SELECT DISTINCT plan_pk FROM outbox WHERE finished_at > ? AND state = 'applied'").pluck() as Statement<[string], number>
  }

  /**
   * Upserts plans in one transaction (nested inside the caller's, if any). An unchanged plan is
   * marked seen by the run unless `markUnchanged` is false: only a full walk reads the marks
   * (what it did not see is gone), and the mark is a write of the plan's row, so an incremental
   * walk, whose overlap window brings back plans it already has, leaves them untouched.
   * With `readAt`, a plan an edit applied to since then keeps its cached copy (ApplyOptions)
   * and counts as unchanged.
   */
  apply(plans: readonly PlanInput[], runId: number, opts: ApplyOptions & { now?: string } = {}): ApplyCounts {
    return this.applyPages([{ plans, readAt: opts.readAt }], runId, opts)
  }

  /** Several pages in one transaction (see orderPagePlans and applyOrdered). */
  applyPages(pages: ReadonlyArray<{ plans: readonly PlanInput[]; readAt?: string }>, runId: number, opts: Pick<ApplyOptions, 'markUnchanged'> & { now?: string } = {}): ApplyCounts {
    return this.applyOrdered(orderPagePlans(pages), runId, opts)
  }

  /**
   * Plans of one or more pages, in the order orderPagePlans gives them, in one transaction (a
   * walk writes a batch of pages as a few of these, see the sync's write pace).
   */
  applyOrdered(plans: readonly PagePlan[], runId: number, opts: Pick<ApplyOptions, 'markUnchanged'> & { now?: string } = {}): ApplyCounts {
    const now = opts.now ?? new Date().toISOString()
    const markUnchanged = opts.markUnchanged ?? true
    const counts: ApplyCounts = { added: 0, updated: 0, unchanged: 0 }
    this.db.transaction(() => {
      // Read inside the write transaction: an edit settled by another process either committed
      // before it (and is seen here) or after it (and then marks the plan's row itself).
      const newer = new Map<string, Set<number>>()
      const editedSince = (readAt: string | undefined, pk: number): boolean => {
        if (readAt === undefined) return false
        let pks = newer.get(readAt)
        if (!pks) newer.set(readAt, (pks = new Set(this.appliedSince.all(readAt))))
        return pks.has(pk)
      }
      for (const { plan, readAt } of plans) {
        const edited = editedSince(readAt, plan.pk)
        const json = plan.prepared ? null : jsonOf(plan)
        const hash = plan.prepared?.hash ?? hashJson(json!)
        const existing = this.selHash.get(plan.pk)
        if (existing && (existing.raw_hash === hash || edited)) {
          if (markUnchanged) this.markSeen.run(runId, plan.pk)
          counts.unchanged++
          continue
        }
        const ready: PreparedPlan = plan.prepared ?? preparePlan(plan, json!)
        const { row, items } = ready
        if (existing) this.update(existing, row, hash, now, runId)
        else this.upsert.run({ ...row, raw_hash: hash, synced_at: now, seen_run: runId })
        if (existing && existing.status !== plan.status) {
          this.insEvent.run({
            plan_pk: plan.pk,
            from_status: existing.status,
            to_status: plan.status,
            modified_date: plan.modifiedDate,
            changed_by: ready.changedBy,
            seen_at: now,
          })
        }
        this.putJson.run(plan.pk, ready.record)
        this.knowledge.notePaymentTypes(ready.paymentTypes, now)
        // A plan new to the cache has no item or index rows to replace (a first sync is all new
        // plans); a changed plan's items are rewritten only when they differ (most edits, a
        // status or an invoice number, leave them as they were).
        if (!existing || !sameItems(this.selItems.all(plan.pk), items)) {
          if (existing) this.delItems.run(plan.pk)
          for (const item of items) this.insItem.run({ plan_pk: plan.pk, ...item })
        }
        if (existing) this.fts.put(plan.pk, ready.text)
        else this.ftsInsert.run(plan.pk, ready.text)
        if (existing) counts.updated++
        else counts.added++
      }
    }).immediate()
    return counts
  }

  /**
   * Rewrites a cached plan's row, setting only the columns whose value changed (and the
   * bookkeeping ones). SQLite rewrites an index entry for every indexed column an UPDATE sets,
   * equal or not, so setting them all dirtied a dozen index pages per changed plan: at 100,000
   * plans a page of 100 edited plans wrote about 1,500 pages to the WAL, and its commit (with
   * the checkpoint it set off) took longer than the page's whole apply.
   */
  private update(existing: StoredRow, row: PlanRow, hash: string, now: string, runId: number): void {
    const values: Record<string, unknown> = { pk: row.pk, raw_hash: hash, synced_at: now, seen_run: runId }
    const changed: string[] = []
    for (const col of PLAN_COLUMNS) {
      if (col === 'pk' || row[col] === existing[col]) continue
      changed.push(col)
      values[col] = row[col]
    }
    changed.push('raw_hash', 'synced_at', 'seen_run')
    const key = changed.join(',')
    let st = this.updates.get(key)
    if (!st) {
      st = this.db.prepare(`UPDATE plans SET ${changed.map((c) => `${c} = @${c}`).join(', ')} WHERE pk = @pk`)
      this.updates.set(key, st)
    }
    st.run(values)
  }

  /**
   * Removes plans the server no longer lists. A plan with pending local edits is kept (and
   * reported) so the outbox can tell the person "plan no longer exists" instead of losing it.
   */
  remove(pks: readonly number[]): { removed: number[]; keptPending: number[] } {
    const removed: number[] = []
    const keptPending: number[] = []
    this.db.transaction(() => {
      for (const pk of pks) {
        if (this.hasOverlay.get(pk)!.n > 0) {
          keptPending.push(pk)
          continue
        }
        if (this.delPlan.run(pk).changes > 0) {
          this.delItems.run(pk)
          this.delJson.run(pk) // also cascaded; explicit so it does not hinge on foreign_keys
          this.delEvents.run(pk)
          this.fts.remove(pk)
          removed.push(pk)
        }
      }
    }).immediate()
    return { removed, keptPending }
  }

  /** Marks plans as seen by a run without rewriting them. */
  touch(pks: readonly number[], runId: number): void {
    this.db.transaction(() => {
      for (const pk of pks) this.markSeen.run(runId, pk)
    }).immediate()
  }
}
