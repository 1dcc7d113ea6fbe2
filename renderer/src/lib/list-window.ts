/**
 * Which places of a list of fixed-height rows are drawn: those in sight and `overscan` more beyond
 * each edge. Arithmetic on the scroll position, so a new count (every keystroke's answer) costs
 * nothing however long the list is.
 */
export interface ListGeometry {
  /** Every row's height, in pixels. */
  row: number
  /** What sits above the first row inside the same scrolling element (a sticky header). */
  header: number
  /** Rows drawn beyond each edge of the view. */
  overscan: number
}

/** The first and last places drawn, or null when the list is empty. */
export function drawnPlaces(scrollTop: number, viewHeight: number, total: number, g: ListGeometry): [number, number] | null {
  if (total <= 0) return null
  const top = Math.max(0, scrollTop - g.header)
  const first = Math.min(total - 1, Math.max(0, Math.floor(top / g.row) - g.overscan))
  const bottom = Math.max(0, scrollTop + viewHeight - g.header)
  const last = Math.min(total - 1, Math.max(first, Math.ceil(bottom / g.row) - 1 + g.overscan))
  return [first, last]
}
