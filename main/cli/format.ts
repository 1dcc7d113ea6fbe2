/** Plain-text output for people (the --json variants print contract shapes instead). */
import type { PlanDetail, PlanSummary, SyncResult } from '../../preload/contract'
import { itemsInPaymentPlan, refundTotal } from '../domain'

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return ''
  return String(v)
}

/** A left-aligned text table; long cells are cut so rows stay on one line. */
export function table(headers: string[], rows: unknown[][], maxWidth = 32): string {
  const cells = rows.map((r) => r.map((v) => {
    const s = cell(v).replace(/\s+/g, ' ')
    return s.length > maxWidth ? `${s.slice(0, maxWidth - 1)}…` : s
  }))
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n'
}

export function money(amount: number | null, currency: string | null): string {
  if (amount === null) return ''
  return `${amount.toFixed(2)}${currency ? ` ${currency}` : ''}`
}

/**
 * What the plan's status line adds to its status (main/domain/plan-display.ts): the change that
 * shows over the server's value, or the server's value with a refusal's words or a conflict's
 * two sides; empty without open changes.
 */
export function statusNote(s: PlanSummary): string {
  const n = s.note
  if (!n) return ''
  const mine = n.mine ?? 'payment plan'
  switch (n.state) {
    case 'failed':
      return `refused: ${mine} — ${n.reason?.message ?? 'see "plandesk queue"'}`
    case 'conflict': {
      const who = n.server ? ` by ${n.server.by ?? 'someone else'} at ${n.server.modifiedDate}` : ''
      return `conflict: yours ${mine}, changed on the server${who}`
    }
    case 'needs_checking':
      return `to check: ${mine}; server: ${s.serverStatus}`
    default:
      return s.status !== s.serverStatus ? `pending; server: ${s.serverStatus}` : 'pending'
  }
}

/** The list's short mark of a plan's open changes: * waiting (shown), ! refused, ≠ in conflict, ? to check. */
const MARK = { pending: '*', failed: '!', conflict: '≠', needs_checking: '?' } as const

export function planTable(rows: PlanSummary[]): string {
  return table(
    ['PK', 'STATUS', 'TYPE', 'ORDER', 'STORE', 'REFUND', 'CREATED', 'PRODUCT'],
    rows.map((r) => [
      r.pk,
      r.localState ? `${r.status}${MARK[r.localState]}` : r.status,
      r.planType,
      r.orderNumber,
      r.storeRemoteId,
      money(r.refundAmount, r.currency),
      r.createdDate?.slice(0, 10) ?? '',
      r.itemCount > 1 ? `${r.firstProductName ?? ''} (+${r.itemCount - 1})` : r.firstProductName,
    ]),
  )
}

/** Reads a nested value of server JSON without trusting its shape. */
function at(value: unknown, ...path: string[]): unknown {
  let cur = value
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return null
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur ?? null
}

export function planDetail(d: PlanDetail): string {
  const s = d.summary
  const lines: Array<[string, unknown]> = [
    ['Plan', s.pk],
    ['Status', s.note ? `${s.status} (${statusNote(s)})` : s.status],
    ['Type', s.planType],
    ['Order', s.orderNumber ? `${s.orderNumber} (id ${s.orderId ?? '?'})` : null],
    ['Channel', s.channelId === null ? null : `${s.channelId}${s.channelType ? ` (${s.channelType})` : ''}`],
    ['Customer', s.customerId],
    ['Store', s.storeRemoteId],
    ['Staff', s.staffRemoteId],
    ['Invoice', s.invoiceNumber],
    ['Refund', money(s.refundAmount, s.currency)],
    ['Created', s.createdDate],
    ['Modified', s.modifiedDate],
    ['Synced', d.local.syncedAt],
    ['Pending edits', s.pendingEdits],
  ]
  const width = Math.max(...lines.map(([k]) => k.length))
  let out = lines.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${cell(v)}`).join('\n') + '\n'
  const items = Array.isArray(d.server.cancellationplanorderitem_set) ? (d.server.cancellationplanorderitem_set as unknown[]) : []
  if (items.length > 0) {
    out += '\nItems:\n'
    out += table(
      ['ITEM', 'STATUS', 'PRODUCT', 'SKU', 'REASON'],
      items.map((i) => [at(i, 'pk'), at(i, 'status'), at(i, 'order_item', 'product', 'name'), at(i, 'order_item', 'product', 'sku'), at(i, 'reason', 'subject')]),
      40,
    )
  }
  return out
}

export function syncSummary(r: SyncResult): string {
  const what = { full: 'Full sync', incremental: 'Incremental sync', reconcile: 'Sync with reconciliation' }[r.kind]
  const parts = [`${r.added} added`, `${r.updated} updated`, `${r.removed} removed`, `${r.unchanged} unchanged`, `${r.skipped.length} skipped`]
  return `${what}${r.cancelled ? ' (cancelled)' : ''}: ${parts.join(', ')} in ${(r.durationMs / 1000).toFixed(1)} s\n`
}

/** A plan's items as a payment plan names them (order item ids) with their prices. */
function priced(d: PlanDetail): Array<{ orderItemPk: number | null; price: number | null }> {
  const items = Array.isArray(d.server.cancellationplanorderitem_set) ? (d.server.cancellationplanorderitem_set as unknown[]) : []
  const num = (v: unknown) => (v === null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v))
  return items.map((i) => ({ orderItemPk: num(at(i, 'order_item', 'pk')), price: num(at(i, 'order_item', 'price')) }))
}

/**
 * What a payment plan of these items comes to, before it is queued: the total of their prices
 * (the server works the amount out from the items), and the items the plan's payment plan
 * already names.
 */
export function paymentPlanPreview(d: PlanDetail, orderItems: readonly number[]): string {
  const { total, unpriced } = refundTotal(priced(d), orderItems)
  const already = orderItems.filter((i) => itemsInPaymentPlan(d.server.payment_plan).has(i))
  let out = `Refund of the ${orderItems.length} chosen item(s): ${money(total, d.summary.currency)}${unpriced > 0 ? ` (${unpriced} without a price)` : ''}; the server works it out from the items.\n`
  if (already.length > 0) out += `Already in a payment plan of plan ${d.summary.pk}: item ${already.join(', ')}.\n`
  return out
}
