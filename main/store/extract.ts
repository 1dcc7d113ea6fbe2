/**
 * From the server's plan JSON to the cache's columns, item rows and search text. Every read
 * is defensive: the client checked only what sync needs (pk, status, modified_date, the shape
 * of order and items), so optional fields may be missing or of an unexpected type.
 */
import { indexText } from './fts'
import type { PlanInput } from './types'

export interface PlanRow {
  pk: number
  status: string
  plan_type: string
  order_id: number | null
  order_number: string | null
  order_status: number | null
  channel_id: number | null
  customer_id: number | null
  store_remote_id: string | null
  staff_remote_id: string | null
  invoice_number: string | null
  refund_amount: number | null
  currency: string | null
  item_count: number
  first_product_name: string | null
  created_by_id: number | null
  modified_by_id: number | null
  related_plan: number | null
  invoice_date: string | null
  created_date: string | null
  modified_date: string
}

export interface ItemRow {
  position: number
  item_pk: number | null
  order_item_id: number | null
  product_name: string | null
  sku: string | null
  base_code: string | null
  status: string | null
  reason_subject: string | null
  price: number | null
}

type Obj = Record<string, unknown>

function obj(v: unknown): Obj | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null
}
function str(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}
function int(v: unknown): number | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim())
  return null
}
/** Decimals arrive as numbers or as strings ("12.50", Django's DecimalField default). */
function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return null
}
function isoDate(v: unknown): string | null {
  if (typeof v !== 'string') return null
  const t = Date.parse(v)
  return Number.isNaN(t) ? null : new Date(t).toISOString()
}

export function planItems(raw: Obj): ItemRow[] {
  const set = raw.cancellationplanorderitem_set
  if (!Array.isArray(set)) return []
  return set.map((entry, position) => {
    const e = obj(entry) ?? {}
    const orderItem = obj(e.order_item) ?? {}
    const product = obj(orderItem.product) ?? {}
    const reason = obj(e.reason) ?? {}
    return {
      position,
      item_pk: int(e.pk),
      order_item_id: int(orderItem.pk),
      product_name: str(product.name),
      sku: str(product.sku),
      base_code: str(product.base_code),
      status: str(e.status),
      reason_subject: str(reason.subject),
      price: num(orderItem.price),
    }
  })
}

export function planRow(input: PlanInput, items: ItemRow[]): PlanRow {
  const raw = input.raw
  const order = obj(raw.order) ?? {}
  const createdBy = obj(raw.created_by)
  const currency = str(order.currency)
  return {
    pk: input.pk,
    status: input.status,
    plan_type: str(raw.plan_type) ?? '',
    order_id: int(order.pk),
    order_number: str(order.number),
    order_status: int(order.status),
    channel_id: int(order.channel),
    customer_id: int(order.customer),
    store_remote_id: str(raw.retail_store_remote_id),
    staff_remote_id: str(raw.staff_remote_id),
    invoice_number: str(raw.invoice_number) ?? str(order.invoice_number),
    refund_amount: num(raw.refund_amount),
    currency: currency ? currency.toUpperCase() : null,
    item_count: items.length,
    first_product_name: items.find((i) => i.product_name !== null)?.product_name ?? null,
    created_by_id: createdBy ? int(createdBy.pk) : null,
    modified_by_id: int(raw.modified_by_id) ?? int(obj(raw.last_updated_by)?.pk),
    related_plan: int(raw.related_cancellation_plan) ?? int(obj(raw.related_cancellation_plan)?.pk),
    invoice_date: isoDate(raw.invoice_date) ?? isoDate(order.invoice_date),
    created_date: isoDate(raw.created_date),
    modified_date: input.modifiedDate,
  }
}

/**
 * What staff search by: plan pk, order number, invoice number, tracking number and carrier
 * code, product names, SKUs and base codes, cancellation-reason subjects, store and staff
 * remote ids, and the creating user's name.
 */
export function searchText(input: PlanInput, row: PlanRow, items: ItemRow[]): string {
  const raw = input.raw
  const order = obj(raw.order) ?? {}
  const createdBy = obj(raw.created_by) ?? {}
  const values: Array<string | number | null> = [
    row.pk,
    row.order_number,
    row.invoice_number,
    str(order.invoice_number),
    str(order.tracking_number),
    str(order.carrier_shipping_code),
    str(order.shipping_company),
    row.store_remote_id,
    row.staff_remote_id,
    str(createdBy.username),
    str(createdBy.first_name),
    str(createdBy.last_name),
  ]
  for (const item of items) values.push(item.product_name, item.sku, item.base_code, item.reason_subject)
  // Item-level shipment codes are tracking numbers too.
  const set = Array.isArray(raw.cancellationplanorderitem_set) ? raw.cancellationplanorderitem_set : []
  for (const entry of set) values.push(str(obj(obj(entry)?.order_item)?.shipment_code))
  return indexText([...new Set(values)])
}
