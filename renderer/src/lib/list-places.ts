/**
 * The plans list keeps a place for every match of its search; a place not fetched yet is empty.
 * These build the next list of places from an answer, and tell whether a page's places are full.
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

/** Whether every place of page `page` (of `size` places) is fetched. */
export function pageComplete(places: ReadonlyArray<unknown>, total: number, page: number, size: number): boolean {
  const end = Math.min(total, (page + 1) * size)
  for (let i = page * size; i < end; i++) if (!places[i]) return false
  return true
}
