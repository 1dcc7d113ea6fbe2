/**
 * Payment plans as Omnitron defines them. The request body (CancellationPlanCreatePaymentPlan)
 * holds only `payment_plan[].transaction_type` and `payment_plan[].order_items`: the server works
 * the amounts out from the items, so PlanDesk shows the total of the ticked items and sends no
 * amount. A plan's `payment_plan` (an object) is read back as `{payment_plan: [...]}` (or a bare
 * list), its lines with the amounts the server worked out.
 *
 * Plain TypeScript: the renderer bundles it.
 */

/** The transaction type Omnitron documents; offered first. */
export const DOCUMENTED_TRANSACTION_TYPE = 'refund'

/** A line of a payment plan as the server shows it. */
export interface PaymentPlanView {
  transactionType: string
  orderItems: number[]
  /** What the server worked out for the line (null when it shows none). */
  refundAmount: number | null
}

type Loose = Record<string, unknown> | undefined
const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)
const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

/** A plan's payment_plan as the server shows it ({payment_plan: [...]} or a bare list), or null. */
export function paymentPlanLines(value: unknown): PaymentPlanView[] | null {
  const lines = obj(value)?.payment_plan ?? value
  if (!Array.isArray(lines)) return null
  return lines.map((raw) => {
    const l = obj(raw) ?? {}
    const items = l.order_items ?? l.orderItems
    const type = l.transaction_type ?? l.transactionType
    return {
      transactionType: typeof type === 'string' || typeof type === 'number' ? String(type).trim() : '',
      orderItems: Array.isArray(items) ? items.map(Number).filter(Number.isSafeInteger) : [],
      refundAmount: num(l.refund_amount ?? l.refundAmount),
    }
  })
}

/** The order items a plan's payment plan already names. */
export function itemsInPaymentPlan(value: unknown): Set<number> {
  return new Set((paymentPlanLines(value) ?? []).flatMap((l) => l.orderItems))
}

/** The transaction types a person may choose: the documented one first, then those seen in the server's payment plans, in alphabetical order. */
export function transactionTypeChoices(seen: Iterable<string>): string[] {
  const others = [...new Set([...seen].map((t) => t.trim()).filter((t) => t !== '' && t !== DOCUMENTED_TRANSACTION_TYPE))].sort()
  return [DOCUMENTED_TRANSACTION_TYPE, ...others]
}

/**
 * The refund the ticked items come to: the sum of their prices, to the cent (amounts are the
 * plan's currency). `unpriced` counts the ticked items whose price the server did not send.
 */
export function refundTotal(items: ReadonlyArray<{ orderItemPk: number | null; price: number | null }>, ticked: Iterable<number>): { total: number; unpriced: number } {
  const chosen = new Set(ticked)
  let cents = 0
  let unpriced = 0
  for (const item of items) {
    if (item.orderItemPk === null || !chosen.has(item.orderItemPk)) continue
    if (item.price === null) unpriced++
    else cents += Math.round(item.price * 100)
  }
  return { total: cents / 100, unpriced }
}
