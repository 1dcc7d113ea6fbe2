/** Past this age the cached copy is called out as old on the list and the detail. */
export const STALE_AFTER_MS = 60 * 60 * 1000

/** How old the cache is when that is worth saying (over an hour), else null. */
export function staleAge(lastSyncAt: string | null | undefined, now = Date.now()): number | null {
  if (!lastSyncAt) return null
  const at = Date.parse(lastSyncAt)
  if (Number.isNaN(at)) return null
  const age = now - at
  return age > STALE_AFTER_MS ? age : null
}
