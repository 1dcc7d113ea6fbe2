/**
 * The list endpoint: pagination and every query parameter of the seed, each checked against the
 * same predicate evaluated over all plans in JavaScript; invalid values answer 400 per field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../../main/simulator'
import { CHANNELS } from '../../../main/simulator/data/catalog'
import { call, componentValidator, expectValid, responseValidator, type Body } from './helpers'

const LIST = '/api/v1/cancellation_plans/'
const NOW = new Date('2026-11-27T12:00:00.000Z')

let sim: RunningSimulator
let all: Body[]
const channelType = new Map(CHANNELS.map((c) => [c.id, c.channel_type]))

beforeAll(async () => {
  sim = await startSimulator({ plans: 400, seed: 11, now: () => NOW })
  const res = await call(`${sim.url}${LIST}?limit=1000`, { token: sim.token })
  all = res.json.results
})
afterAll(async () => {
  await sim.close()
})

const list = (query: string) => call(`${sim.url}${LIST}?${query}`, { token: sim.token })

/** Asserts that the filter returns exactly the plans the predicate selects (a proper, non-empty subset). */
async function expectFilter(query: string, predicate: (plan: Body) => boolean): Promise<void> {
  const expected = all.filter(predicate).map((p) => p.pk)
  expect(expected.length, `fixture for ${query} should select some plans`).toBeGreaterThan(0)
  expect(expected.length, `fixture for ${query} should not select every plan`).toBeLessThan(all.length)
  const res = await list(`${query}&limit=1000`)
  expect(res.status).toBe(200)
  expectValid(responseValidator(LIST, 'get', 200), res.json)
  expect(res.json.count).toBe(expected.length)
  expect(res.json.results.map((p: Body) => p.pk)).toEqual(expected)
}

async function expect400(query: string, field: string): Promise<void> {
  const res = await list(query)
  expect(res.status, query).toBe(400)
  expectValid(componentValidator('responses', '400'), res.json)
  expect(Array.isArray(res.json[field]), `${query} → error on ${field}`).toBe(true)
  expect(res.json[field][0]).toBeTypeOf('string')
  expect(res.json.code).toBe('invalid')
}

const day = (iso: string) => iso.slice(0, 10)
const us = (iso: string) => Date.parse(iso) * 1000 + Number(iso.slice(23, 26))

describe('pagination', () => {
  it('defaults to 10 rows, newest plan first, with absolute next/previous links', async () => {
    const res = await list('')
    expect(res.status).toBe(200)
    expectValid(responseValidator(LIST, 'get', 200), res.json)
    expect(res.json.count).toBe(400)
    expect(res.json.results.map((p: Body) => p.pk)).toEqual([400, 399, 398, 397, 396, 395, 394, 393, 392, 391])
    expect(res.json.previous).toBeNull()
    expect(res.json.next).toBe(`${sim.url}${LIST}?page=2`)
    const page2 = await call(res.json.next, { token: sim.token })
    expect(page2.json.results[0].pk).toBe(390)
    expect(page2.json.previous).toBe(`${sim.url}${LIST}`)
    expect(page2.json.next).toBe(`${sim.url}${LIST}?page=3`)
  })

  it('keeps the other parameters in next/previous and walks every page exactly once', async () => {
    const seen: number[] = []
    let url: string | null = `${sim.url}${LIST}?status=completed&limit=37`
    let pages = 0
    while (url) {
      const res = await call(url, { token: sim.token })
      expect(res.status).toBe(200)
      if (res.json.next) expect(res.json.next).toContain('status=completed')
      if (res.json.next) expect(res.json.next).toContain('limit=37')
      seen.push(...res.json.results.map((p: Body) => p.pk))
      url = res.json.next
      pages++
    }
    const expected = all.filter((p) => p.status === 'completed').map((p) => p.pk)
    expect(seen).toEqual(expected)
    expect(pages).toBe(Math.ceil(expected.length / 37))
  })

  it('serves the last page short and answers 404 "Invalid page." past the end', async () => {
    const last = await list('limit=100&page=4')
    expect(last.json.results).toHaveLength(100)
    expect(last.json.next).toBeNull()
    expect((await list('limit=100&page=last')).json.results[0].pk).toBe(last.json.results[0].pk)
    for (const page of ['5', '0', 'abc', '-1', '1.5']) {
      const res = await list(`limit=100&page=${page}`)
      expect(res.status, page).toBe(404)
      expectValid(responseValidator(LIST, 'get', 404), res.json)
      expect(res.json.detail).toBe('Invalid page.')
    }
  })

  it('answers an empty first page for a filter that matches nothing, and 404 after it', async () => {
    const res = await list('order_number=NOPE')
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ count: 0, next: null, previous: null, results: [] })
    expect((await list('order_number=NOPE&page=2')).status).toBe(404)
  })

  it('validates limit and clamps it to 1000', async () => {
    await expect400('limit=abc', 'limit')
    await expect400('limit=0', 'limit')
    await expect400('limit=-5', 'limit')
    const big = await list('limit=5000')
    expect(big.json.results).toHaveLength(400)
  })

  it('accepts ordering by modified_date (an extension the sync engine can use)', async () => {
    const res = await list('ordering=modified_date&limit=1000')
    const dates = res.json.results.map((p: Body) => us(p.modified_date))
    expect(dates).toEqual([...dates].sort((a, b) => a - b))
    expect(res.json.results.map((p: Body) => p.pk)).not.toEqual(all.map((p) => p.pk))
  })
})

describe('filters', () => {
  it('plan_type', () => expectFilter('plan_type=refund', (p) => p.plan_type === 'refund'))
  it('status', () => expectFilter('status=waiting', (p) => p.status === 'waiting'))
  it('order_id', async () => {
    const target = all[17].order.pk
    await expectFilter(`order_id=${target}`, (p) => p.order.pk === target)
  })
  it('order (order id)', async () => {
    const target = all[3].order.pk
    await expectFilter(`order=${target}`, (p) => p.order.pk === target)
  })
  it('order_number', async () => {
    const target = all[25].order.number
    await expectFilter(`order_number=${encodeURIComponent(target)}`, (p) => p.order.number === target)
  })
  it('channel_type', () => expectFilter('channel_type=trendyol', (p) => channelType.get(p.order.channel) === 'trendyol'))
  it('channel_type with a type used by two channels', () =>
    expectFilter('channel_type=amazon', (p) => p.order.channel === 5 || p.order.channel === 9))
  it('channel_id__in', () => expectFilter('channel_id__in=2,3', (p) => p.order.channel === 2 || p.order.channel === 3))
  it('channel_id__in as repeated parameters (OpenAPI form/explode style)', () =>
    expectFilter('channel_id__in=2&channel_id__in=4', (p) => p.order.channel === 2 || p.order.channel === 4))
  it('invoice_number', async () => {
    const target = all.find((p) => p.invoice_number).invoice_number
    await expectFilter(`invoice_number=${target}`, (p) => p.invoice_number === target)
  })
  it('invoice_date', async () => {
    const target = day(all.find((p) => p.order.invoice_date).order.invoice_date)
    await expectFilter(`invoice_date=${target}`, (p) => p.order.invoice_date !== null && day(p.order.invoice_date) === target)
  })
  it('created_by', async () => {
    const target = all.find((p) => p.created_by.pk !== 2).created_by.pk
    await expectFilter(`created_by=${target}`, (p) => p.created_by.pk === target)
  })
  it('modified_by', async () => {
    const target = all[0].modified_by_id
    await expectFilter(`modified_by=${target}`, (p) => p.modified_by_id === target)
  })
  it('staff_remote_id', async () => {
    const target = all[5].staff_remote_id
    await expectFilter(`staff_remote_id=${target}`, (p) => p.staff_remote_id === target)
  })
  it('retail_store_remote_id', () =>
    expectFilter('retail_store_remote_id=IST-KDK-01', (p) => p.retail_store_remote_id === 'IST-KDK-01'))
  it('related_cancellationplan', async () => {
    const target = all.find((p) => p.related_cancellation_plan !== null).related_cancellation_plan
    await expectFilter(`related_cancellationplan=${target}`, (p) => p.related_cancellation_plan === target)
  })
  it('related_cancellation_plan__plan_type', () =>
    expectFilter('related_cancellation_plan__plan_type=cancel', (p) => p.related_cancellation_plan !== null))
  it('pk', () => expectFilter('pk=123', (p) => p.pk === 123))
  it('pk__in (comma-separated)', () => expectFilter('pk__in=5,%2010,400,9999', (p) => [5, 10, 400].includes(p.pk)))
  it('customer_id', async () => {
    const target = all[40].order.customer
    await expectFilter(`customer_id=${target}`, (p) => p.order.customer === target)
  })
  it('combines filters with AND', () =>
    expectFilter('plan_type=cancel&status=completed&channel_type=web', (p) =>
      p.plan_type === 'cancel' && p.status === 'completed' && channelType.get(p.order.channel) === 'web'))
  it('ignores empty values and unknown parameters, like django-filter', async () => {
    const res = await list('status=&plan_type=&foo=bar')
    expect(res.json.count).toBe(400)
  })
})

describe('tag filters', () => {
  it('tag and tag__exclude', async () => {
    sim.admin.updatePlan(7, { tags: ['simtest'] })
    sim.admin.updatePlan(9, { tags: ['simtest', 'vip'] })
    const tagged = await list('tag=simtest')
    expect(tagged.json.results.map((p: Body) => p.pk)).toEqual([9, 7])
    const excluded = await list('tag__exclude=simtest&limit=1000')
    expect(excluded.json.count).toBe(398)
    expect(excluded.json.results.map((p: Body) => p.pk)).not.toContain(7)
    const both = await list('tag=simtest&tag=vip')
    expect(both.json.results.map((p: Body) => p.pk)).toEqual([9])
    // The admin edits bumped modified_date: later specs compare against fresh data.
    all = (await list('limit=1000')).json.results
  })

  it('generated plans carry tags (marketplace orders are tagged)', async () => {
    const res = await list('tag=marketplace&limit=1000')
    expect(res.json.count).toBeGreaterThan(0)
    for (const p of res.json.results) expect(['web', 'sales_channel']).not.toContain(channelType.get(p.order.channel))
  })
})

describe('date lookups', () => {
  // A moment between two plans, so strict and non-strict comparisons differ only at exact hits.
  const pivot = () => all[200].created_date as string

  it.each([
    ['created_date__gt', (a: number, b: number) => a > b],
    ['created_date__gte', (a: number, b: number) => a >= b],
    ['created_date__lt', (a: number, b: number) => a < b],
    ['created_date__lte', (a: number, b: number) => a <= b],
  ])('%s on an exact timestamp', async (param, cmp) => {
    const t = pivot()
    await expectFilter(`${param}=${encodeURIComponent(t)}`, (p) => cmp(us(p.created_date), us(t)))
  })

  it('created_date exact', async () => {
    const t = pivot()
    await expectFilter(`created_date=${encodeURIComponent(t)}`, (p) => p.created_date === t)
  })

  it('accepts offsets and bare dates like Django', async () => {
    const t = all[100].created_date as string
    const shifted = new Date(Date.parse(t) + 3 * 3600_000).toISOString().replace('Z', '+03:00')
    // Same instant written in +03:00 (millisecond precision, so compare at ms).
    const res = await list(`created_date__gte=${encodeURIComponent(shifted)}&limit=1000`)
    expect(res.json.count).toBe(all.filter((p) => Date.parse(p.created_date) >= Date.parse(t)).length)
    const bare = await list(`created_date__gte=${day(t)}&limit=1000`)
    expect(bare.json.count).toBe(all.filter((p) => day(p.created_date) >= day(t)).length)
  })

  it.each([
    ['__date', (a: string, b: string) => a === b],
    ['__date__gt', (a: string, b: string) => a > b],
    ['__date__gte', (a: string, b: string) => a >= b],
    ['__date__lt', (a: string, b: string) => a < b],
    ['__date__lte', (a: string, b: string) => a <= b],
  ])('created_date%s compares UTC days', async (suffix, cmp) => {
    const d = day(pivot())
    await expectFilter(`created_date${suffix}=${d}`, (p) => cmp(day(p.created_date), d))
  })

  it.each(['__gt', '__gte', '__lt', '__lte', '__date', '__date__gte'])('modified_date%s', async (suffix) => {
    const t = (all[300].modified_date as string)
    const value = suffix.startsWith('__date') ? day(t) : t
    const cmp: Record<string, (a: Body) => boolean> = {
      __gt: (p) => us(p.modified_date) > us(t),
      __gte: (p) => us(p.modified_date) >= us(t),
      __lt: (p) => us(p.modified_date) < us(t),
      __lte: (p) => us(p.modified_date) <= us(t),
      __date: (p) => day(p.modified_date) === day(t),
      __date__gte: (p) => day(p.modified_date) >= day(t),
    }
    await expectFilter(`modified_date${suffix}=${encodeURIComponent(value)}`, cmp[suffix])
  })
})

describe('invalid values → 400 with field errors', () => {
  it.each([
    ['plan_type=exchange', 'plan_type'],
    ['status=pending', 'status'],
    ['status=WAITING', 'status'],
    ['order_id=abc', 'order_id'],
    ['order=1.5', 'order'],
    ['channel_type=ebay', 'channel_type'],
    ['channel_id__in=1,x', 'channel_id__in'],
    ['invoice_date=2026-13-01', 'invoice_date'],
    ['invoice_date=yesterday', 'invoice_date'],
    ['created_by=me', 'created_by'],
    ['modified_by=1e3', 'modified_by'],
    ['related_cancellationplan=abc', 'related_cancellationplan'],
    ['related_cancellation_plan__plan_type=x', 'related_cancellation_plan__plan_type'],
    ['created_date__gt=not-a-date', 'created_date__gt'],
    ['created_date=2026-02-30T00:00:00Z', 'created_date'],
    ['modified_date__date=2026-11-27T10:00:00Z', 'modified_date__date'],
    ['modified_date__lte=27.11.2026', 'modified_date__lte'],
    ['pk=x', 'pk'],
    ['pk__in=1,,a', 'pk__in'],
    ['customer_id=abc', 'customer_id'],
    ['export_format=pdf', 'export_format'],
  ])('%s', (query, field) => expect400(query, field))

  it('reports every invalid parameter at once', async () => {
    const res = await list('status=nope&pk=x')
    expect(res.status).toBe(400)
    expect(Object.keys(res.json).sort()).toEqual(['code', 'pk', 'status'])
  })
})
