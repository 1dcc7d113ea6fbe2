/**
 * Timestamps are kept as integer microseconds since the epoch: SQLite compares and indexes them
 * cheaply, and microseconds let modified_date stay strictly increasing even when two mutations
 * land in the same millisecond (clients sync incrementally on modified_date__gte).
 * They are rendered like Django REST framework does: ISO 8601, six fractional digits, "Z".
 */
export const US_PER_MS = 1000
export const US_PER_DAY = 86_400_000_000

export function toIso(us: number): string {
  const ms = Math.floor(us / US_PER_MS)
  const frac = String(us - ms * US_PER_MS).padStart(3, '0')
  // toISOString gives "2026-10-01T12:34:56.123Z": splice the extra three digits before the Z.
  return new Date(ms).toISOString().slice(0, -1) + frac + 'Z'
}

export function dateToUs(d: Date): number {
  return d.getTime() * US_PER_MS
}

/** "YYYY-MM-DD" of a timestamp in UTC (the simulator's time zone, like a Django server on UTC). */
export function dayOf(us: number): string {
  return new Date(Math.floor(us / US_PER_MS)).toISOString().slice(0, 10)
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/i

/** Start of a UTC day in microseconds, or null when the text is not a valid date. */
export function parseDateUs(text: string): number | null {
  const m = DATE_ONLY.exec(text)
  if (!m) return null
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3])
  // Reject 2026-02-31 and friends: Date.UTC silently rolls them over.
  if (new Date(ms).toISOString().slice(0, 10) !== text) return null
  return ms * US_PER_MS
}

/**
 * Parses what Django's DateTimeField filter accepts: a date-time with optional seconds, fraction
 * and offset (naive values are taken as UTC), or a bare date (midnight UTC).
 */
export function parseDateTimeUs(text: string): number | null {
  const dateOnly = parseDateUs(text)
  if (dateOnly !== null) return dateOnly
  const m = DATE_TIME.exec(text)
  if (!m) return null
  const [, y, mo, d, h, mi, s = '0', frac = '', tz] = m
  const day = parseDateUs(`${y}-${mo}-${d}`)
  if (day === null || +h > 23 || +mi > 59 || +s > 59) return null
  let us = day + ((+h * 60 + +mi) * 60 + +s) * 1_000_000 + Number(frac.padEnd(6, '0'))
  if (tz && tz.toUpperCase() !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1
    const digits = tz.slice(1).replace(':', '')
    const offsetMin = +digits.slice(0, 2) * 60 + +digits.slice(2, 4)
    us -= sign * offsetMin * 60 * 1_000_000
  }
  return us
}
