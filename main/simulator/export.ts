/**
 * export_format=csv|xls downloads of the filtered plans (all matching rows, not one page), one row
 * per plan with its order and items flattened.
 *
 * CSV: UTF-8 with a byte-order mark, because Excel (what store staff open exports with) otherwise
 * reads Turkish characters as Windows-1254 mojibake; Content-Type "text/csv; charset=utf-8".
 *
 * xls: exceljs writes Office Open XML workbooks only, not the legacy binary BIFF .xls format, so the
 * file is a real XLSX workbook sent as
 * "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" with a .xlsx file name.
 * Naming it .xls would make Excel warn that the content does not match the extension; the
 * parameter value "xls" is kept for compatibility with the API.
 */
import { CHANNELS } from './data/catalog'
import { refId } from './data/refs'
import type { Plan } from './data/shapes'
import type { Reason } from './data/shapes'
import { toIso } from './dates'
import type { Reply } from './routes/context'
import type { SimState } from './state'

export const CSV_TYPE = 'text/csv; charset=utf-8'
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const EXPORT_COLUMNS = [
  'pk', 'plan_type', 'status', 'order_id', 'order_number', 'channel_id', 'channel_name', 'channel_type',
  'customer_id', 'invoice_number', 'invoice_date', 'currency', 'refund_amount', 'shipping_refund_amount',
  'discount_refund_amount', 'item_count', 'skus', 'product_names', 'reasons', 'retail_store_remote_id',
  'staff_remote_id', 'created_by', 'last_updated_by', 'related_cancellation_plan', 'created_date', 'modified_date',
] as const

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number>

const CHANNEL = new Map(CHANNELS.map((c) => [c.id, c]))

function flatten(state: SimState, plan: Plan): ExportRow {
  const channel = CHANNEL.get(plan.order.channel)
  const products = plan.cancellationplanorderitem_set.map((i) => state.refs.get('p', refId(i.order_item.product, 'p') ?? 0) as { sku: string; name: string } | null)
  const reasons = plan.cancellationplanorderitem_set.map((i) => (state.refs.get('r', refId(i.reason, 'r') ?? 0) as Reason | null)?.subject ?? '')
  const user = (value: unknown) => {
    const pk = refId(value, 'u')
    return pk === null ? '' : state.userName(pk)
  }
  return {
    pk: plan.pk,
    plan_type: plan.plan_type,
    status: plan.status,
    order_id: plan.order.pk ?? '',
    order_number: plan.order.number,
    channel_id: plan.order.channel,
    channel_name: channel?.name ?? '',
    channel_type: channel?.channel_type ?? '',
    customer_id: plan.order.customer,
    invoice_number: plan.invoice_number ?? '',
    invoice_date: plan.order.invoice_date ?? '',
    currency: plan.order.currency ?? '',
    refund_amount: plan.refund_amount ?? 0,
    shipping_refund_amount: plan.shipping_refund_amount ?? 0,
    discount_refund_amount: plan.discount_refund_amount ?? 0,
    item_count: plan.cancellationplanorderitem_set.length,
    skus: products.map((p) => p?.sku ?? '').join('|'),
    product_names: products.map((p) => p?.name ?? '').join('|'),
    reasons: [...new Set(reasons)].join('|'),
    retail_store_remote_id: plan.retail_store_remote_id ?? '',
    staff_remote_id: plan.staff_remote_id ?? '',
    created_by: user(plan.created_by),
    last_updated_by: user(plan.last_updated_by),
    related_cancellation_plan: plan.related_cancellation_plan ?? '',
    created_date: plan.created_date,
    modified_date: plan.modified_date,
  }
}

function csvCell(value: string | number): string {
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(rows: ExportRow[]): Buffer {
  const lines = [EXPORT_COLUMNS.join(',')]
  for (const row of rows) lines.push(EXPORT_COLUMNS.map((c) => csvCell(row[c])).join(','))
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')])
}

export async function toXlsx(rows: ExportRow[], createdAt: Date): Promise<Buffer> {
  // Loaded when a workbook is asked for: loading exceljs took half a second of every demo start.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Omnitron simulator'
  workbook.created = createdAt
  const sheet = workbook.addWorksheet('Cancellation Plans')
  sheet.columns = EXPORT_COLUMNS.map((key) => ({ header: key, key, width: Math.max(10, key.length + 2) }))
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) sheet.addRow(row)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export async function exportPlans(state: SimState, compactRows: Buffer[], format: 'csv' | 'xls', nowUs: number): Promise<Reply> {
  const rows = compactRows.map((json) => flatten(state, JSON.parse(json.toString('utf8')) as Plan))
  const stamp = toIso(nowUs).slice(0, 19).replace(/[-:]/g, '').replace('T', '_')
  const isCsv = format === 'csv'
  const body = isCsv ? toCsv(rows) : await toXlsx(rows, new Date(nowUs / 1000))
  const filename = `cancellation_plans_${stamp}.${isCsv ? 'csv' : 'xlsx'}`
  return {
    status: 200,
    headers: {
      'Content-Type': isCsv ? CSV_TYPE : XLSX_TYPE,
      'Content-Disposition': `attachment; filename="${filename}"`,
    },
    body,
  }
}
