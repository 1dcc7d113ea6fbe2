import { afterEach, describe, expect, it } from 'vitest'
import { OmnitronClient } from '../../../main/omnitron'
import { openStore } from '../../../main/store'
import { learnChannelTypes } from '../../../main/sync/channels'
import { type FakeServer, json, startFakeServer } from '../omnitron/fake-server'
import { makePlan, planInput } from '../store/fixtures'

let server: FakeServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

const TYPES: Record<number, string> = { 1: 'web', 2: 'trendyol', 3: 'web', 9: 'nonexistent' }

function setup(honourType: boolean) {
  const plans = [1, 2, 3, 9].map((ch, i) => makePlan({ pk: i + 1, channel: ch }))
  return startFakeServer((_req, res, url) => {
    const ids = (url.searchParams.get('channel_id__in') ?? '').split(',').filter(Boolean).map(Number)
    const type = url.searchParams.get('channel_type')
    let hits = plans.filter((p) => ids.length === 0 || ids.includes((p.order as { channel: number }).channel))
    if (type !== null && honourType) hits = hits.filter((p) => TYPES[(p.order as { channel: number }).channel] === type)
    json(res, 200, { count: hits.length, next: null, previous: null, results: hits.slice(0, 1) })
  }).then((s) => {
    server = s
    const { store } = openStore({ file: ':memory:' })
    store.applyPlans(plans.map(planInput), 1)
    return { store, client: new OmnitronClient({ baseUrl: s.url, token: 't' }), s }
  })
}

describe('learnChannelTypes', () => {
  it('learns id → type with few requests and remembers unresolved ids', async () => {
    const { store, client, s } = await setup(true)
    const warnings: string[] = []
    const n = await learnChannelTypes(store, client, { includeUnresolved: false, signal: new AbortController().signal, warn: (w) => warnings.push(w) })
    expect(n).toBe(3)
    expect(store.channels.all()).toEqual([
      { id: 1, type: 'web' },
      { id: 2, type: 'trendyol' },
      { id: 3, type: 'web' },
      { id: 9, type: null },
    ])
    expect(warnings).toEqual([])
    expect(s.requests.length).toBeLessThan(2 + 21 + 3 * 4)
    // Nothing unknown left (unresolved ids are retried only when asked to).
    const before = s.requests.length
    expect(await learnChannelTypes(store, client, { includeUnresolved: false, signal: new AbortController().signal, warn: () => {} })).toBe(0)
    expect(s.requests.length).toBe(before)
    expect(store.searchPlans({ channelType: 'web', sort: 'pk' }).rows.map((r) => r.pk)).toEqual([1, 3])
  })

  it('learns nothing from a server that ignores channel_type', async () => {
    const { store, client } = await setup(false)
    const warnings: string[] = []
    expect(await learnChannelTypes(store, client, { includeUnresolved: false, signal: new AbortController().signal, warn: (w) => warnings.push(w) })).toBe(0)
    expect(warnings[0]).toMatch(/ignores the channel_type filter/)
    expect(store.channels.all()).toEqual([])
  })
})
