/**
 * Reading the parts of a plan's server JSON the renderer shows. The server's JSON is kept as
 * it came (nothing it sends is lost), so every field is read defensively.
 */
import type { PlanDetail } from '../../../preload/contract'
import { userName } from '../../../preload/domain'

export interface PlanItem {
  /** The plan item's own pk. */
  pk: number
  /** The order item's pk: what a payment plan names (null when the server sent none). */
  orderItemPk: number | null
  name: string
  sku: string
  price: number | null
  currency: string | null
  /** The order item's tax rate in percent (10 means 10 %); the product's when the item has none. */
  taxRate: number | null
  /** The cancellation reason, in the person's language when the server sent a translation. */
  reason: string
  /** The item's status now, and before the plan (OrderStatus values: approved, shipped, ...). */
  status: string
  previousStatus: string
}

type Loose = Record<string, unknown> | undefined
export const obj = (v: unknown): Loose => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)
export const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')
export const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

/** Text, or null when the server sent nothing usable (so the screen shows a dash, never "undefined"). */
export const text = (v: unknown): string | null => {
  const s = str(v).trim()
  return s === '' ? null : s
}

/** `lang`: the person's language, for the reasons' translations (reason.translations.<lang>.subject). */
export function planItems(detail: PlanDetail | null, lang?: string): PlanItem[] {
  const list = detail?.server.cancellationplanorderitem_set
  if (!Array.isArray(list)) return []
  return list.map((raw) => {
    const it = obj(raw) ?? {}
    const orderItem = obj(it.order_item)
    const product = obj(orderItem?.product)
    const reason = obj(it.reason)
    const translated = lang ? str(obj(obj(reason?.translations)?.[lang])?.subject) : ''
    return {
      pk: Number(it.pk),
      orderItemPk: num(orderItem?.pk),
      name: str(product?.name),
      sku: str(product?.sku),
      price: num(orderItem?.price),
      // The plan's (order's) currency first: price_currency uses Omnitron's own aliases.
      currency: detail?.summary.currency || str(orderItem?.price_currency) || null,
      taxRate: num(orderItem?.tax_rate) ?? num(product?.tax_rate),
      reason: translated || str(reason?.subject),
      status: str(it.status),
      previousStatus: str(it.order_item_previous_status),
    }
  })
}

/** What a reviewer reads of the plan's order; null where the server sent nothing. */
export interface OrderSummary {
  number: string | null
  /** The sales channel's name (order.extra_field.channel_name), when the server sends one. */
  channelName: string | null
  /** The customer as the order names them: a name when the server sends an object, else their id. */
  customer: string | null
  datePlaced: string | null
  amount: number | null
  shippingAmount: number | null
  discountAmount: number | null
  /** The payment option's slug (kredi-karti, ...), else its id. */
  paymentOption: string | null
  installments: number | null
  /** The shipping company (yurtici, mng, ...), else the cargo company's id. */
  cargoCompany: string | null
  /** Omnitron's delivery type (standard, next_day, same_day, in_store). */
  deliveryType: string | null
  trackingNumber: string | null
  invoiceNumber: string | null
}

export function orderSummary(detail: PlanDetail | null): OrderSummary {
  const server = detail?.server ?? {}
  const order = obj(server.order) ?? {}
  const customer = obj(order.customer)
  return {
    number: text(order.number),
    channelName: text(obj(order.extra_field)?.channel_name),
    customer: customer ? (userName(customer) ?? text(customer.email) ?? text(customer.pk)) : text(order.customer),
    datePlaced: text(order.date_placed),
    amount: num(order.amount),
    shippingAmount: num(order.shipping_amount),
    discountAmount: num(order.discount_amount),
    paymentOption: text(order.payment_option_slug) ?? text(order.payment_option),
    installments: num(order.installment_count) ?? num(order.installment),
    cargoCompany: text(order.shipping_company) ?? text(order.cargo_company),
    deliveryType: text(order.delivery_type),
    trackingNumber: text(order.tracking_number),
    invoiceNumber: text(server.invoice_number) ?? text(order.invoice_number),
  }
}

/** What the plan gives back: refund, shipping refund and discount refund. */
export function refundAmounts(detail: PlanDetail | null): { refund: number | null; shippingRefund: number | null; discountRefund: number | null } {
  const server = detail?.server ?? {}
  return {
    refund: num(server.refund_amount),
    shippingRefund: num(server.shipping_refund_amount),
    discountRefund: num(server.discount_refund_amount),
  }
}

/** Who created the plan and who last updated it, as the server names them. */
export function planPeople(detail: PlanDetail | null): { createdBy: string | null; lastUpdatedBy: string | null } {
  const server = detail?.server ?? {}
  return { createdBy: userName(server.created_by), lastUpdatedBy: userName(server.last_updated_by) }
}

// A plan's payment plan lines are read by the one reader main uses too (main/domain/payment-plan.ts).
export { paymentPlanLines, type PaymentPlanView } from '../../../preload/domain'
