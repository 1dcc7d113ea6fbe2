/**
 * Runs `fn` once the calls have stopped for `ms`: a store that asks main again when the cache
 * changes asks once after a sync or a bulk decision, not after each of its many changes.
 */
export function afterQuiet(fn: () => unknown, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  return () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void fn()
    }, ms)
  }
}
