/**
 * Generated data: every plan validates against the spec's CancellationPlan, the data is
 * deterministic for a seed, and it looks like a Turkish e-commerce operation (channels,
 * currencies, Turkish names, EAN-13 barcodes, reasons in two languages, realistic proportions,
 * refunds that follow a cancel of the same order, dates over the last 180 days).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../../main/simulator'
import { CHANNELS } from '../../../main/simulator/data/catalog'
import { call, componentValidator, expectValid, type Body } from './helpers'

const NOW = new Date('2026-11-27T12:00:00.000Z')
const LIST = '/api/v1/cancellation_plans/'

async function fetchAll(sim: RunningSimulator): Promise<Body[]> {
  return (await call(`${sim.url}${LIST}?limit=1000&ordering=pk`, { token: sim.token })).json.results
}

let sim: RunningSimulator
let plans: Body[]
beforeAll(async () => {
  sim = await startSimulator({ plans: 500, seed: 42, now: () => NOW })
  plans = await fetchAll(sim)
})
afterAll(async () => {
  await sim.close()
})

const validatePlan = () => componentValidator('schemas', 'CancellationPlan')

describe('spec conformance', () => {
  it('every generated plan validates against CancellationPlan', () => {
    expect(plans).toHaveLength(500)
    const validate = validatePlan()
    for (const plan of plans) expectValid(validate, plan)
  })

  it('the validator is strict enough to catch broken plans', () => {
    const validate = validatePlan()
    const broken = [
      (p: Body) => { p.status = 'done' },
      (p: Body) => { p.order.status = 'shipped' },
      (p: Body) => { p.order.currency = 'TRY' },
      (p: Body) => { p.cancellationplanorderitem_set[0].order_item.product.name = 5 },
      (p: Body) => { p.created_date = '27/11/2026' },
      (p: Body) => { delete p.order.number },
    ]
    for (const breakIt of broken) {
      const copy = structuredClone(plans[0])
      breakIt(copy)
      expect(validate(copy)).toBe(false)
    }
  })

  it('follows the real server where the spec contradicts itself', () => {
    for (const plan of plans) {
      // Order.status: numeric codes (the seed types it string with numeric values).
      expect(Number.isInteger(plan.order.status)).toBe(true)
      for (const item of plan.cancellationplanorderitem_set) {
        // Product.barcode: required by the seed but never declared; always sent.
        expect(item.order_item.product.barcode).toMatch(/^\d{13}$/)
      }
    }
  })
})

describe('determinism', () => {
  it('is identical for the same seed and clock', async () => {
    const again = await startSimulator({ plans: 500, seed: 42, now: () => NOW })
    expect(await fetchAll(again)).toEqual(plans)
    await again.close()
  })

  it('differs for another seed', async () => {
    const other = await startSimulator({ plans: 500, seed: 43, now: () => NOW })
    const otherPlans = await fetchAll(other)
    expect(otherPlans.map((p) => p.order.number)).not.toEqual(plans.map((p) => p.order.number))
    await other.close()
  })
})

describe('realism', () => {
  const share = (pred: (p: Body) => boolean) => plans.filter(pred).length / plans.length

  it('spreads plans over many channels, mostly in TRY with some EUR and USD', () => {
    const channels = new Set(plans.map((p) => p.order.channel))
    const types = new Set([...channels].map((id) => CHANNELS.find((c) => c.id === id)!.channel_type))
    for (const t of ['web', 'trendyol', 'hepsiburada', 'n11', 'amazon']) expect(types.has(t as Body), t).toBe(true)
    expect(share((p) => p.order.currency === 'try')).toBeGreaterThan(0.8)
    expect(share((p) => p.order.currency === 'eur')).toBeGreaterThan(0)
    expect(share((p) => p.order.currency === 'usd')).toBeGreaterThan(0)
    for (const p of plans) {
      const expected = { try: 'tr', eur: 'eu', usd: 'usd' }[p.order.currency as 'try' | 'eur' | 'usd']
      for (const i of p.cancellationplanorderitem_set) expect(i.order_item.price_currency).toBe(expected)
    }
  })

  it('has 1–6 items per plan with Turkish product names, SKUs and valid EAN-13 barcodes', () => {
    const counts = new Set(plans.map((p) => p.cancellationplanorderitem_set.length))
    expect(Math.min(...counts)).toBe(1)
    expect(Math.max(...counts)).toBeLessThanOrEqual(6)
    expect(counts.size).toBeGreaterThanOrEqual(4)
    const names = plans.flatMap((p) => p.cancellationplanorderitem_set.map((i: Body) => i.order_item.product.name as string))
    expect(names.some((n) => /[çğıöşüÇĞİÖŞÜ]/.test(n))).toBe(true)
    for (const p of plans) {
      for (const i of p.cancellationplanorderitem_set) {
        const b: string = i.order_item.product.barcode
        const sum = [...b.slice(0, 12)].reduce((s, d, k) => s + Number(d) * (k % 2 === 0 ? 1 : 3), 0)
        expect(Number(b[12])).toBe((10 - (sum % 10)) % 10)
        expect(i.order_item.product.sku).toMatch(/^[A-Z]{3}\d{5}/)
        expect(i.order_item.price).toBeGreaterThan(0)
        expect([10, 20]).toContain(i.order_item.tax_rate)
      }
    }
  })

  it('gives reasons Turkish subjects with English translations, matching the plan type', () => {
    for (const p of plans) {
      for (const i of p.cancellationplanorderitem_set) {
        expect(i.reason.cancellation_type).toBe(p.plan_type)
        expect(i.reason.translations.tr.subject).toBe(i.reason.subject)
        expect(i.reason.translations.en.subject).toMatch(/^[A-Za-z ]+$/)
      }
    }
    expect(plans.some((p) => /[çğıöşüİ]/.test(p.cancellationplanorderitem_set[0].reason.subject))).toBe(true)
  })

  it('has realistic proportions of statuses and plan types', () => {
    expect(share((p) => p.status === 'completed')).toBeGreaterThan(0.4)
    expect(share((p) => p.status === 'waiting')).toBeGreaterThan(0.03)
    expect(new Set(plans.map((p) => p.status)).size).toBeGreaterThanOrEqual(8)
    expect(share((p) => p.plan_type === 'cancel')).toBeGreaterThan(0.4)
    expect(share((p) => p.plan_type === 'refund')).toBeGreaterThan(0.3)
  })

  it('relates refunds to an earlier cancel of the same order', () => {
    const byPk = new Map(plans.map((p) => [p.pk, p]))
    const related = plans.filter((p) => p.related_cancellation_plan !== null)
    expect(related.length).toBeGreaterThan(5)
    for (const p of related) {
      const cancel = byPk.get(p.related_cancellation_plan)
      expect(cancel.plan_type).toBe('cancel')
      expect(p.plan_type).toBe('refund')
      expect(cancel.order.pk).toBe(p.order.pk)
      expect(cancel.created_date < p.created_date).toBe(true)
    }
  })

  it('dates plans over the 180 days before now, with modified ≥ created', () => {
    const nowMs = NOW.getTime()
    for (const p of plans) {
      const created = Date.parse(p.created_date)
      expect(created).toBeGreaterThanOrEqual(nowMs - 180 * 86_400_000)
      expect(created).toBeLessThanOrEqual(nowMs)
      expect(p.modified_date >= p.created_date).toBe(true)
      expect(Date.parse(p.modified_date)).toBeLessThanOrEqual(nowMs)
      expect(Date.parse(p.order.date_placed)).toBeLessThan(created)
    }
    const first = Date.parse(plans[0].created_date)
    const last = Date.parse(plans[plans.length - 1].created_date)
    expect(last - first).toBeGreaterThan(170 * 86_400_000)
  })

  it('uses users with Turkish names; marketplace plans are mostly created by the integration user', () => {
    const names = new Set(plans.map((p) => `${p.last_updated_by.first_name} ${p.last_updated_by.last_name}`))
    expect([...names].some((n) => /[çğıöşüÇĞİÖŞÜ]/.test(n))).toBe(true)
    const marketplace = plans.filter((p) => p.order.channel === 2)
    expect(marketplace.filter((p) => p.created_by.username === 'omnitron.entegrasyon').length / marketplace.length).toBeGreaterThan(0.4)
  })

  it('keeps amounts consistent: refund = items + shipping refund − discount refund', () => {
    for (const p of plans) {
      const items = p.cancellationplanorderitem_set.reduce((s: number, i: Body) => s + i.order_item.price, 0)
      expect(p.refund_amount).toBeCloseTo(items + p.shipping_refund_amount - p.discount_refund_amount, 2)
    }
  })

  it('keeps order numbers unique per channel and invoice numbers in e-Arşiv format', () => {
    const seen = new Map<string, number>()
    for (const p of plans) {
      const key = `${p.order.channel}:${p.order.number}`
      if (seen.has(key)) expect(seen.get(key)).toBe(p.order.pk)
      seen.set(key, p.order.pk)
      if (p.invoice_number) expect(p.invoice_number).toMatch(/^PDA\d{4}\d{9}$/)
    }
  })
})

describe('modified dates at 2,000 plans', () => {
  // The app opens on "recently modified": a pile of plans on one instant (a clamp to the start-up
  // time once put 42 of 2,000 there) shows as a wall of equal timestamps.
  const fetch2000 = async (): Promise<Body[]> => {
    const sim2 = await startSimulator({ plans: 2000, seed: 42, now: () => NOW })
    try {
      const out: Body[] = []
      for (let page = 1; page <= 2; page++) out.push(...(await call(`${sim2.url}${LIST}?limit=1000&ordering=pk&page=${page}`, { token: sim2.token })).json.results)
      return out
    } finally {
      await sim2.close()
    }
  }

  it('are spread out: no instant shared by more than a handful, all within [created_date, now], same for the same seed', async () => {
    const many = await fetch2000()
    expect(many).toHaveLength(2000)
    const perInstant = new Map<string, number>()
    for (const p of many) perInstant.set(p.modified_date, (perInstant.get(p.modified_date) ?? 0) + 1)
    const crowded = [...perInstant].filter(([, n]) => n > 3)
    expect(crowded, 'instants shared by more than 3 plans').toEqual([])
    for (const p of many) {
      expect(Date.parse(p.modified_date), `plan ${p.pk}`).toBeLessThanOrEqual(NOW.getTime())
      expect(p.modified_date >= p.created_date, `plan ${p.pk}`).toBe(true)
    }
    // The default view's first page shows distinct times.
    const recent = [...many].sort((a, b) => (a.modified_date < b.modified_date ? 1 : -1)).slice(0, 50)
    expect(new Set(recent.map((p) => p.modified_date)).size).toBeGreaterThanOrEqual(48)
    expect((await fetch2000()).map((p) => p.modified_date)).toEqual(many.map((p) => p.modified_date))
  })
})
