/**
 * What an admin edit or an added plan may set. Two kinds of field:
 *
 * - fields the simulator itself reads (status for the transition table, the dates it orders and
 *   filters by, the order keys and items it files and walks, related plan, editor, tags) must
 *   always be valid, so no edit can make the simulator fail later;
 * - fields it only stores and serves must have their OpenAPI type too, unless the caller asks for
 *   `offSpec`: then any value that can be stored is served as given (how tests make the server
 *   send data a client cannot read), and unknown fields are added to the plan.
 *
 * The HTTP admin is strict unless the body says `"offSpec": true`; the in-process admin (test
 * code) is always off-spec. `pk` is never settable.
 */
import { z } from 'zod'
import { PLAN_STATUSES, PLAN_TYPES } from '../domain'
import { CHANNELS } from './data/catalog'
import { ORDER_STATUS_CODES } from './data/generator'
import type { JsonObject } from './data/shapes'
import { parseDateTimeUs, toIso } from './dates'
import { describe, InputError, collectIssues, type FieldMessages } from './input'

export interface PatchMode {
  /** Served-only fields may take any storable value, and unknown fields are kept. */
  offSpec: boolean
  /** The simulator's now (microseconds): a strict date may not be later. */
  nowUs: number
}

const got = (issue: { input?: unknown }) => `got ${describe(issue.input)}`
const oneOf = (values: readonly string[]) => z.enum(values as [string, ...string[]], {
  error: (issue) => `Must be one of ${values.join(', ')}; ${got(issue)}.`,
})
const wholeNumber = (min: number) => {
  const error = (issue: { input?: unknown }) => `Must be a whole number ≥ ${min}; ${got(issue)}.`
  return z.number({ error }).int({ error }).min(min, { error })
}
const text = (max: number) => z.string({ error: (issue) => `Must be a string; ${got(issue)}.` })
  .max(max, { error: `Must be at most ${max} characters.` })
const object = <T extends z.ZodRawShape>(shape: T, what: string) => z.looseObject(shape, {
  error: (issue) => `Must be ${what}; ${got(issue)}.`,
})
const amountError = (issue: { input?: unknown }) => `Must be a number ≥ 0; ${got(issue)}.`
const amount = z.number({ error: amountError }).min(0, { error: amountError })
/** What an off-spec field stored in an indexed column can hold. */
const storable = z.union([z.string(), z.number()], { error: (issue) => `Must be a string or a number (the simulator files it in a column); ${got(issue)}.` })

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/

function dateField(mode: PatchMode) {
  const now = toIso(mode.nowUs)
  return z.string({ error: (issue) => `Must be a date-time string; ${got(issue)}.` }).superRefine((value, ctx) => {
    const us = parseDateTimeUs(value)
    if (us === null) {
      ctx.addIssue({ code: 'custom', message: `Must be a date-time such as ${now}; got ${describe(value)}.` })
    } else if (!mode.offSpec && !ISO_WITH_ZONE.test(value)) {
      ctx.addIssue({ code: 'custom', message: `Must be an ISO 8601 date-time with a time zone, such as ${now}; got ${describe(value)}.` })
    } else if (!mode.offSpec && us > mode.nowUs) {
      ctx.addIssue({ code: 'custom', message: `Must not be later than the simulator's now (${now}); got ${describe(value)}. Send "offSpec": true to serve a date in the future on purpose.` })
    }
  })
}

const user = object({ pk: wholeNumber(1), username: text(150) }, 'a user object with pk and username')

function planPatchSchema(mode: PatchMode, pkNote: string) {
  const spec = <T extends z.ZodType>(strict: T, offSpec: z.ZodType = z.unknown()) => (mode.offSpec ? offSpec : strict)
  const channelIds = CHANNELS.map((c) => c.id)
  const shape = {
    pk: z.never({ error: `Read-only: ${pkNote}.` }),
    // Read by the simulator: always checked.
    status: oneOf(PLAN_STATUSES),
    created_date: dateField(mode),
    modified_date: dateField(mode),
    order: object({
      pk: wholeNumber(1),
      number: text(64).min(1, { error: 'Must not be empty.' }),
      channel: mode.offSpec
        ? wholeNumber(1)
        : wholeNumber(1).refine((id) => channelIds.includes(id), { error: (issue) => `Must be one of the simulator's channels ${channelIds.join(', ')}; ${got(issue)}.` }),
      customer: wholeNumber(0),
    }, 'an order object with pk, number, channel and customer'),
    cancellationplanorderitem_set: z.array(
      object({
        pk: spec(wholeNumber(1)),
        order_item: object({ pk: spec(wholeNumber(1)) }, 'an order item object'),
      }, 'a plan item object with an order_item object'),
      { error: (issue) => `Must be a list of plan items; ${got(issue)}.` },
    ).max(100, { error: 'Must have at most 100 items.' }),
    related_cancellation_plan: wholeNumber(1).nullable(),
    modified_by_id: wholeNumber(1).nullable(),
    tags: z.array(text(64).min(1, { error: 'Must not be empty.' }), { error: (issue) => `Must be a list of strings; ${got(issue)}.` }).max(50),
    // Filed in a column and served: their type, or (off-spec) at least storable.
    plan_type: spec(oneOf(PLAN_TYPES), storable),
    invoice_number: spec(text(64), storable.nullable()),
    staff_remote_id: spec(text(64), storable.nullable()),
    retail_store_remote_id: spec(text(64), storable.nullable()),
    // Served as stored.
    order_previous_status: spec(oneOf(Object.keys(ORDER_STATUS_CODES))),
    refund_amount: spec(amount),
    shipping_refund_amount: spec(amount),
    discount_refund_amount: spec(amount),
    payment_plan: spec(z.record(z.string(), z.unknown(), { error: (issue) => `Must be an object; ${got(issue)}.` })),
    created_by: spec(user),
    last_updated_by: spec(user),
  }
  const error = (issue: { input?: unknown }) => `Must be an object of plan fields; ${got(issue)}.`
  const schema = mode.offSpec ? z.looseObject(shape, { error }) : z.strictObject(shape, { error })
  return schema.partial()
}

/** Adds the messages for each bad field of `patch` (paths prefixed, e.g. "patch."); returns the checked patch or null. */
export function collectPlanPatch(into: FieldMessages, patch: unknown, mode: PatchMode, prefix: string, pkNote: string): JsonObject | null {
  const result = planPatchSchema(mode, pkNote).safeParse(patch)
  if (result.success) return patch as JsonObject
  collectIssues(into, result.error, prefix, 'Unknown field. Send "offSpec": true to add it to the plan on purpose.')
  return null
}

/** The patch as given (checked, not transformed), or an InputError naming each bad field. */
export function checkPlanPatch(patch: unknown, mode: PatchMode, pkNote: string): JsonObject {
  const fields: FieldMessages = {}
  const checked = collectPlanPatch(fields, patch, mode, '', pkNote)
  if (checked === null) throw new InputError('plan fields', fields)
  return checked
}
