import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResult } from '../../../preload/contract'
import type { RunningSimulator } from '../../../main/simulator/types'
import { startSim } from '../sync/sim-helpers'
import { cli, tempDataDir } from './harness'

let sim: RunningSimulator
let dataDir: string
beforeAll(async () => {
  sim = await startSim(150)
  dataDir = tempDataDir()
  await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
  await cli(['sync'], { dataDir })
})
afterAll(async () => {
  await sim?.close()
})

const search = async (...args: string[]) => {
  const r = await cli(['search', ...args, '--json'], { dataDir })
  expect(r.code).toBe(0)
  return JSON.parse(r.out) as SearchResult
}

describe('plandesk search', () => {
  it('prints {total, rows} with --json and a table otherwise', async () => {
    const all = await search('--limit', '5')
    expect(all.total).toBe(150)
    expect(all.rows).toHaveLength(5)
    const text = await cli(['search', '--limit', '3'], { dataDir })
    expect(text.out).toMatch(/^PK +STATUS +TYPE/)
    expect(text.out).toMatch(/1–3 of 150 plan\(s\)/)
  })

  it('filters like the list endpoint, offline', async () => {
    const refunds = await search('--type', 'refund', '--status', 'waiting', '--status', 'approved', '--limit', '1000')
    expect(refunds.total).toBeGreaterThan(0)
    expect(refunds.rows.every((r) => r.planType === 'refund' && ['waiting', 'approved'].includes(r.status))).toBe(true)
    const someone = (await search('--limit', '1')).rows[0]
    const byStore = await search('--store', someone.storeRemoteId!, '--limit', '1000')
    expect(byStore.rows.every((r) => r.storeRemoteId === someone.storeRemoteId)).toBe(true)
    const byType = await search('--channel-type', someone.channelType!, '--limit', '1000')
    expect(byType.rows.every((r) => r.channelType === someone.channelType)).toBe(true)
    const day = someone.createdDate!.slice(0, 10)
    const byDay = await search('--created-from', day, '--created-to', day, '--limit', '1000')
    expect(byDay.rows.map((r) => r.pk)).toContain(someone.pk)
    expect(byDay.rows.every((r) => r.createdDate!.startsWith(day))).toBe(true)
    // By refund: each currency's plans together (the currency of most plans first), by amount within each.
    const sorted = await search('--sort', 'refund_amount', '--limit', '1000')
    const runs = sorted.rows.map((r) => r.currency).filter((c, i, all) => i === 0 || c !== all[i - 1])
    expect(runs).toEqual([...new Set(runs)])
    for (const c of runs) {
      const amounts = sorted.rows.filter((r) => r.currency === c).map((r) => r.refundAmount ?? 0)
      expect(amounts).toEqual([...amounts].sort((a, b) => a - b))
    }
    const count = (c: string | null) => sorted.rows.filter((r) => r.currency === c).length
    expect(runs.map(count)).toEqual([...runs.map(count)].sort((a, b) => b - a))
    // With a currency filter, a plain sort within it.
    const inOne = await search('--sort', 'refund_amount', '--currency', String(runs[0]).toLowerCase(), '--limit', '1000')
    expect(inOne.total).toBe(count(runs[0]))
    const amounts = inOne.rows.map((r) => r.refundAmount ?? 0)
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b))
    const paged = await search('--sort', 'pk', '--limit', '2', '--offset', '3')
    expect(paged.rows.map((r) => r.pk)).toEqual([4, 5])
  })

  it('finds plans by text, including Turkish spellings', async () => {
    const plan = sim.admin.getPlan(7) as { order: { number: string }; cancellationplanorderitem_set: Array<{ order_item: { product: { name: string } } }> }
    expect((await search(plan.order.number)).rows.map((r) => r.pk)).toContain(7)
    const name = plan.cancellationplanorderitem_set[0].order_item.product.name
    const word = name.split(/\s+/).find((w) => w.length >= 4) ?? name
    const upper = word.toLocaleUpperCase('tr-TR')
    const ascii = word.replace(/[ıİ]/g, 'i').replace(/ş/gi, 's').replace(/ğ/gi, 'g').replace(/ü/gi, 'u').replace(/ö/gi, 'o').replace(/ç/gi, 'c')
    for (const q of [word, upper, ascii, word.slice(0, 3)]) expect((await search(q, '--limit', '1000')).rows.map((r) => r.pk)).toContain(7)
  })
})
