import { describe, expect, it } from 'vitest'
import type { SearchQuery } from '../../../preload/contract'
import { buildSearchSql, shouldWalkSortIndex } from '../../../main/store/search'
import { makePlan, planInput } from './fixtures'
import { addEdit, memoryStore } from './helpers'

function store() {
  const s = memoryStore([
    { pk: 1, status: 'waiting', plan_type: 'cancel', product: 'Işık Masa Lambası', channel: 1, store: 'S1', staff: 'ST1', created: '2026-01-10T10:00:00Z', refund: 10 },
    { pk: 2, status: 'approved', plan_type: 'refund', product: 'Kahve Makinesi', reason: 'İade talebi', channel: 2, store: 'S2', staff: 'ST2', created: '2026-01-20T10:00:00Z', refund: 30 },
    { pk: 3, status: 'completed', plan_type: 'refund', product: 'Çay Bardağı', sku: 'CAY-7781', baseCode: 'BC-CAY', channel: 2, store: 'S1', staff: 'ST1', created: '2026-02-05T10:00:00Z', refund: 20, username: 'zeynep', firstName: 'Zeynep', lastName: 'Öztürk' },
    { pk: 44, status: 'waiting', product: 'Ütü', orderNumber: 'ORD-XYZ-9', invoice: 'FTR2026000123', tracking: '1Z999AA10123456784', carrierCode: 'YK-55512', customer: 777, created: '2026-02-10T10:00:00Z', refund: 5 },
  ])
  s.channels.set(1, 'web')
  s.channels.set(2, 'trendyol')
  return s
}
const pks = (r: { rows: Array<{ pk: number }> }) => r.rows.map((x) => x.pk)

describe('searchPlans', () => {
  it('returns summaries with the contract fields', () => {
    const r = store().searchPlans({ text: 'kahve' })
    expect(r.total).toBe(1)
    expect(r.rows[0]).toEqual({
      pk: 2,
      status: 'approved',
      serverStatus: 'approved',
      planType: 'refund',
      orderId: 10_002,
      orderNumber: 'ORD-2',
      channelId: 2,
      channelType: 'trendyol',
      customerId: 502,
      storeRemoteId: 'S2',
      staffRemoteId: 'ST2',
      invoiceNumber: 'INV-2',
      refundAmount: 30,
      currency: 'TRY',
      itemCount: 1,
      firstProductName: 'Kahve Makinesi',
      createdDate: '2026-01-20T10:00:00.000Z',
      modifiedDate: new Date(makePlan({ pk: 2 }).modified_date as string).toISOString(),
      pendingEdits: 0,
      localState: null,
    })
  })

  it.each<[string, string, number[]]>([
    ['plan pk', '44', [44]],
    ['order number', 'ORD-XYZ', [44]],
    ['invoice number', 'FTR2026000123', [44]],
    ['tracking number', '1Z999AA', [44]],
    ['carrier code', 'YK-555', [44]],
    ['product name', 'lamba', [1]],
    ['sku', 'cay-778', [3]],
    ['base code', 'BC-CAY', [3]],
    ['reason subject', 'talebi', [2]],
    ['store remote id', 'S2', [2]],
    ['staff remote id', 'ST2', [2]],
    ['creator name', 'zeyn', [3]],
    ['creator surname with Ö', 'ozturk', [3]],
    ['ışık', 'ışık', [1]],
    ['IŞIK', 'IŞIK', [1]],
    ['isik', 'isik', [1]],
    ['İade', 'İade', [2]],
    ['iade', 'iade', [2]],
    ['çay as cay', 'cay bard', [3]],
    ['ütü as UTU', 'UTU', [44]],
  ])('finds by %s', (_n, text, expected) => {
    expect(pks(store().searchPlans({ text, sort: 'pk' }))).toEqual(expected)
  })

  it('applies each filter', () => {
    const s = store()
    expect(pks(s.searchPlans({ statuses: ['waiting'], sort: 'pk' }))).toEqual([1, 44])
    expect(pks(s.searchPlans({ statuses: ['waiting', 'completed'], sort: 'pk' }))).toEqual([1, 3, 44])
    expect(pks(s.searchPlans({ planType: 'refund', sort: 'pk' }))).toEqual([2, 3])
    expect(pks(s.searchPlans({ channelType: 'trendyol', sort: 'pk' }))).toEqual([2, 3])
    expect(pks(s.searchPlans({ channelIds: [1], sort: 'pk' }))).toEqual([1, 44])
    expect(pks(s.searchPlans({ storeRemoteId: 'S1', sort: 'pk' }))).toEqual([1, 3])
    expect(pks(s.searchPlans({ staffRemoteId: 'ST2' }))).toEqual([2])
    expect(pks(s.searchPlans({ createdFrom: '2026-01-20', createdTo: '2026-02-05', sort: 'pk' }))).toEqual([2, 3])
    expect(pks(s.searchPlans({ createdTo: '2026-01-20T09:00:00Z' }))).toEqual([1])
    expect(pks(s.searchPlans({ invoiceNumber: 'FTR2026000123' }))).toEqual([44])
    expect(pks(s.searchPlans({ orderNumber: 'ORD-3' }))).toEqual([3])
    expect(pks(s.searchPlans({ customerId: 777 }))).toEqual([44])
    expect(pks(s.searchPlans({ hasPendingEdits: true }))).toEqual([])
    expect(s.searchPlans({ hasPendingEdits: false }).total).toBe(4)
    expect(pks(s.searchPlans({ text: 'ST1', planType: 'refund' }))).toEqual([3])
  })

  it('sorts, pages and counts', () => {
    const s = store()
    expect(pks(s.searchPlans({}))).toEqual([44, 3, 2, 1])
    expect(pks(s.searchPlans({ sort: 'refund_amount' }))).toEqual([44, 1, 3, 2])
    expect(pks(s.searchPlans({ sort: '-pk', limit: 2, offset: 1 }))).toEqual([3, 2])
    expect(s.searchPlans({ sort: '-pk', limit: 2, offset: 1 }).total).toBe(4)
    expect(pks(s.searchPlans({ sort: 'status' }))).toEqual([2, 3, 1, 44])
  })

  it('filters and sorts by the display status of the overlay', () => {
    const s = store()
    // Two open edits of plan 1: the newest status change is what the plan shows.
    addEdit(s.db, 1, { targetStatus: 'approved' })
    addEdit(s.db, 1, { targetStatus: 'rejected', state: 'failed' })
    expect(pks(s.searchPlans({ statuses: ['rejected'] }))).toEqual([1])
    expect(pks(s.searchPlans({ statuses: ['waiting'] }))).toEqual([44])
    expect(s.searchPlans({ hasPendingEdits: true }).rows[0]).toMatchObject({
      pk: 1,
      status: 'rejected',
      serverStatus: 'waiting',
      pendingEdits: 2,
      localState: 'failed',
    })
    expect(pks(s.searchPlans({ sort: 'status' }))).toEqual([2, 3, 1, 44])
    expect(s.getPlan(1)!.local.pendingEdits).toBe(2)
  })

  it('ignores text with nothing searchable and survives FTS syntax', () => {
    const s = store()
    expect(s.searchPlans({ text: ' - ' }).total).toBe(4)
    expect(s.searchPlans({ text: '"lamba" OR NEAR(' }).total).toBe(0)
    expect(s.searchPlans({ text: 'lamba*' }).total).toBe(1)
  })
})

describe('getPlan', () => {
  it('returns the server JSON untouched plus local state', () => {
    const s = store()
    const d = s.getPlan(3)!
    expect(d.server).toEqual(makePlan({ pk: 3, status: 'completed', plan_type: 'refund', product: 'Çay Bardağı', sku: 'CAY-7781', baseCode: 'BC-CAY', channel: 2, store: 'S1', staff: 'ST1', created: '2026-02-05T10:00:00Z', refund: 20, username: 'zeynep', firstName: 'Zeynep', lastName: 'Öztürk' }))
    expect(d.local.pendingEdits).toBe(0)
    expect(Date.parse(d.local.syncedAt)).not.toBeNaN()
    expect(s.getPlan(999)).toBeNull()
  })
})

describe('query plans', () => {
  it('walking the sort index returns exactly what the filter indexes return', () => {
    const s = memoryStore()
    const statuses = ['waiting', 'approved', 'completed', 'rejected']
    s.applyPlans(
      Array.from({ length: 600 }, (_, i) =>
        planInput(
          makePlan({
            pk: i + 1,
            status: statuses[i % 4],
            plan_type: i % 3 === 0 ? 'refund' : 'cancel',
            store: `S${i % 7}`,
            product: i % 5 === 0 ? 'Işık Lamba' : 'Kettle',
            created: new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 600) * 3_600_000).toISOString(),
            refund: (i * 31) % 97,
          }),
        ),
      ),
      1,
    )
    addEdit(s.db, 5, { targetStatus: 'rejected' })
    const queries: SearchQuery[] = [
      { statuses: ['waiting', 'approved'] },
      { statuses: ['rejected'], sort: 'created_date' },
      { text: 'isik', sort: '-refund_amount', offset: 10, limit: 7 },
      { planType: 'refund', storeRemoteId: 'S3', sort: '-modified_date' },
      { createdFrom: '2026-01-05', createdTo: '2026-01-20', statuses: ['completed'] },
      { text: 'kettle', planType: 'cancel', sort: 'pk', offset: 30, limit: 20 },
    ]
    for (const overlayEmpty of [false, true]) {
      if (overlayEmpty) s.db.prepare("UPDATE outbox SET state = 'applied', finished_at = updated_at").run()
      for (const q of queries) {
        const run = (walk: boolean) => {
          const sql = buildSearchSql(q, overlayEmpty, walk)
          return s.db.prepare(sql.rowsSql).all(...sql.rowParams, q.limit ?? 50, q.offset ?? 0)
        }
        const plain = run(false)
        expect(plain.length).toBeGreaterThan(0)
        expect(run(true)).toEqual(plain)
      }
    }
  })

  it('walks the sort index only when the matches are many', () => {
    expect(shouldWalkSortIndex({}, 40_000, 100_000)).toBe(true)
    expect(shouldWalkSortIndex({}, 10, 100_000)).toBe(false)
    expect(shouldWalkSortIndex({ offset: 39_000 }, 40_000, 100_000)).toBe(false)
    expect(shouldWalkSortIndex({ sort: 'status' }, 40_000, 100_000)).toBe(false)
  })
})
