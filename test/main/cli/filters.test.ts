import { describe, expect, it } from 'vitest'
import { toSearchQuery } from '../../../main/cli/filters'
import { cli, tempDataDir } from './harness'

describe('toSearchQuery', () => {
  it('maps options to the contract query', () => {
    expect(
      toSearchQuery('ışık', {
        status: ['waiting'],
        type: 'refund',
        channelType: 'web',
        channel: [3],
        store: 'S1',
        staff: 'P1',
        createdFrom: '2026-01-01',
        createdTo: '2026-01-31',
        invoice: 'INV',
        order: 'ORD',
        customer: 9,
        pending: true,
        sort: '-pk',
        limit: 10,
        offset: 20,
      }),
    ).toEqual({
      text: 'ışık',
      statuses: ['waiting'],
      planType: 'refund',
      channelType: 'web',
      channelIds: [3],
      storeRemoteId: 'S1',
      staffRemoteId: 'P1',
      createdFrom: '2026-01-01',
      createdTo: '2026-01-31',
      invoiceNumber: 'INV',
      orderNumber: 'ORD',
      customerId: 9,
      hasPendingEdits: true,
      sort: '-pk',
      limit: 10,
      offset: 20,
    })
    expect(toSearchQuery('  ', {})).toEqual({})
  })

  it('rejects what the contract rejects as a usage error', () => {
    expect(() => toSearchQuery(undefined, { limit: 5000 })).toThrow(expect.objectContaining({ name: 'UsageError' }))
    expect(() => toSearchQuery('x'.repeat(201), {})).toThrow(/Invalid text/)
  })
})

describe('filter options on the command line', () => {
  it('refuses a date that is not in the calendar with exit 2, and accepts a leap day', async () => {
    const dataDir = tempDataDir()
    expect((await cli(['search', '--created-from', '2026-13-01'], { dataDir })).code).toBe(2)
    for (const bad of ['2026-02-30', '2026-04-31', '2025-02-29T10:00:00Z']) {
      const r = await cli(['search', '--created-from', bad], { dataDir })
      expect(r.code).toBe(2)
      expect(r.err).toContain(`--created-from: ${bad.slice(0, 10)} is not a date in the calendar.`)
    }
    expect((await cli(['search', '--created-from', '2024-02-29'], { dataDir })).code).toBe(0)
  })

  it('names the real maximum of --limit, however large the number', async () => {
    const dataDir = tempDataDir()
    for (const n of ['99999999999999999999', '1001']) {
      const r = await cli(['search', '--limit', n], { dataDir })
      expect(r.code).toBe(2)
      expect(r.err).toContain('--limit must be a whole number from 1 to 1000.')
    }
    expect((await cli(['search', '--limit', '1000'], { dataDir })).code).toBe(0)
  })
})
