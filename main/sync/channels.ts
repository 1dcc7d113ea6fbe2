/**
 * Learning channel id → channel type. Plans carry only `order.channel` (an id), but the
 * offline channel-type filter needs the type, and the API has no channel endpoint in scope.
 * The list endpoint does filter by both, so for the ids with no known type we ask, per
 * ChannelType, `?channel_id__in=<all unknown ids>&channel_type=<T>&limit=1`: a count of 0
 * rules the type out for all of them at once; a positive count is narrowed down id by id.
 * That is 21 requests plus a few per channel, once per new channel (results are cached in the
 * `channels` table; ids that match no type are remembered as unknown and asked again only on
 * a full sync).
 *
 * A server that ignores `channel_type` would make every type match: a probe with a type that
 * does not exist must answer 0 (or 400) before anything is learnt.
 */
import { CHANNEL_TYPES, type ChannelType } from '../domain'
import { OmnitronError } from '../omnitron'
import type { PlanReader } from './context'
import type { PlanStore } from '../store'

export async function learnChannelTypes(
  store: PlanStore,
  client: PlanReader,
  opts: { includeUnresolved: boolean; signal: AbortSignal; warn: (w: string) => void },
): Promise<number> {
  const unknown = store.channels.unknownIds(opts.includeUnresolved)
  if (unknown.length === 0) return 0
  const count = async (ids: number[], type?: string): Promise<number> => {
    const page = await client.listPage(
      type === undefined ? { channel_id__in: ids } : { channel_id__in: ids, channel_type: type as ChannelType },
      1,
      1,
      { signal: opts.signal },
    )
    return page.count ?? page.resultSize
  }

  const total = await count(unknown)
  if (total === 0) return 0
  // A type no server knows: a filtering server answers 0 (or 400); an ignoring one, everything.
  const ignoring = await count(unknown, 'plandesk_no_such_type').then(
    (n) => n >= total,
    (e: unknown) => {
      if (e instanceof OmnitronError && e.kind === 'validation') return false
      throw e
    },
  )
  if (ignoring) {
    opts.warn('The server ignores the channel_type filter; channel types were not learnt.')
    return 0
  }
  const found = new Map<number, string>()
  let remaining = [...unknown]
  let matched = 0
  for (const type of CHANNEL_TYPES) {
    if (remaining.length === 0) break
    const n = await count(remaining, type)
    if (n === 0) continue
    matched += n
    if (matched > total) {
      opts.warn('The server answered channel_type queries inconsistently; channel types were not learnt.')
      return 0
    }
    if (remaining.length === 1) {
      found.set(remaining[0], type)
    } else {
      for (const id of remaining) if ((await count([id], type)) > 0) found.set(id, type)
    }
    remaining = remaining.filter((id) => !found.has(id))
  }
  const now = new Date().toISOString()
  store.transaction(() => {
    for (const id of unknown) store.channels.set(id, found.get(id) ?? null, now)
  })
  return found.size
}
