/** GET cancellation_plans/{id}/ → the full plan, or 404 {detail: "Not found."}. */
import { notFound } from '../http'
import { jsonReply, type Reply, type RouteContext } from './context'

/** Path ids that are not plain integers are simply not found, like Django's router. */
export function parseId(raw: string): number | null {
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null
}

export function detail(ctx: RouteContext, rawId: string): Reply {
  const id = parseId(rawId)
  const json = id === null ? null : ctx.state.planJson(id)
  if (json === null) throw notFound()
  return jsonReply(200, json)
}
