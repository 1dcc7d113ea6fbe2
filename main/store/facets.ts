/**
 * What the list's filters can offer from the cache (plans:facets): each channel with its name
 * and type, each store and staff member, each currency, and how many cached plans each has.
 *
 * Channel names come from the plans themselves: Omnitron's order carries its channel as an id,
 * and the channel's name in `order.extra_field.channel_name`; the newest plan of each channel
 * names it (a renamed channel shows its new name). Every count reads an index that exists
 * (idx_plans_channel_id, idx_plans_store_type_status, idx_plans_staff_type_status), except the
 * currencies' (no index has the currency: a scan of the plans). The answer is kept until the
 * cache changes.
 */
import type { ReadableDB, ReadStatement } from './connection'
import type { PlanFacets } from '../../preload/contract'
import { CacheVersion } from './cache-version'
import { readRecord } from './record'
import { CURRENCY_COUNTS_SQL } from './search'

export const CHANNEL_COUNTS_SQL = `SELECT p.channel_id AS id, count(*) AS n, c.type AS type
  FROM plans p LEFT JOIN channels c ON c.id = p.channel_id
  WHERE p.channel_id IS NOT NULL GROUP BY p.channel_id`
export const STORE_COUNTS_SQL = 'SELECT store_remote_id AS value, count(*) AS n FROM plans WHERE store_remote_id IS NOT NULL GROUP BY store_remote_id'
export const STAFF_COUNTS_SQL = 'SELECT staff_remote_id AS value, count(*) AS n FROM plans WHERE staff_remote_id IS NOT NULL GROUP BY staff_remote_id'
/** The newest cached plan of a channel (its JSON names the channel). */
export const CHANNEL_RECORD_SQL = 'SELECT j.raw_json AS raw FROM plan_json j WHERE j.pk = (SELECT max(pk) FROM plans WHERE channel_id = ?)'

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null)

/** The channel's name a plan's JSON gives (order.extra_field.channel_name), or null. */
export function channelNameOf(plan: Obj | null): string | null {
  const name = obj(obj(obj(plan?.order)?.extra_field))?.channel_name
  return typeof name === 'string' && name.trim() !== '' ? name.trim() : null
}

export class FacetQueries {
  private readonly channels: ReadStatement<[], { id: number; n: number; type: string | null }>
  private readonly stores: ReadStatement<[], { value: string; n: number }>
  private readonly staff: ReadStatement<[], { value: string; n: number }>
  private readonly currencies: ReadStatement<[], { currency: string | null; n: number }>
  private readonly channelRecord: ReadStatement<[number], { raw: string | Buffer }>
  private readonly version: CacheVersion
  private kept: { version: string; facets: PlanFacets } | null = null

  constructor(private readonly db: ReadableDB) {
    this.channels = db.prepare(CHANNEL_COUNTS_SQL)
    this.stores = db.prepare(STORE_COUNTS_SQL)
    this.staff = db.prepare(STAFF_COUNTS_SQL)
    this.currencies = db.prepare(CURRENCY_COUNTS_SQL)
    this.channelRecord = db.prepare(CHANNEL_RECORD_SQL)
    this.version = new CacheVersion(db)
  }

  facets(): PlanFacets {
    const version = this.version.now()
    if (this.kept?.version === version) return this.kept.facets
    const byCount = <T extends { count: number }>(a: T, b: T, tie: number) => b.count - a.count || tie
    const facets = this.db.transaction(
      (): PlanFacets => ({
        channels: this.channels
          .all()
          .map((r) => ({ id: r.id, name: channelNameOf(readRecord(this.channelRecord.get(r.id)?.raw)), type: r.type, count: r.n }))
          .sort((a, b) => byCount(a, b, a.id - b.id)),
        stores: this.stores.all().map((r) => ({ value: r.value, count: r.n })).sort((a, b) => byCount(a, b, a.value.localeCompare(b.value))),
        staff: this.staff.all().map((r) => ({ value: r.value, count: r.n })).sort((a, b) => byCount(a, b, a.value.localeCompare(b.value))),
        currencies: this.currencies
          .all()
          .filter((r): r is { currency: string; n: number } => r.currency !== null)
          .map((r) => ({ code: r.currency, count: r.n }))
          .sort((a, b) => byCount(a, b, a.code.localeCompare(b.code))),
      }),
    )()
    this.kept = { version, facets }
    return facets
  }
}
