/**
 * How PlanDesk names an Omnitron User object (a plan's created_by and last_updated_by): "First
 * Last", else the username, else null. The cache records names this way in its history, and the
 * detail shows them this way, so the two never disagree.
 */
export function userName(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null
  const user = v as Record<string, unknown>
  const text = (x: unknown) => (typeof x === 'string' ? x.trim() : '')
  const full = [text(user.first_name), text(user.last_name)].filter(Boolean).join(' ')
  return full || text(user.username) || null
}

/**
 * The account (username) of an Omnitron User object, as the server records who made a change
 * (a plan's last_updated_by); null when it names nobody or only by number.
 */
export function userAccount(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null
  const name = (v as Record<string, unknown>).username
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : null
}
