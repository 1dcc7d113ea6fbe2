/**
 * Turns the list endpoint's query string into SQL over the indexed plan columns, with
 * django-filter's semantics: empty values are ignored, unknown parameters are ignored, invalid
 * values answer 400 with {<param>: [message], code: "invalid"} for every bad parameter at once.
 */
import { CHANNEL_TYPES, PLAN_STATUSES, PLAN_TYPES } from '../domain'
import { parseDateTimeUs, parseDateUs, US_PER_DAY } from './dates'
import { HttpError } from './http'

export interface PlanQuery {
  where: string
  params: unknown[]
  orderBy: string
}

/** `ordering` is not in the seed; it is accepted like DRF's OrderingFilter (invalid values ignored). */
const ORDERINGS: Record<string, string> = {
  pk: 'pk ASC', '-pk': 'pk DESC',
  created_date: 'created_us ASC, pk ASC', '-created_date': 'created_us DESC, pk DESC',
  modified_date: 'modified_us ASC, pk ASC', '-modified_date': 'modified_us DESC, pk DESC',
}
/** The stable default: newest plan first (pk grows with creation). */
export const DEFAULT_ORDER = 'pk DESC'

const INTEGER = /^-?\d{1,15}$/

const choiceMessage = (value: string) => `Select a valid choice. ${value} is not one of the available choices.`

const DATE_LOOKUPS: Record<string, { op: string; date: boolean }> = {
  '': { op: '=', date: false },
  __gt: { op: '>', date: false },
  __gte: { op: '>=', date: false },
  __lt: { op: '<', date: false },
  __lte: { op: '<=', date: false },
  __date: { op: '=', date: true },
  __date__gt: { op: '>', date: true },
  __date__gte: { op: '>=', date: true },
  __date__lt: { op: '<', date: true },
  __date__lte: { op: '<=', date: true },
}

/** Query strings decode "+" as a space; an offset like "+03:00" typed unencoded arrives as " 03:00". */
function repairOffset(value: string): string {
  return value.replace(/(\d) (\d{2}:?\d{2})$/, '$1+$2')
}

export function buildPlanQuery(params: URLSearchParams): PlanQuery {
  const where: string[] = []
  const values: unknown[] = []
  const errors: Record<string, string[]> = {}
  const fail = (name: string, message: string) => {
    ;(errors[name] ??= []).push(message)
  }
  const get = (name: string): string | null => {
    const v = params.get(name)
    return v === null || v.trim() === '' ? null : v.trim()
  }

  const choice = (name: string, column: string, allowed: readonly string[]) => {
    const v = get(name)
    if (v === null) return
    if (!allowed.includes(v)) return fail(name, choiceMessage(v))
    where.push(`${column} = ?`)
    values.push(v)
  }
  const integer = (name: string, column: string) => {
    const v = get(name)
    if (v === null) return
    if (!INTEGER.test(v)) return fail(name, 'Enter a whole number.')
    where.push(`${column} = ?`)
    values.push(Number(v))
  }
  const text = (name: string, column: string) => {
    const v = get(name)
    if (v === null) return
    where.push(`${column} = ?`)
    values.push(v)
  }
  // Comma-separated like Django's BaseInFilter; repeated parameters (OpenAPI's default "form,
  // explode" style for channel_id__in, which the spec declares without explode: false) are joined.
  const integerList = (name: string, column: string) => {
    const all = params.getAll(name).map((p) => p.trim()).filter((p) => p !== '')
    const v = all.length ? all.join(',') : null
    if (v === null) return
    const parts = v.split(',').map((p) => p.trim()).filter((p) => p !== '')
    if (parts.length === 0 || parts.some((p) => !INTEGER.test(p))) return fail(name, 'Enter a comma-separated list of whole numbers.')
    where.push(`${column} IN (${parts.map(() => '?').join(', ')})`)
    values.push(...parts.map(Number))
  }
  const dateLookups = (base: string, column: string) => {
    for (const [suffix, { op, date }] of Object.entries(DATE_LOOKUPS)) {
      const name = base + suffix
      const raw = get(name)
      if (raw === null) continue
      if (date) {
        const day = parseDateUs(raw)
        if (day === null) {
          fail(name, 'Enter a valid date.')
          continue
        }
        // Day comparisons in UTC: "= day" is a half-open range, "> day" starts the next day.
        if (op === '=') { where.push(`${column} >= ? AND ${column} < ?`); values.push(day, day + US_PER_DAY) }
        else if (op === '>') { where.push(`${column} >= ?`); values.push(day + US_PER_DAY) }
        else if (op === '>=') { where.push(`${column} >= ?`); values.push(day) }
        else if (op === '<') { where.push(`${column} < ?`); values.push(day) }
        else { where.push(`${column} < ?`); values.push(day + US_PER_DAY) }
      } else {
        const us = parseDateTimeUs(repairOffset(raw))
        if (us === null) {
          fail(name, 'Enter a valid date/time.')
          continue
        }
        where.push(`${column} ${op} ?`)
        values.push(us)
      }
    }
  }

  choice('plan_type', 'plan_type', PLAN_TYPES)
  choice('status', 'status', PLAN_STATUSES)
  integer('order_id', 'order_id')
  integer('order', 'order_id')
  text('order_number', 'order_number')
  choice('channel_type', 'channel_type', CHANNEL_TYPES)
  integerList('channel_id__in', 'channel_id')
  text('invoice_number', 'invoice_number')
  const invoiceDate = get('invoice_date')
  if (invoiceDate !== null) {
    if (parseDateUs(invoiceDate) === null) fail('invoice_date', 'Enter a valid date.')
    else { where.push('invoice_day = ?'); values.push(invoiceDate) }
  }
  integer('created_by', 'created_by')
  integer('modified_by', 'modified_by')
  text('staff_remote_id', 'staff_remote_id')
  text('retail_store_remote_id', 'retail_store_remote_id')
  integer('related_cancellationplan', 'related_plan')
  choice('related_cancellation_plan__plan_type', 'related_plan_type', PLAN_TYPES)
  dateLookups('created_date', 'created_us')
  dateLookups('modified_date', 'modified_us')
  integer('pk', 'pk')
  integerList('pk__in', 'pk')
  integer('customer_id', 'customer_id')
  for (const tag of params.getAll('tag').map((t) => t.trim()).filter(Boolean)) {
    where.push('pk IN (SELECT pk FROM plan_tags WHERE tag = ?)')
    values.push(tag)
  }
  for (const tag of params.getAll('tag__exclude').map((t) => t.trim()).filter(Boolean)) {
    where.push('pk NOT IN (SELECT pk FROM plan_tags WHERE tag = ?)')
    values.push(tag)
  }
  const exportFormat = get('export_format')
  if (exportFormat !== null && exportFormat !== 'csv' && exportFormat !== 'xls') fail('export_format', choiceMessage(exportFormat))

  if (Object.keys(errors).length > 0) throw new HttpError(400, { ...errors, code: 'invalid' })
  const ordering = get('ordering')
  return {
    where: where.length ? `WHERE ${where.join(' AND ')}` : '',
    params: values,
    orderBy: (ordering && ORDERINGS[ordering]) || DEFAULT_ORDER,
  }
}
