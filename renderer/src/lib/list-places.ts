/**
 * The plans list keeps a place for every match of its search; a place not fetched yet is empty.
 * These build the next list of places from an answer, and tell whether some places are all fetched.
 */

/** The places with an answer's rows put at `at`, resized to the answer's count (a new array). */
export function placeRows<T>(places: ReadonlyArray<T | undefined>, at: number, answer: { total: number; rows: readonly T[] }): Array<T | undefined> {
  const next = places.slice()
  next.length = answer.total
  answer.rows.forEach((r, i) => {
    if (at + i < answer.total) next[at + i] = r
  })
  return next
}

/** Whether every place from `first` to `last` (those below the count) is fetched. */
export function placesComplete(places: ReadonlyArray<unknown>, total: number, first: number, last: number): boolean {
  const end = Math.min(total - 1, last)
  for (let i = Math.max(0, first); i <= end; i++) if (!places[i]) return false
  return true
}
