/** GET cancellation_plans/cancellation_plan_statuses/ → labels in English, or Turkish for Accept-Language: tr. */
import { STATUS_LABELS } from '../data/catalog'
import { jsonReply, type Reply, type RouteContext } from './context'

/** The first language of Accept-Language decides, like Django's LocaleMiddleware with en and tr. */
export function prefersTurkish(header: string | undefined): boolean {
  if (!header) return false
  const langs = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';')
      const q = params.find((p) => p.trim().startsWith('q='))
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 }
    })
    .filter((l) => l.tag && l.q > 0)
    .sort((a, b) => b.q - a.q)
  const first = langs.find((l) => l.tag.startsWith('tr') || l.tag.startsWith('en'))
  return first?.tag.startsWith('tr') ?? false
}

export function statuses(ctx: RouteContext): Reply {
  const tr = prefersTurkish(ctx.req.headers['accept-language'])
  const labels: Record<string, string> = {}
  for (const [key, label] of Object.entries(STATUS_LABELS)) labels[key] = tr ? label.tr : label.en
  return jsonReply(200, { cancellation_plan_statuses: labels }, { 'Content-Language': tr ? 'tr' : 'en' })
}
