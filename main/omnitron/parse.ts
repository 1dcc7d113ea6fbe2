/**
 * Tolerant reading of server data. Each plan is checked only for what PlanDesk needs to
 * store, index and sync it; a plan that fails is reported (pk + reason) and skipped, and the
 * rest of its page still lands. Everything else the server sends is kept untouched in `raw`.
 */
import { OmnitronError } from './errors'

/** A plan that passed the checks. `raw` is the server's JSON object, unmodified. */
export interface CheckedPlan {
  pk: number
  status: string
  /** modified_date normalized to an ISO 8601 UTC string (for cursors and sorting). */
  modifiedDate: string
  raw: Record<string, unknown>
}

export interface RejectedPlan {
  pk: number | null
  reason: string
}

export type PlanCheck = { ok: true; plan: CheckedPlan } | { ok: false; rejected: RejectedPlan }

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0
}

/** ISO 8601 with a time zone, or a plain date; returns the UTC ISO form or null. */
export function normalizeDate(v: unknown): string | null {
  if (typeof v !== 'string' || v.length < 10 || v.length > 40) return null
  // Date.parse accepts odd strings ("1", "March 7"); require an ISO-looking date first.
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null
  const t = Date.parse(v)
  if (Number.isNaN(t)) return null
  return new Date(t).toISOString()
}

/** Order.status is documented as a string with numeric values; real servers send numbers. */
export function orderStatusCode(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v.trim())
  return null
}

export function checkPlan(value: unknown): PlanCheck {
  const fail = (pk: number | null, reason: string): PlanCheck => ({ ok: false, rejected: { pk, reason } })
  if (!isRecord(value)) return fail(null, 'not an object')
  const pk = isPositiveInt(value.pk) ? value.pk : null
  if (pk === null) return fail(null, `pk is not a positive integer (${describe(value.pk)})`)
  if (typeof value.status !== 'string' || value.status.trim() === '') {
    return fail(pk, `status is missing or not a string (${describe(value.status)})`)
  }
  const modifiedDate = normalizeDate(value.modified_date)
  if (modifiedDate === null) return fail(pk, `modified_date is not a date (${describe(value.modified_date)})`)
  if (value.created_date != null && normalizeDate(value.created_date) === null) {
    return fail(pk, `created_date is not a date (${describe(value.created_date)})`)
  }
  if (value.plan_type != null && typeof value.plan_type !== 'string') {
    return fail(pk, `plan_type is not a string (${describe(value.plan_type)})`)
  }
  if (value.order != null) {
    if (!isRecord(value.order)) return fail(pk, 'order is not an object')
    const o = value.order
    if (o.channel != null && !Number.isSafeInteger(o.channel)) return fail(pk, `order.channel is not an integer (${describe(o.channel)})`)
    if (o.status != null && orderStatusCode(o.status) === null && typeof o.status !== 'string') {
      return fail(pk, `order.status is neither a number nor a string (${describe(o.status)})`)
    }
  }
  const items = value.cancellationplanorderitem_set
  if (items != null) {
    if (!Array.isArray(items)) return fail(pk, 'cancellationplanorderitem_set is not a list')
    if (!items.every(isRecord)) return fail(pk, 'cancellationplanorderitem_set holds a non-object')
  }
  return { ok: true, plan: { pk, status: value.status, modifiedDate, raw: value } }
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing'
  const s = JSON.stringify(v) ?? String(v)
  return s.length > 40 ? `${s.slice(0, 37)}...` : s
}

export interface ListPage {
  /** The server's `count`, or null when absent or not a non-negative integer. */
  count: number | null
  /** Raw `count` when it was present but unusable (negative, fractional, a string...). */
  badCount: unknown
  next: string | null
  previous: string | null
  plans: CheckedPlan[]
  rejected: RejectedPlan[]
  /** How many entries `results` held (accepted + rejected). */
  resultSize: number
}

/** Reads a list page; a body without a `results` array is a malformed response. */
export function readListPage(body: unknown): ListPage {
  if (!isRecord(body) || !Array.isArray(body.results)) {
    throw new OmnitronError('malformed_response', 'The server sent a plan list without a results array.')
  }
  const plans: CheckedPlan[] = []
  const rejected: RejectedPlan[] = []
  for (const entry of body.results) {
    const r = checkPlan(entry)
    if (r.ok) plans.push(r.plan)
    else rejected.push(r.rejected)
  }
  const rawCount = body.count
  const countOk = typeof rawCount === 'number' && Number.isSafeInteger(rawCount) && rawCount >= 0
  return {
    count: countOk ? rawCount : null,
    badCount: countOk || rawCount === undefined ? undefined : rawCount,
    next: typeof body.next === 'string' ? body.next : null,
    previous: typeof body.previous === 'string' ? body.previous : null,
    plans,
    rejected,
    resultSize: body.results.length,
  }
}

/** `{cancellation_plan_statuses: {key: label}}` → entries in server order. */
export function readStatuses(body: unknown): Array<{ key: string; label: string }> {
  if (!isRecord(body) || !isRecord(body.cancellation_plan_statuses)) {
    throw new OmnitronError('malformed_response', 'The server sent statuses in an unexpected shape.')
  }
  return Object.entries(body.cancellation_plan_statuses)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([key, label]) => ({ key, label }))
}
