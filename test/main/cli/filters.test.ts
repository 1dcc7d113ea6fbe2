import { describe, expect, it } from 'vitest'
import { toSearchQuery } from '../../../main/cli/filters'

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
