/**
 * POST cancellation_plans/{id}/update_status/ and .../create_payment_plan/. Like a DRF action,
 * the plan is looked up first (unknown id → 404 even with a bad body), then the body is parsed
 * and validated (400), then the change is checked and applied in one transaction.
 */
import { PLAN_STATUSES, type PlanStatus } from '../../domain'
import type { JsonObject } from '../data/shapes'
import { fieldError, nonFieldError, notFound, readJsonObject } from '../http'
import { canTransition, FINAL_STATUSES, transitionError } from '../transitions'
import type { Actor } from '../state'
import { jsonReply, type Reply, type RouteContext } from './context'
import { parseId } from './detail'

function planIdOr404(ctx: RouteContext, rawId: string): number {
  const id = parseId(rawId)
  if (id === null || ctx.state.table.readJson(id) === null) throw notFound()
  return id
}

export async function updateStatus(ctx: RouteContext, rawId: string, actor: Actor): Promise<Reply> {
  const id = planIdOr404(ctx, rawId)
  const body = await readJsonObject(ctx.req)
  const status = body.status
  if (status === undefined || status === null) throw fieldError('status', 'This field is required.', 'required')
  if (typeof status !== 'string' || !PLAN_STATUSES.includes(status as PlanStatus)) {
    throw fieldError('status', `"${typeof status === 'string' ? status : JSON.stringify(status)}" is not a valid choice.`, 'invalid_choice')
  }
  const target = status as PlanStatus
  // Read, check and write inside one transaction so two concurrent requests cannot both pass the check.
  const result = ctx.state.table.db.transaction(() => {
    const plan = ctx.state.table.read(id)
    if (!plan) return 'gone' as const
    if (!canTransition(plan.status, target)) return { refused: transitionError(plan.status, target) }
    ctx.state.updateStatus(id, target, actor)
    return 'ok' as const
  })()
  if (result === 'gone') throw notFound()
  if (typeof result === 'object') throw nonFieldError(result.refused, 'invalid_transition')
  return { ...jsonReply(200, { message: `Cancellation plan status updated to "${target}".` }), mutation: true }
}

/** Validates a payment plan body; order items must belong to the plan. */
function validatePaymentPlan(body: JsonObject, allowed: Set<number>): JsonObject {
  const entries = body.payment_plan
  if (entries === undefined || entries === null) throw fieldError('payment_plan', 'This field is required.', 'required')
  if (!Array.isArray(entries)) throw fieldError('payment_plan', 'Expected a list of items but got type "' + typeof entries + '".', 'not_a_list')
  if (entries.length === 0) throw fieldError('payment_plan', 'This list may not be empty.', 'empty')
  const clean: JsonObject[] = []
  for (const entry of entries as unknown[]) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw fieldError('payment_plan', 'Invalid data. Expected a dictionary.', 'invalid')
    }
    const e = entry as JsonObject
    if (e.transaction_type === undefined || e.transaction_type === null) throw fieldError('transaction_type', 'This field is required.', 'required')
    if (typeof e.transaction_type !== 'string' || e.transaction_type.trim() === '') {
      throw fieldError('transaction_type', 'This field may not be blank.', 'blank')
    }
    const items = e.order_items
    if (items === undefined || items === null) throw fieldError('order_items', 'This field is required.', 'required')
    if (!Array.isArray(items) || items.length === 0) throw fieldError('order_items', 'This list may not be empty.', 'empty')
    for (const item of items as unknown[]) {
      if (typeof item !== 'number' || !Number.isInteger(item)) throw fieldError('order_items', 'A valid integer is required.', 'invalid')
      if (!allowed.has(item)) {
        throw fieldError('order_items', `Order item ${item} does not belong to this cancellation plan.`, 'does_not_exist')
      }
    }
    const out: JsonObject = { transaction_type: e.transaction_type, order_items: items }
    // The sales-channel variant also accepts an optional refund_amount (docs/design.md §4).
    if (e.refund_amount !== undefined) {
      if (typeof e.refund_amount !== 'number' || !(e.refund_amount >= 0)) throw fieldError('refund_amount', 'A valid number is required.', 'invalid')
      out.refund_amount = e.refund_amount
    }
    clean.push(out)
  }
  return { payment_plan: clean }
}

export async function createPaymentPlan(ctx: RouteContext, rawId: string, actor: Actor): Promise<Reply> {
  const id = planIdOr404(ctx, rawId)
  const body = await readJsonObject(ctx.req)
  const result = ctx.state.table.db.transaction(() => {
    const plan = ctx.state.table.read(id)
    if (!plan) return 'gone' as const
    const stored = validatePaymentPlan(body, ctx.state.orderItemPks(plan))
    if (FINAL_STATUSES.includes(plan.status)) {
      throw nonFieldError(`A payment plan cannot be created for a cancellation plan in status "${plan.status}".`, 'invalid_status')
    }
    ctx.state.createPaymentPlan(id, stored, actor)
    return 'ok' as const
  })()
  if (result === 'gone') throw notFound()
  return { ...jsonReply(200, { message: 'Payment plan created successfully.' }), mutation: true }
}
