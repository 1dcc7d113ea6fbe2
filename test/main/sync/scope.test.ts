import { describe, expect, it } from 'vitest'
import { scopeFilters, scopeKey } from '../../../main/sync/scope'

describe('scope', () => {
  it('turns the scope into list filters', () => {
    const now = new Date('2026-03-31T15:00:00Z')
    expect(scopeFilters({}, now)).toEqual({})
    expect(scopeFilters({ retailStoreRemoteId: 'S1', channelIds: [5, 2], createdWithinDays: 30 }, now)).toEqual({
      retail_store_remote_id: 'S1',
      channel_id__in: [2, 5],
      created_date__gte: '2026-03-01T00:00:00Z',
    })
  })

  it('gives equal keys to equal scopes only', () => {
    expect(scopeKey({ channelIds: [2, 1, 2] })).toBe(scopeKey({ channelIds: [1, 2] }))
    expect(scopeKey({})).toBe(scopeKey({ channelIds: [] }))
    expect(scopeKey({ retailStoreRemoteId: 'a' })).not.toBe(scopeKey({ retailStoreRemoteId: 'b' }))
    expect(scopeKey({ createdWithinDays: 7 })).not.toBe(scopeKey({}))
  })
})
