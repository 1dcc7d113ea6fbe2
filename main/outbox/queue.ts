/**
 * Making an offline edit: checked against the cache (the plan is cached, the status is a
 * known one and not the one the plan already shows nor one the server refused from it before
 * unless forced; the items belong to the plan and the transaction type is one the server's
 * payment plans use), then written as an outbox entry with the plan's server state it was made
 * against, in one transaction that is durable when this returns. A bulk decision is one such
 * transaction for all its plans. Nothing here needs the network.
 */
import type { Statement } from 'better-sqlite3'
import type { WritableDB } from '../store/connection'
import { randomUUID } from 'node:crypto'
import type {
  BulkResult,
  BulkScope,
  BulkSetStatusArgs,
  BulkStatusArgs,
  CreatePaymentPlanArgs,
  LearnedRefusal,
  PlanServerState,
  SetStatusArgs,
} from '../../preload/contract'
import { AppError, errorShape } from '../domain/errors'
import type { PlanStore } from '../store'
import { readRecord } from '../store/record'
import type { OutboxRepo, OutboxRow } from './repo'
import { shownStatusSql } from './local-view'

interface PlanBase {
  status: string
  modified_date: string
  raw_json: string | Buffer
  display_status: string
  /** One of this person's edits applied after the cached copy was written: its modified_date is older than the server's. */
  stale: number
}

/**
 * The plan's row, its record and the status it shows (the `plan_local` view's rule, main/outbox/local-view.ts),
 * read through `idx_outbox_plan` for this plan alone: joining the view made SQLite materialize
 * it for every plan with open edits on each call, so an edit cost more the longer the queue was
 * (1.8 ms of 3.5 at 1,000 queued).
 */
const BASE_SQL = `SELECT p.status, p.modified_date, j.raw_json,
        COALESCE(${shownStatusSql('p.pk')}, p.status) AS display_status,
        EXISTS (SELECT 1 FROM outbox o WHERE o.plan_pk = p.pk AND o.state = 'applied' AND o.finished_at > p.synced_at) AS stale
   FROM plans p JOIN plan_json j ON j.pk = p.pk
  WHERE p.pk = ?`

/** Statements prepared once per connection (an edit is made on every click; preparing cost about 0.3 ms of it). */
const prepared = new WeakMap<WritableDB, Map<string, Statement>>()
function statement(db: WritableDB, sql: string): Statement {
  let m = prepared.get(db)
  if (!m) prepared.set(db, (m = new Map()))
  let st = m.get(sql)
  if (!st) m.set(sql, (st = db.prepare(sql)))
  return st
}

function baseOf(store: PlanStore, pk: number): PlanBase {
  const row = statement(store.db, BASE_SQL).get(pk) as PlanBase | undefined
  if (!row) throw new AppError('not_found', `Plan ${pk} is not in the local cache; sync first.`)
  return row
}

function paymentPlanOf(stored: string | Buffer): unknown {
  return readRecord(stored)?.payment_plan ?? null
}

/**
 * The server state an edit is made against. When one of this person's edits applied after the
 * cached copy was written, the row shows the new status at once but still carries the older
 * modified_date (until the plan is read again): the time is then unknown (''), and the replay
 * compares the status alone, as for an edit re-based on its applied predecessor. Otherwise
 * the person's own earlier edit would look like a colleague's change: a false conflict.
 */
function serverBase(plan: PlanBase): PlanServerState {
  return { status: plan.status, modifiedDate: plan.stale ? '' : plan.modified_date, paymentPlan: paymentPlanOf(plan.raw_json) }
}

/** The plan's order item ids (what a payment plan may name). */
function orderItemIds(store: PlanStore, pk: number): Set<number> {
  const rows = statement(store.db, 'SELECT order_item_id AS id FROM plan_items WHERE plan_pk = ? AND order_item_id IS NOT NULL').all(pk) as Array<{ id: number }>
  return new Set(rows.map((r) => r.id))
}

/** A learned refusal in words (the CLI and the renderer know this sentence). */
export function refusalWords(r: LearnedRefusal): string {
  return `The server refused a change from "${r.from}" to "${r.to}" on ${r.learnedAt.slice(0, 10)}: ${r.message}`
}

export function queueStatusChange(store: PlanStore, outbox: OutboxRepo, args: SetStatusArgs, author: string, batch: string | null = null): OutboxRow {
  return outbox.tx(() => {
    const plan = baseOf(store, args.pk)
    const known = new Set(store.statuses().map((s) => s.key))
    if (!known.has(args.status)) {
      throw new AppError('validation', `"${args.status}" is not a plan status this server knows.`, { status: ['Unknown status.'] })
    }
    if (plan.display_status === args.status) {
      throw new AppError('validation', `Plan ${args.pk} already shows status "${args.status}".`, { status: ['The plan already has this status.'] })
    }
    // The change goes out from the status the plan shows (a waiting change of its own lands first).
    const refused = store.knowledge.refusal(plan.display_status, args.status)
    if (refused && !args.force) {
      throw new AppError('validation', refusalWords(refused), { status: [refusalWords(refused)] })
    }
    return outbox.add({
      planPk: args.pk,
      kind: 'status',
      payload: { status: args.status },
      targetStatus: args.status,
      base: serverBase(plan),
      author,
      batch,
    })
  })
}

export function queuePaymentPlan(store: PlanStore, outbox: OutboxRepo, args: CreatePaymentPlanArgs, author: string): OutboxRow {
  return outbox.tx(() => {
    const plan = baseOf(store, args.pk)
    const items = orderItemIds(store, args.pk)
    const types = store.knowledge.transactionTypes()
    for (const line of args.lines) {
      const foreign = line.orderItems.filter((i) => !items.has(i))
      if (foreign.length > 0) {
        throw new AppError('validation', `Item ${foreign.join(', ')} does not belong to plan ${args.pk}.`, {
          order_items: [`Not an item of plan ${args.pk}: ${foreign.join(', ')}.`],
        })
      }
      const type = line.transactionType.trim()
      if (!types.includes(type)) {
        const message = `"${type}" is not a transaction type of this server's payment plans; choose one of: ${types.join(', ')}.`
        throw new AppError('validation', message, { transaction_type: [message] })
      }
    }
    if (args.replaces !== undefined) replaceRefused(outbox, args.pk, args.replaces, author)
    const paymentPlan = args.lines.map((l) => ({ transaction_type: l.transactionType.trim(), order_items: [...new Set(l.orderItems)] }))
    return outbox.add({
      planPk: args.pk,
      kind: 'payment_plan',
      payload: { payment_plan: paymentPlan },
      targetStatus: null,
      base: serverBase(plan),
      author,
    })
  })
}

/** A refused payment plan the new one corrects: discarded in the same transaction, so it no longer holds the plan's queue. */
function replaceRefused(outbox: OutboxRepo, pk: number, id: number, author: string): void {
  const old = outbox.get(id)
  if (!old || old.plan_pk !== pk || old.kind !== 'payment_plan' || old.state !== 'failed') {
    throw new AppError('validation', `Change ${id} is not a refused payment plan of plan ${pk}.`)
  }
  outbox.settle(id, { state: 'discarded', result: `Replaced by a corrected payment plan (${author}).`, nextAttemptAt: null }, undefined, ['failed'])
}

// --- bulk decisions ---------------------------------------------------------------------------------

const CHUNK = 500

/** The status each of these plans shows (the one rule's SQL); plans not in the cache are left out. */
function shownStatuses(store: PlanStore, pks: readonly number[]): Map<number, string> {
  const out = new Map<number, string>()
  for (let i = 0; i < pks.length; i += CHUNK) {
    const chunk = pks.slice(i, i + CHUNK)
    const rows = store.db
      .prepare(`SELECT p.pk AS pk, COALESCE(${shownStatusSql('p.pk')}, p.status) AS status FROM plans p WHERE p.pk IN (${chunk.map(() => '?').join(', ')})`)
      .all(...chunk) as Array<{ pk: number; status: string }>
    for (const r of rows) out.set(r.pk, r.status)
  }
  return out
}

/** What a bulk decision would do, from the cache: see the contract's BulkScope. */
export function bulkScope(store: PlanStore, args: BulkStatusArgs): BulkScope {
  const pks = [...new Set(args.pks)]
  const shown = shownStatuses(store, pks)
  const refusals = new Map(store.knowledge.refusals().filter((r) => r.to === args.status).map((r) => [r.from, r]))
  const counts = new Map<string, number>()
  const refused = new Map<string, number[]>()
  const scope: BulkScope = { status: args.status, total: pks.length, byStatus: [], already: [], refused: [], change: [], missing: [] }
  for (const pk of pks) {
    const status = shown.get(pk)
    if (status === undefined) {
      scope.missing.push(pk)
      continue
    }
    counts.set(status, (counts.get(status) ?? 0) + 1)
    if (status === args.status) scope.already.push(pk)
    else if (refusals.has(status)) refused.set(status, [...(refused.get(status) ?? []), pk])
    else scope.change.push(pk)
  }
  scope.byStatus = [...counts].map(([status, count]) => ({ status, count })).sort((a, b) => b.count - a.count || a.status.localeCompare(b.status))
  scope.refused = [...refused].map(([from, list]) => ({ refusal: refusals.get(from)!, pks: list }))
  return scope
}

/**
 * A bulk decision: one entry per plan that changes, all of one new batch, in ONE transaction
 * (durable at once, one write for thousands of plans). Plans already in the target status are
 * left out and counted; so are those whose status the server refused this change from before,
 * unless `force`; a plan that cannot change (no longer cached) is reported with why.
 */
export function queueBulk(store: PlanStore, outbox: OutboxRepo, args: BulkSetStatusArgs, author: string): BulkResult {
  return outbox.tx(() => {
    const scope = bulkScope(store, args)
    const pks = [...scope.change, ...(args.force ? scope.refused.flatMap((r) => r.pks) : [])]
    const batch = pks.length > 0 ? randomUUID() : null
    const result: BulkResult = {
      batch,
      queued: 0,
      already: scope.already.length,
      refusedLeftOut: args.force ? 0 : scope.refused.reduce((n, r) => n + r.pks.length, 0),
      failed: scope.missing.map((pk) => ({ pk, error: errorShape(new AppError('not_found', `Plan ${pk} is not in the local cache; sync first.`)) })),
    }
    for (const pk of pks) {
      try {
        queueStatusChange(store, outbox, { pk, status: args.status, force: true }, author, batch)
        result.queued++
      } catch (e) {
        result.failed.push({ pk, error: errorShape(e) })
      }
    }
    return result
  })
}
