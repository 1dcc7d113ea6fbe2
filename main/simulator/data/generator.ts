/**
 * Generates cancellation plans deterministically from a seed: realistic Turkish e-commerce orders
 * across channels, stores and staff, 1–6 items per plan, statuses in proportions that depend on a
 * plan's age (recent plans are mostly still waiting, old ones mostly final), and refunds that
 * follow an earlier cancel of the same order (related_cancellation_plan).
 *
 * Shared objects are referenced with placeholders (see refs.ts); the plan objects are typed as the
 * spec's CancellationPlan with those placeholders cast in place, so the structure is still checked.
 */
import type { components } from '../../../resources/omnitron-api'
import { createRng, deriveSeed, type Rng } from '../prng'
import { toIso, US_PER_DAY } from '../dates'
import type { PlanStatus, PlanType } from '../../domain'
import { CARGO, CHANNELS, STORES, TAGS, type Channel } from './catalog'
import {
  buildReferenceData, DEMO_USER, INTEGRATION_USER_PK, type ProductInfo, type ReferenceData,
} from './reference'
import { ref, type RefKind } from './refs'
import type { Order, OrderItem, Plan, PlanItem } from './shapes'

export type { Plan } from './shapes'

type S = components['schemas']
type OrderStatusName = S['OrderStatus']
type OrderStatusCode = Extract<S['Order']['status'], number>

/** Omnitron's numeric order status codes (docs/design-rules.md §4). */
export const ORDER_STATUS_CODES: Record<OrderStatusName, OrderStatusCode> = {
  cancellation_waiting: 50, cancelled: 100, waiting: 200, payment_waiting: 300,
  confirmation_waiting: 350, approved: 400, preparing: 450, shipped: 500,
  shipped_and_informed: 510, ready_for_pickup: 520, attempted_delivery: 540,
  review_started: 544, review_waiting: 545, waiting_for_payment: 546, paid: 547,
  delivered: 550, refunded: 600,
}

/** A generated plan plus what the database indexes but the API does not show. */
export interface GeneratedPlan {
  plan: Plan
  tags: string[]
}

/** What a later refund needs from the cancel it follows. */
interface OrderContext {
  planPk: number
  order: Order
  compactOrder: Order
  channel: Channel
  items: OrderItem[]
  /** Order items not covered by the cancel, available to a later refund. */
  remaining: OrderItem[]
  storeRemoteId: string
}

const FX: Record<string, number> = { try: 1, eur: 1 / 36.5, usd: 1 / 33.8 }
const PRICE_CURRENCY: Record<string, S['CurrencyEnum']> = { try: 'tr', eur: 'eu', usd: 'usd' }
const PRICE_LIST: Record<string, number> = { try: 1, eur: 2, usd: 3 }

function refAs<T>(kind: RefKind, id: number): T {
  return ref(kind, id) as unknown as T
}

function statusByAge(rng: Rng, ageDays: number): PlanStatus {
  if (ageDays < 2) {
    return rng.weighted<PlanStatus>([
      ['waiting', 55], ['confirmation_waiting', 10], ['waiting_supplier', 5], ['approved', 12],
      ['confirmed', 5], ['waiting_for_payment', 5], ['rejected', 3], ['cancelled', 2], ['completed', 3],
    ])
  }
  if (ageDays < 14) {
    return rng.weighted<PlanStatus>([
      ['waiting', 22], ['confirmation_waiting', 6], ['waiting_supplier', 4], ['approved', 12],
      ['confirmed', 4], ['waiting_for_payment', 8], ['manuel_refund_need', 4], ['completed', 27],
      ['rejected', 6], ['cancelled', 4], ['failed', 3],
    ])
  }
  return rng.weighted<PlanStatus>([
    ['waiting', 6], ['approved', 3], ['waiting_for_payment', 2], ['manuel_refund_need', 3],
    ['completed', 67], ['rejected', 9], ['cancelled', 6], ['failed', 4],
  ])
}

const CANCEL_STATUS: Partial<Record<PlanStatus, S['CancelStatusEnum']>> = {
  waiting: 'waiting', confirmation_waiting: 'confirmation_waiting', confirmed: 'confirmed',
  approved: 'approved', rejected: 'rejected', waiting_for_payment: 'waiting_for_payment',
  manuel_refund_need: 'manuel_refund_need', completed: 'completed',
}

/** The order-item cancel_status that mirrors a plan status (null where the enum has no match). */
export function cancelStatusFor(status: PlanStatus): S['CancelStatusEnum'] | null {
  return CANCEL_STATUS[status] ?? null
}

/** Order status a plan leaves its order in: final plans cancel/refund it, open ones keep it pending. */
export function orderStatusFor(planType: PlanType, status: PlanStatus, previous: OrderStatusName): OrderStatusCode {
  if (status === 'completed') return planType === 'cancel' ? 100 : 600
  if (status === 'rejected' || status === 'cancelled') return ORDER_STATUS_CODES[previous]
  return planType === 'cancel' ? 50 : ORDER_STATUS_CODES[previous]
}

/** A touched plan was last edited 10 minutes to 10 days after it was created. */
const MIN_EDIT_DELAY_S = 600
const MAX_EDIT_DELAY_S = 10 * 86_400

/**
 * The last edit of a plan created at `createdUs`, given a delay drawn uniformly from
 * [MIN_EDIT_DELAY_S, MAX_EDIT_DELAY_S]. A delay that would end after now is not clamped to one
 * instant (that once put ~2% of plans on the same timestamp): the draw, uniform over the delays
 * that do not fit, is mapped onto the time the plan has existed, so the edit falls at a spread-out
 * instant in [created, now]. Pure, so the data stays deterministic for a seed and a clock.
 */
export function modifiedAfter(createdUs: number, nowUs: number, delayS: number): number {
  const windowUs = Math.max(0, nowUs - createdUs)
  if (delayS * 1_000_000 < windowUs) return createdUs + delayS * 1_000_000
  const windowS = Math.max(MIN_EDIT_DELAY_S, Math.ceil(windowUs / 1_000_000))
  const u = (delayS - windowS) / (MAX_EDIT_DELAY_S - windowS + 1)
  return createdUs + Math.floor(Math.min(1, Math.max(0, u)) * windowUs)
}

export class PlanGenerator {
  readonly reference: ReferenceData
  private readonly rng: Rng
  private orderPk = 500_000
  private orderItemPk = 2_000_000
  private planItemPk = 700_000
  private readonly customers: number
  private readonly recentCancels: OrderContext[] = []

  constructor(seed: number, private readonly nowUs: number, planCount: number) {
    this.reference = buildReferenceData(createRng(deriveSeed(seed, 'reference')), nowUs)
    this.rng = createRng(deriveSeed(seed, 'plans'))
    // Roughly one customer per 1.4 plans, so some customers cancel more than once.
    this.customers = Math.max(50, Math.floor(planCount / 1.4))
  }

  /**
   * Moves the id counters past anything plans up to `pk` can have used (at most one order,
   * 8 order items and 6 plan items per plan), so plans added later never reuse an id even when
   * the database was generated by an earlier process.
   */
  advanceTo(pk: number): void {
    this.orderPk = Math.max(this.orderPk, 500_000 + pk)
    this.orderItemPk = Math.max(this.orderItemPk, 2_000_000 + pk * 8)
    this.planItemPk = Math.max(this.planItemPk, 700_000 + pk * 6)
  }

  /** Creation times for n plans spread over the 180 days before now, ascending like their pks. */
  createdTimes(n: number): number[] {
    const span = 180 * US_PER_DAY
    const start = this.nowUs - span
    const times: number[] = []
    for (let i = 0; i < n; i++) {
      const slot = span / n
      times.push(Math.floor(start + i * slot + this.rng.next() * slot * 0.9))
    }
    return times
  }

  generate(pk: number, createdUs: number): GeneratedPlan {
    const rng = this.rng
    const ageDays = (this.nowUs - createdUs) / US_PER_DAY
    const follows = this.recentCancels.length > 0 && rng.chance(0.12)
      ? this.recentCancels.splice(rng.int(0, this.recentCancels.length - 1), 1)[0]
      : null
    const planType: PlanType = follows ? 'refund' : rng.weighted<PlanType>([['cancel', 58], ['refund', 42]])
    const status = statusByAge(rng, ageDays)
    const ctx = follows ?? this.newOrder(planType, createdUs)
    const { channel } = ctx

    let planItems: OrderItem[]
    if (follows) {
      // At most 6 items per plan, like every other plan.
      planItems = (ctx.remaining.length > 0 ? ctx.remaining : ctx.items).slice(0, 6)
    } else {
      const count = Math.min(ctx.items.length, rng.weighted<number>([[1, 40], [2, 25], [3, 15], [4, 10], [5, 6], [6, 4]]))
      planItems = ctx.items.slice(0, count)
      ctx.remaining = ctx.items.slice(count)
    }

    const previousStatus: OrderStatusName = planType === 'cancel'
      ? rng.weighted<OrderStatusName>([['approved', 50], ['preparing', 30], ['waiting', 12], ['payment_waiting', 8]])
      : rng.weighted<OrderStatusName>([['delivered', 85], ['shipped', 10], ['ready_for_pickup', 5]])

    const marketplace = channel.channel_type !== 'web' && channel.channel_type !== 'sales_channel'
    const staffPk = rng.pick(this.reference.staffUserPks)
    const createdBy = marketplace && rng.chance(0.7) ? INTEGRATION_USER_PK : rng.chance(0.08) ? DEMO_USER.pk : staffPk
    const untouched = status === 'waiting' && rng.chance(0.8)
    const modifiedUs = untouched ? createdUs : modifiedAfter(createdUs, this.nowUs, rng.int(MIN_EDIT_DELAY_S, MAX_EDIT_DELAY_S))
    const modifier = untouched ? createdBy : rng.chance(0.1) ? DEMO_USER.pk : rng.pick(this.reference.staffUserPks)
    const reasonPool = this.reference.reasons.filter((r) => r.type === planType)
    const reasonPk = rng.weighted(reasonPool.map((r) => [r.pk, r.weight] as const))
    const created = toIso(createdUs)

    const itemCancel = cancelStatusFor(status)
    const itemStatus: OrderStatusName = status === 'completed' ? (planType === 'cancel' ? 'cancelled' : 'refunded') : previousStatus
    const orderStatus = orderStatusFor(planType, status, previousStatus)
    const order: Order = { ...ctx.order, status: orderStatus, cancel_status: itemCancel, modified_date: toIso(modifiedUs) }
    const compactOrder: Order = { ...ctx.compactOrder, status: orderStatus }

    const set: PlanItem[] = planItems.map((item) => ({
      pk: ++this.planItemPk,
      created_date: created,
      modified_date: toIso(modifiedUs),
      order_item: { ...item, order: compactOrder, status: itemStatus, cancel_status: itemCancel, modified_date: toIso(modifiedUs) },
      order_item_previous_status: previousStatus,
      reason: refAs<S['CancellationReason']>('r', planItems.length > 1 && rng.chance(0.2) ? rng.weighted(reasonPool.map((r) => [r.pk, r.weight] as const)) : reasonPk),
      status: itemStatus,
    }))

    const itemsTotal = round2(planItems.reduce((sum, i) => sum + (i.price ?? 0), 0))
    const shippingRefund = planType === 'cancel' && planItems.length === ctx.items.length ? ctx.order.shipping_amount ?? 0 : 0
    const discountRefund = round2(planItems.reduce((sum, i) => sum + (i.benefitapplicant_set ?? []).reduce((s, b) => s + b.discount_share, 0), 0))
    const refundAmount = round2(itemsTotal + shippingRefund - discountRefund)

    const plan: Plan = {
      pk,
      created_date: created,
      modified_date: toIso(modifiedUs),
      order,
      invoice_number: order.invoice_number ?? '',
      order_previous_status: previousStatus,
      shipping_refund_amount: shippingRefund,
      status,
      retail_store_remote_id: ctx.storeRemoteId,
      refund_amount: refundAmount,
      discount_refund_amount: discountRefund,
      plan_type: planType,
      cancellationplanorderitem_set: set,
      staff_remote_id: `PRS-${String(1000 + staffPk * 17).padStart(5, '0')}`,
      created_by: refAs<S['User']>('u', createdBy),
      last_updated_by: refAs<S['User']>('u', modifier),
      payment_plan: status === 'completed' || status === 'waiting_for_payment'
        ? { payment_plan: [{ transaction_type: 'refund', order_items: planItems.map((i) => i.pk as number), refund_amount: refundAmount }] }
        : {},
      modified_by_id: modifier,
      related_cancellation_plan: follows ? follows.planPk : null,
    }

    if (planType === 'cancel' && status === 'completed' && ctx.remaining.length > 0) {
      ctx.planPk = pk
      this.recentCancels.push(ctx)
      if (this.recentCancels.length > 200) this.recentCancels.shift()
    }

    const tags: string[] = []
    if (marketplace) tags.push('marketplace')
    for (const tag of TAGS) if (tag !== 'marketplace' && rng.chance(0.07)) tags.push(tag)
    return { plan, tags }
  }

  private newOrder(planType: PlanType, createdUs: number): OrderContext {
    const rng = this.rng
    const channel = rng.weighted(CHANNELS.map((c) => [c, c.weight] as const))
    const orderPk = ++this.orderPk
    const placedUs = createdUs - (planType === 'cancel' ? rng.int(600, 3 * 86_400) : rng.int(3 * 86_400, 25 * 86_400)) * 1_000_000
    const placed = toIso(placedUs)
    const cargo = rng.weighted(CARGO.map((c) => [c, c.weight] as const))
    const currency = channel.currency
    const store = channel.channel_type === 'sales_channel' ? rng.pick(STORES.slice(0, -1)) : rng.weighted(STORES.map((s, i) => [s, i === STORES.length - 1 ? 12 : 1] as const))
    const invoiced = planType === 'refund' || rng.chance(0.45)
    const invoiceUs = placedUs + rng.int(3600, 86_400) * 1_000_000
    const customer = 100_000 + rng.int(0, this.customers - 1)
    const number = orderNumber(channel, orderPk, rng)
    const itemCount = rng.weighted<number>([[1, 38], [2, 24], [3, 16], [4, 10], [5, 7], [6, 5]]) + (rng.chance(0.25) ? rng.int(1, 2) : 0)
    const fx = FX[currency]
    const shippingAmount = currency === 'try' ? rng.weighted<number>([[0, 55], [49.9, 35], [99.9, 10]]) : round2(rng.pick([0, 4.99, 7.99]))
    const discounted = rng.chance(0.2)
    const compactOrder: Order = {
      pk: orderPk, number, channel: channel.id, customer, date_placed: placed, amount: 0, status: 400, currency,
    }
    const items: OrderItem[] = []
    for (let i = 0; i < itemCount; i++) {
      const product: ProductInfo = rng.pick(this.reference.products)
      const itemPk = ++this.orderItemPk
      const price = round2(Math.max(1, product.priceTry * fx * (currency === 'try' ? 1 : 1.08)))
      const share = discounted ? round2(price * 0.1) : 0
      items.push({
        pk: itemPk, created_date: placed, modified_date: placed,
        attributes: {}, attributes_kwargs: {}, localized_attributes: {}, localized_attributes_kwargs: {},
        benefitapplicant_set: discounted
          ? [{ pk: itemPk + 9_000_000, discount_item: 3000 + rng.int(1, 40), order_item: itemPk, discount_share: share, created_date: placed, modified_date: placed }]
          : [],
        cancel_status: null, datasource: null,
        external_status: refAs<S['OrderExternalStatus']>('es', planType === 'cancel' ? 2 : 4),
        extra_field: {}, forced_refund: false, installment_interest_amount: 0, is_tradable: false,
        order: compactOrder, price, price_currency: PRICE_CURRENCY[currency],
        price_list: refAs<S['PriceList']>('pl', currency === 'try' && channel.channel_type !== 'web' && channel.channel_type !== 'sales_channel' ? 4 : PRICE_LIST[currency]),
        product: refAs<S['Product']>('p', product.id),
        shipment_code: planType === 'refund' ? `SHP${itemPk}` : null,
        shipping_company: cargo.company,
        shipping_option_group: refAs<S['ShippingOptionGroup']>('sog', channel.channel_type === 'sales_channel' ? 4 : shippingAmount === 0 ? 2 : shippingAmount > 50 ? 3 : 1),
        status: 'approved',
        stock_list: refAs<S['StockList']>('sl', channel.channel_type === 'sales_channel' ? 2 : channel.channel_type === 'web' ? 1 : 3),
        tax_rate: product.tax,
        tracking_url: `https://kargotakip.plandesk-demo.com.tr/${cargo.company}/${orderPk}`,
      })
    }
    const itemsTotal = round2(items.reduce((s, i) => s + (i.price ?? 0), 0))
    const discount = round2(items.reduce((s, i) => s + (i.benefitapplicant_set ?? []).reduce((t, b) => t + b.discount_share, 0), 0))
    const amount = round2(itemsTotal + shippingAmount - discount)
    compactOrder.amount = amount
    const instore = channel.channel_type === 'sales_channel'
    const order: Order = {
      pk: orderPk, number, channel: channel.id, customer, date_placed: placed, amount,
      status: 400, currency, created_date: placed, modified_date: placed,
      cancel_status: null, cancellation_info: {},
      cargo_company: cargo.id, shipping_company: cargo.company,
      carrier_shipping_code: planType === 'refund' ? `${cargo.company.toUpperCase()}${orderPk}${rng.int(10, 99)}` : null,
      tracking_number: planType === 'refund' ? String(rng.int(100_000_000, 999_999_999)) + String(orderPk) : null,
      client_type: instore ? 'instore' : channel.channel_type === 'web' ? rng.weighted<NonNullable<S['Order']['client_type']>>([['default', 50], ['ios', 25], ['android', 25]]) : 'default',
      delivery_type: instore ? 'in_store' : shippingAmount > 50 ? 'next_day' : 'standard',
      delivery_range: { start: toIso(placedUs + 86_400_000_000), end: toIso(placedUs + 4 * 86_400_000_000) },
      discount_amount: discount, discount_refund_amount: 0, refund_amount: 0,
      shipping_amount: shippingAmount, shipping_refund_amount: 0, shipping_tax_rate: 20,
      shipping_interest_amount: 0, shipping_option_slug: shippingAmount === 0 ? 'ucretsiz-kargo' : 'standart-kargo',
      installment: 1, installment_count: rng.weighted<number>([[1, 70], [3, 15], [6, 10], [9, 5]]),
      installment_interest_amount: 0,
      payment_option: rng.int(1, 4), payment_option_slug: rng.pick(['kredi-karti', 'havale', 'kapida-odeme', 'cuzdan']),
      bin_number: rng.pick(['454671', '540668', '979204', '413226', '552608']),
      invoice_number: invoiced ? `PDA${new Date(invoiceUs / 1000).getUTCFullYear()}${String(orderPk * 3 + rng.int(0, 2)).padStart(9, '0')}` : null,
      invoice_date: invoiced ? toIso(invoiceUs) : null,
      e_archive_url: invoiced ? `https://earsiv.plandesk-demo.com.tr/fatura/${orderPk}.pdf` : null,
      defined_tracking_url: null, external_status: planType === 'cancel' ? 2 : 4,
      extra_field: { channel_name: channel.name }, gift_box_note: null, has_gift_box: rng.chance(0.04),
      is_send: planType === 'refund', language_code: currency === 'try' ? 'tr-tr' : 'en-us',
      notes: rng.chance(0.1) ? rng.pick(['Kapıya bırakabilirsiniz.', 'Lütfen aramadan gelmeyin.', 'Hediye paketi yapılsın.']) : null,
      remote_addr: `85.${rng.int(96, 111)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, segment: null, checkout_provider_id: null,
    }
    return { planPk: 0, order, compactOrder, channel, items, remaining: [], storeRemoteId: store.remoteId }
  }
}

function orderNumber(channel: Channel, orderPk: number, rng: Rng): string {
  // Unique within a channel: the order pk is embedded, the random part only decorates.
  switch (channel.channel_type) {
    case 'trendyol': return String(9_100_000_000 + orderPk * 37 + rng.int(0, 36))
    case 'hepsiburada': return String(4_000_000_000 + orderPk * 53 + rng.int(0, 52))
    case 'amazon': return `40${rng.int(1, 8)}-${String(orderPk).padStart(7, '0')}-${String(rng.int(0, 9_999_999)).padStart(7, '0')}`
    case 'n11': return String(2_080_000_000 + orderPk * 11 + rng.int(0, 10))
    default: return `PD${String(orderPk).padStart(9, '0')}${rng.int(0, 9)}`
  }
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100
}
