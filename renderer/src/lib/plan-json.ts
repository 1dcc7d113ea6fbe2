/**
 * Reading the parts of a plan's server JSON the renderer shows. The server's JSON is kept as
 * it came (nothing it sends is lost), so every field is read defensively.
 */
import type { PlanDetail } from '../../../preload/contract'

export interface PlanItem {
  /** The plan item's own pk. */
  pk: number
  /** The order item's pk: what a payment plan names (null when the server sent none). */
  orderItemPk: number | null
  name: string
  sku: string
  price: number | null
  currency: string | null
  reason: string
  status: string
}

type Loose = Record<string, unknown> | undefined
export const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)
export const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')
export const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

export function planItems(detail: PlanDetail | null): PlanItem[] {
  const list = detail?.server.cancellationplanorderitem_set
  if (!Array.isArray(list)) return []
  return list.map((raw) => {
    const it = obj(raw) ?? {}
    const orderItem = obj(it.order_item)
    const product = obj(orderItem?.product)
    const reason = obj(it.reason)
    return {
      pk: Number(it.pk),
      orderItemPk: num(orderItem?.pk),
      name: str(product?.name),
      sku: str(product?.sku),
      price: num(orderItem?.price),
      // The plan's (order's) currency first: price_currency uses Omnitron's own aliases.
      currency: detail?.summary.currency || str(orderItem?.price_currency) || null,
      reason: str(reason?.subject),
      status: str(it.status),
    }
  })
}

export interface PaymentPlanView {
  transactionType: string
  orderItems: number[]
  refundAmount: number | null
}

/** The plan's payment_plan as the server shows it ({payment_plan: [...]} or a bare list), or null. */
export function paymentPlanLines(value: unknown): PaymentPlanView[] | null {
  const lines = obj(value)?.payment_plan ?? value
  if (!Array.isArray(lines)) return null
  return lines.map((raw) => {
    const l = obj(raw) ?? {}
    return {
      transactionType: str(l.transaction_type ?? l.transactionType),
      orderItems: Array.isArray(l.order_items ?? l.orderItems) ? ((l.order_items ?? l.orderItems) as unknown[]).map(Number) : [],
      refundAmount: num(l.refund_amount ?? l.refundAmount),
    }
  })
}
