/**
 * FROZEN copy of the search index's text as migration 006 built it: the folding of Turkish text,
 * the full-text table's definition and the searchable values of a plan's JSON. Migrations run
 * with the code they were written with, never with today's store/fold.ts, fts.ts and extract.ts
 * (a later change there is a new migration's business). Never edit this file.
 */

export const FTS_TABLE_SQL_V6 = `CREATE VIRTUAL TABLE plans_fts USING fts5(
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
)`

const TURKISH: Record<string, string> = { I: 'i', ı: 'i', İ: 'i', Ş: 's', ş: 's', Ğ: 'g', ğ: 'g', Ü: 'u', ü: 'u', Ö: 'o', ö: 'o', Ç: 'c', ç: 'c' }

function foldText(input: string): string {
  return input
    .replace(/[IıİŞşĞğÜüÖöÇç]/g, (c) => TURKISH[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

/** Folded index text from the searchable values of a plan (nulls skipped). */
export function indexTextV6(values: Array<string | number | null | undefined>): string {
  return foldText(values.filter((v) => v !== null && v !== undefined && v !== '').join(' '))
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

/** The text a plan was indexed by: number, order, invoice, tracking and carrier codes, products, reasons, store, staff, creator. */
export function searchTextV6(pk: number, raw: Obj): string {
  const order = obj(raw.order) ?? {}
  const createdBy = obj(raw.created_by) ?? {}
  const set = Array.isArray(raw.cancellationplanorderitem_set) ? (raw.cancellationplanorderitem_set as unknown[]) : []
  const values: Array<string | number | null> = [
    pk,
    str(order.number),
    str(raw.invoice_number) ?? str(order.invoice_number),
    str(order.invoice_number),
    str(order.tracking_number),
    str(order.carrier_shipping_code),
    str(order.shipping_company),
    str(raw.retail_store_remote_id),
    str(raw.staff_remote_id),
    str(createdBy.username),
    str(createdBy.first_name),
    str(createdBy.last_name),
  ]
  for (const entry of set) {
    const e = obj(entry) ?? {}
    const product = obj(obj(e.order_item)?.product) ?? {}
    values.push(str(product.name), str(product.sku), str(product.base_code), str(obj(e.reason)?.subject))
  }
  for (const entry of set) values.push(str(obj(obj(entry)?.order_item)?.shipment_code))
  return indexTextV6([...new Set(values)])
}
