import type { OverviewQuery } from '../../../preload/contract'
import { localDay } from './view-search'

/**
 * The last `n` local days up to today, oldest first, each with its bounds as instants (from its
 * local midnight to the next one, exclusive): the same days the list's created-date filter
 * means when a day is clicked, in a zone with daylight saving too (a day can be 23 or 25 hours).
 */
export function lastDays(n: number, now = new Date()): OverviewQuery['days'] {
  const out: OverviewQuery['days'] = []
  for (let i = n - 1; i >= 0; i--) {
    const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - i)
    const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() - i + 1)
    out.push({ day: localDay(start), from: start.toISOString(), to: end.toISOString() })
  }
  return out
}
