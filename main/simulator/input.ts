/**
 * Checking what the admin interface and the fault controls are given: zod schemas produce one
 * message per bad field, named by its dotted path ("overrides.created_date"), and an unknown key
 * is a bad field of its own. The admin interface answers these as 400s; in process they are thrown
 * as InputError, never as a crash deep inside the simulator.
 */
import { z } from 'zod'

/** Field path → messages, e.g. {"latencyMs": ["Must be a number of milliseconds from 0 to 600000; got -1."]}. */
export type FieldMessages = Record<string, string[]>

export class InputError extends RangeError {
  constructor(
    readonly what: string,
    readonly fields: FieldMessages,
  ) {
    super(`Invalid ${what}. ${listFields(fields)}`)
    this.name = 'InputError'
  }
}

/** Every bad field on one line: "latencyMs: Must be ... got -1. bogus: Unknown fault setting; ..." */
export function listFields(fields: FieldMessages): string {
  return Object.entries(fields).map(([field, messages]) => `${field}: ${messages.join(' ')}`).join(' ')
}

/** A value as it reads in a message: numbers as written (1e+308, NaN), the rest as JSON. */
export function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || value === undefined) return String(value)
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch {
    // a cycle: fall through
  }
  const text = json ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** Adds one message per bad field of a zod error, each path prefixed (e.g. "patch."). */
export function collectIssues(into: FieldMessages, error: z.ZodError, prefix = '', unknownKey = 'Unknown field.'): FieldMessages {
  const add = (field: string, message: string) => (into[field] ??= []).push(message)
  for (const issue of error.issues) {
    const inner = issue.path.map(String).join('.')
    const path = inner ? prefix + inner : prefix.replace(/\.$/, '')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(path ? `${path}.${key}` : key, unknownKey)
    } else {
      add(path || 'body', issue.message)
    }
  }
  return into
}

/** Parses with a schema or throws InputError naming every bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string, unknownKey?: string): T {
  const result = schema.safeParse(value)
  if (!result.success) throw new InputError(what, collectIssues({}, result.error, '', unknownKey))
  return result.data
}

/** A finite number in [lo, hi] ("what" reads "a probability", "a whole number of milliseconds"...), one message for every way of missing it. */
export function bounded(lo: number, hi: number, what: string, integer = false): z.ZodNumber {
  const error = (issue: { input?: unknown }) => `Must be ${what} from ${lo} to ${hi}; got ${describe(issue.input)}.`
  const n = z.number({ error }).min(lo, { error }).max(hi, { error })
  return integer ? n.int({ error }) : n
}
