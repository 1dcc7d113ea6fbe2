/**
 * Tolerant reading of server data. Each plan is checked only for what PlanDesk needs to
 * store, index and sync it; a plan that fails is reported (pk + reason) and skipped, and the
 * rest of its page still lands. Everything else the server sends is kept untouched in `raw`
 * (amounts included: a negative or huge refund is shown as the server sent it; one that is not
 * a finite number leaves the cache's amount column empty).
 *
 * What sync needs includes believable dates (they order every list and, without a Date header,
 * carry the sync cursor: one plan "modified" in 2999 would hide every later change), a size the
 * cache and its search index can hold, and one copy of each plan per page.
 */
import { BodyRefused, decodeJson, parseGuarded, redecodeStrings } from './body'
import { OmnitronError } from './errors'

/** A plan that passed the checks. `raw` is the server's JSON object, unmodified. */
export interface CheckedPlan {
  pk: number
  status: string
  /** modified_date normalized to an ISO 8601 UTC string (for cursors and sorting). */
  modifiedDate: string
  raw: Record<string, unknown>
  /**
   * The plan's JSON as the server wrote it, when the answer's text showed it (a list page's
   * entries, body.ts): the cache keeps and hashes this text instead of writing `raw` out again.
   */
  json?: string
}

export interface RejectedPlan {
  pk: number | null
  reason: string
}

export type PlanCheck = { ok: true; plan: CheckedPlan } | { ok: false; rejected: RejectedPlan }

/** Plans dated before this are not Omnitron's (it did not exist); the server's data is damaged. */
export const EARLIEST_PLAN_DATE = '2000-01-01T00:00:00.000Z'
/** How far a plan's date may run ahead of the server's own clock (time zones, clock drift). */
export const FUTURE_SLACK_MS = 24 * 3_600_000
/** A plan larger than this (as JSON) is not kept: ordinary plans are a few KB, one with a hundred items some 200 KB. */
export const MAX_PLAN_BYTES = 512 * 1024

export interface PlanCheckOptions {
  /** The server's clock (ms; its Date header), for dates in the future; default this computer's. */
  serverNow?: number
}

export interface ListPageOptions extends PlanCheckOptions {
  /**
   * Characters of the largest entry of `results` in the answer's text, when known (body.ts
   * scanText): when it is within MAX_PLAN_BYTES no plan needs measuring one by one.
   */
  largestEntry?: number
  /** Each entry's own text, lined up with `results` (body.ts parseGuarded), when known. */
  texts?: Array<string | undefined> | null
}

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

/** Why a plan's date is not believable, or null when it is. */
function implausibleDate(iso: string, serverNow: number): string | null {
  if (iso < EARLIEST_PLAN_DATE) return `${iso.slice(0, 10)} is before 2000, not a believable date`
  if (Date.parse(iso) > serverNow + FUTURE_SLACK_MS) {
    return `${iso.slice(0, 10)} lies in the future (the server's clock says ${new Date(serverNow).toISOString().slice(0, 10)})`
  }
  return null
}

/** The plan's size as JSON, or null when it cannot be written as JSON at all. */
function jsonSize(value: unknown): number | null {
  try {
    return JSON.stringify(value).length
  } catch {
    return null
  }
}

/**
 * `size`: the plan's JSON text length when the text is at hand (a list page's entry, which the
 * cache keeps as it is); `sizeKnownWithin`: the text showed every entry small enough.
 */
export function checkPlan(value: unknown, opts: PlanCheckOptions & { sizeKnownWithin?: boolean; size?: number } = {}): PlanCheck {
  const fail = (pk: number | null, reason: string): PlanCheck => ({ ok: false, rejected: { pk, reason } })
  if (!isRecord(value)) return fail(null, 'not an object')
  const pk = isPositiveInt(value.pk) ? value.pk : null
  if (pk === null) return fail(null, `pk is not a positive integer (${describe(value.pk)})`)
  if (typeof value.status !== 'string' || value.status.trim() === '') {
    return fail(pk, `status is missing or not a string (${describe(value.status)})`)
  }
  const modifiedDate = normalizeDate(value.modified_date)
  if (modifiedDate === null) return fail(pk, `modified_date is not a date (${describe(value.modified_date)})`)
  const createdDate = value.created_date == null ? null : normalizeDate(value.created_date)
  if (value.created_date != null && createdDate === null) {
    return fail(pk, `created_date is not a date (${describe(value.created_date)})`)
  }
  const serverNow = opts.serverNow ?? Date.now()
  for (const [name, iso] of [['modified_date', modifiedDate], ['created_date', createdDate]] as const) {
    const why = iso === null ? null : implausibleDate(iso, serverNow)
    if (why !== null) return fail(pk, `${name} ${why}`)
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
  const size = opts.size ?? (opts.sizeKnownWithin ? 0 : jsonSize(value))
  if (size === null) return fail(pk, 'the plan cannot be stored as JSON')
  if (size > MAX_PLAN_BYTES) {
    return fail(pk, `the plan is ${kilobytes(size)} as JSON, more than the ${kilobytes(MAX_PLAN_BYTES)} PlanDesk keeps of one plan`)
  }
  return { ok: true, plan: { pk, status: value.status, modifiedDate, raw: value } }
}

function kilobytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing'
  let s: string
  try {
    // A long string is cut before it is quoted; anything too deep to write is named by its type.
    s = JSON.stringify(typeof v === 'string' ? v.slice(0, 41) : v) ?? String(v)
  } catch {
    s = Array.isArray(v) ? 'a list' : typeof v
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s
}

export interface ListPage<P = CheckedPlan> {
  /** The server's `count`, or null when absent or not a non-negative integer. */
  count: number | null
  /** Raw `count` when it was present but unusable (negative, fractional, a string...). */
  badCount: unknown
  next: string | null
  previous: string | null
  plans: P[]
  rejected: RejectedPlan[]
  /** How many entries `results` held (accepted + rejected). */
  resultSize: number
  /** Pks sent more than once on this page (their later copies are in `rejected`). */
  duplicates: number[]
}

/**
 * Reads a list page; a body without a `results` array is a malformed response. A pk sent twice
 * on one page keeps its first copy; the others are reported (the server's page is inconsistent).
 */
export function readListPage(body: unknown, opts: ListPageOptions = {}): ListPage {
  if (!isRecord(body) || !Array.isArray(body.results)) {
    throw new OmnitronError('malformed_response', 'The server sent a plan list without a results array.')
  }
  const plans: CheckedPlan[] = []
  const rejected: RejectedPlan[] = []
  const onPage = new Set<number>()
  const duplicates: number[] = []
  // Measuring each plan (JSON.stringify) costs as much as parsing the page: skipped when the
  // text showed every entry small enough. Written out again, JSON grows at most sixfold (a
  // number like 1e20 becomes 100000000000000000000; strings and escapes never grow).
  const check = { serverNow: opts.serverNow, sizeKnownWithin: opts.largestEntry !== undefined && opts.largestEntry * 6 <= MAX_PLAN_BYTES }
  const texts = opts.texts?.length === body.results.length ? opts.texts : null
  for (let i = 0; i < body.results.length; i++) {
    // The text the cache would keep is measured as it is (whitespace and escapes included).
    const json = texts?.[i]
    const r = checkPlan(body.results[i], json === undefined ? check : { ...check, size: json.length })
    const pk = r.ok ? r.plan.pk : r.rejected.pk
    if (pk !== null && onPage.has(pk)) {
      duplicates.push(pk)
      rejected.push({ pk, reason: 'sent more than once on the same page; the first copy was kept' })
      continue
    }
    if (pk !== null) onPage.add(pk)
    if (r.ok) {
      if (json !== undefined) r.plan.json = json
      plans.push(r.plan)
    } else rejected.push(r.rejected)
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
    duplicates,
  }
}

/** A plan read from an answer's bytes, with the bytes of its own JSON text when they showed (readListBody). */
export interface BodyPlan extends CheckedPlan {
  bytes?: Uint8Array
}

/**
 * A list page read from the bytes of its body, as the client reads one (behind the nesting
 * guard, parsed and checked), for a reader away from the client (a worker thread). Each plan's
 * own JSON text comes as its bytes (`bytes`) when the answer was read byte for byte (decodeJson),
 * else as text (`json`). What the client would refuse is thrown as a malformed response for the
 * client to name its request: a too-deep or non-JSON body, or a page without results.
 */
export function readListBody(bytes: Uint8Array, opts: PlanCheckOptions = {}): ListPage<BodyPlan> {
  const { text, bytewise } = decodeJson(bytes)
  let parsed: ReturnType<typeof parseGuarded>
  try {
    parsed = parseGuarded(text)
  } catch (e) {
    if (e instanceof BodyRefused) throw new OmnitronError('malformed_response', `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`)
    throw e
  }
  if (parsed.value === undefined) throw new OmnitronError('malformed_response', 'The server answered with something that is not JSON.')
  // The plans' texts are the answer's own bytes here (their length, the size checked, in bytes).
  const page: ListPage<BodyPlan> = readListPage(bytewise ? redecodeStrings(parsed.value) : parsed.value, { ...opts, largestEntry: parsed.largestEntry, texts: parsed.resultTexts })
  if (bytewise) {
    for (const plan of page.plans) {
      if (plan.json === undefined) continue
      plan.bytes = Buffer.from(plan.json, 'latin1')
      delete plan.json
    }
  }
  return page
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
