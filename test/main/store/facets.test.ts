import { describe, expect, it } from 'vitest'
import { CHANNEL_COUNTS_SQL, CHANNEL_RECORD_SQL, STAFF_COUNTS_SQL, STORE_COUNTS_SQL } from '../../../main/store/facets'
import { makePlan, planInput } from './fixtures'
import { memoryStore } from './helpers'

/** A plan whose order names its channel the way Omnitron's does (order.extra_field.channel_name). */
function named(pk: number, channel: number, name: string | null, extra: Parameters<typeof makePlan>[0] = { pk }) {
  const raw = makePlan({ ...extra, pk, channel })
  if (name !== null) (raw.order as Record<string, unknown>).extra_field = { channel_name: name }
  return planInput(raw)
}

describe('the filters’ choices from the cache (plans:facets)', () => {
  it('names each channel as its newest plan does, and counts every value', () => {
    const s = memoryStore()
    s.applyPlans(
      [
        named(1, 1, 'Web Store', { pk: 1, store: 'IST-01', staff: 'P-1', currency: 'try' }),
        named(2, 1, 'Web Mağaza', { pk: 2, store: 'IST-01', staff: 'P-2', currency: 'try' }),
        named(3, 2, 'Trendyol', { pk: 3, store: 'ANK-02', staff: 'P-2', currency: 'try' }),
        named(4, 9, null, { pk: 4, store: 'ANK-02', staff: 'P-2', currency: 'eur' }),
        named(5, 2, 'Trendyol', { pk: 5, store: 'IST-01', staff: 'P-3', currency: 'try' }),
      ],
      1,
    )
    s.channels.set(1, 'web')
    expect(s.facets()).toEqual({
      channels: [
        { id: 1, name: 'Web Mağaza', type: 'web', count: 2 },
        { id: 2, name: 'Trendyol', type: null, count: 2 },
        { id: 9, name: null, type: null, count: 1 },
      ],
      stores: [
        { value: 'IST-01', count: 3 },
        { value: 'ANK-02', count: 2 },
      ],
      staff: [
        { value: 'P-2', count: 3 },
        { value: 'P-1', count: 1 },
        { value: 'P-3', count: 1 },
      ],
      currencies: [
        { code: 'TRY', count: 4 },
        { code: 'EUR', count: 1 },
      ],
    })
  })

  it('answers again from the cache once it changed, and from what it kept until then', () => {
    const s = memoryStore([{ pk: 1, store: 'A' }])
    const first = s.facets()
    expect(s.facets()).toBe(first)
    s.applyPlans([planInput(makePlan({ pk: 2, store: 'B' }))], 2)
    expect(s.facets().stores.map((x) => x.value)).toEqual(['A', 'B'])
  })

  it('counts from the indexes, and finds a channel’s newest plan by its index', () => {
    const s = memoryStore([{ pk: 1 }])
    const plan = (sql: string, ...params: unknown[]) => (s.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n')
    // Grouped in the index's order: no temporary table of every plan.
    for (const [sql, index] of [[CHANNEL_COUNTS_SQL, 'idx_plans_channel_id'], [STORE_COUNTS_SQL, 'idx_plans_store_type_status'], [STAFF_COUNTS_SQL, 'idx_plans_staff_type_status']]) {
      expect(plan(sql)).toMatch(new RegExp(`(SCAN|SEARCH) (p|plans) USING COVERING INDEX ${index}`))
      expect(plan(sql)).not.toMatch(/TEMP B-TREE/)
    }
    expect(plan(CHANNEL_RECORD_SQL, 1)).toMatch(/SEARCH plans USING COVERING INDEX idx_plans_channel_id \(channel_id=\?\)/)
    expect(plan(CHANNEL_RECORD_SQL, 1)).not.toMatch(/SCAN/)
  })
})
