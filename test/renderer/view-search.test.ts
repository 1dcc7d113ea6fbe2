import { describe, expect, it } from 'vitest'
import { SearchQuerySchema, type ViewSearch } from '../../preload/contract'
import { activeFilters, compactSearch, dayEnd, dayStart, presetRange, sameSearch, toQuery } from '../../renderer/src/lib/view-search'

// A fixed "now": Wednesday 11 March 2026, mid-afternoon local time.
const NOW = new Date(2026, 2, 11, 15, 30)

describe('the list search as the contract query', () => {
  it('sends every filter of the contract, and nothing empty', () => {
    const s: ViewSearch = {
      text: ' ışık ',
      statuses: ['waiting', 'approved'],
      planType: 'refund',
      channelType: 'web',
      channelIds: [3, 7],
      storeRemoteId: 'IST-01',
      staffRemoteId: 'P-9',
      createdFrom: '2026-03-01',
      createdTo: '2026-03-05',
      modifiedFrom: '2026-03-10',
      invoiceNumber: 'INV-1',
      orderNumber: 'O-2',
      customerId: 42,
      hasPendingEdits: true,
      sort: 'pk',
    }
    const q = toQuery(s, NOW)
    expect(SearchQuerySchema.safeParse(q).success).toBe(true)
    expect(q).toEqual({
      text: 'ışık',
      statuses: ['waiting', 'approved'],
      planType: 'refund',
      channelType: 'web',
      channelIds: [3, 7],
      storeRemoteId: 'IST-01',
      staffRemoteId: 'P-9',
      createdFrom: new Date(2026, 2, 1).toISOString(),
      createdTo: new Date(new Date(2026, 2, 6).getTime() - 1).toISOString(),
      modifiedFrom: new Date(2026, 2, 10).toISOString(),
      invoiceNumber: 'INV-1',
      orderNumber: 'O-2',
      customerId: 42,
      hasPendingEdits: true,
      sort: 'pk',
    })
    expect(toQuery({ text: '  ', statuses: [], hasPendingEdits: false, channelIds: [] }, NOW)).toEqual({})
  })

  it('reads dates as the person’s local days, whole days inclusive', () => {
    expect(dayStart('2026-03-01')).toBe(new Date(2026, 2, 1, 0, 0, 0, 0).toISOString())
    expect(dayEnd('2026-03-01')).toBe(new Date(2026, 2, 1, 23, 59, 59, 999).toISOString())
    expect(dayStart('not a day')).toBeUndefined()
  })

  it('keeps presets relative: today, the last 7 days and this month are worked out when the search runs', () => {
    expect(presetRange('today', NOW)).toEqual(['2026-03-11', '2026-03-11'])
    expect(presetRange('last7', NOW)).toEqual(['2026-03-05', '2026-03-11'])
    expect(presetRange('month', NOW)).toEqual(['2026-03-01', '2026-03-11'])
    const tomorrow = new Date(2026, 2, 12, 9)
    const q = toQuery({ modifiedPreset: 'today', modifiedFrom: '2020-01-01' }, tomorrow)
    expect(q.modifiedFrom).toBe(new Date(2026, 2, 12).toISOString())
    expect(q.modifiedTo).toBe(dayEnd('2026-03-12'))
  })

  it('names the filters in use, one chip each (a date range is one chip)', () => {
    expect(activeFilters({ text: 'x', sort: 'pk' })).toEqual([])
    expect(activeFilters({ statuses: ['waiting'], createdFrom: '2026-03-01', createdTo: '2026-03-02', modifiedPreset: 'today', customerId: 4, hasPendingEdits: false })).toEqual([
      'statuses',
      'created',
      'modified',
      'customerId',
    ])
  })

  it('compares searches regardless of order and of the default sort', () => {
    expect(sameSearch({ statuses: ['waiting', 'approved'] }, { statuses: ['approved', 'waiting'], sort: '-modified_date', text: '' })).toBe(true)
    expect(sameSearch({ statuses: ['waiting'] }, { statuses: ['waiting'], planType: 'refund' })).toBe(false)
    expect(sameSearch({}, { sort: 'pk' })).toBe(false)
    expect(compactSearch({ text: ' a ', channelIds: [], hasPendingEdits: false })).toEqual({ text: 'a' })
  })
})
