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
  unknownFields(body, ['status'], 'the status change')
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

/** A field the seed's write body does not define: refused, as a validating proxy in front of Omnitron does. */
function unknownFields(value: JsonObject, known: readonly string[], schema: string): void {
  const extra = Object.keys(value).find((k) => !known.includes(k))
  if (extra !== undefined) throw fieldError(extra, `Unknown field: ${schema} defines only ${known.join(' and ')}.`, 'unknown_field')
}

/**
 * Validates a payment plan body against the seed's CancellationPlanCreatePaymentPlan (no other
 * field, in the body or a line); order items must belong to the plan. Each stored line gets the
 * refund the server works out from its items (the sum of their prices).
 */
function validatePaymentPlan(body: JsonObject, prices: ReadonlyMap<number, number>): JsonObject {
  unknownFields(body, ['payment_plan'], 'CancellationPlanCreatePaymentPlan')
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
    unknownFields(e, ['transaction_type', 'order_items'], 'a payment_plan line')
    if (e.transaction_type === undefined || e.transaction_type === null) throw fieldError('transaction_type', 'This field is required.', 'required')
    if (typeof e.transaction_type !== 'string' || e.transaction_type.trim() === '') {
      throw fieldError('transaction_type', 'This field may not be blank.', 'blank')
    }
    const items = e.order_items
    if (items === undefined || items === null) throw fieldError('order_items', 'This field is required.', 'required')
    if (!Array.isArray(items) || items.length === 0) throw fieldError('order_items', 'This list may not be empty.', 'empty')
    let cents = 0
    for (const item of items as unknown[]) {
      if (typeof item !== 'number' || !Number.isInteger(item)) throw fieldError('order_items', 'A valid integer is required.', 'invalid')
      const price = prices.get(item)
      if (price === undefined) {
        throw fieldError('order_items', `Order item ${item} does not belong to this cancellation plan.`, 'does_not_exist')
      }
      cents += Math.round(price * 100)
    }
    clean.push({ transaction_type: e.transaction_type, order_items: items, refund_amount: cents / 100 })
  }
  return { payment_plan: clean }
}

export async function createPaymentPlan(ctx: RouteContext, rawId: string, actor: Actor): Promise<Reply> {
  const id = planIdOr404(ctx, rawId)
  const body = await readJsonObject(ctx.req)
  const result = ctx.state.table.db.transaction(() => {
    const plan = ctx.state.table.read(id)
    if (!plan) return 'gone' as const
    const stored = validatePaymentPlan(body, ctx.state.orderItemPrices(plan))
    if (FINAL_STATUSES.includes(plan.status)) {
      throw nonFieldError(`A payment plan cannot be created for a cancellation plan in status "${plan.status}".`, 'invalid_status')
    }
    ctx.state.createPaymentPlan(id, stored, actor, body)
    return 'ok' as const
  })()
  if (result === 'gone') throw notFound()
  return { ...jsonReply(200, { message: 'Payment plan created successfully.' }), mutation: true }
}
