import { describe, expect, it } from 'vitest'
import { defaultLabel } from '../../../main/store/state'
import { memoryStore } from './helpers'

describe('sync state, statuses and channels', () => {
  it('stores JSON values by key and deletes on null', () => {
    const store = memoryStore()
    store.setState('cursor', '2026-01-01T00:00:00.000Z')
    store.setState('fullProgress', { runId: 3, nextPage: 4 })
    expect(store.getState('cursor')).toBe('2026-01-01T00:00:00.000Z')
    expect(store.getState('fullProgress')).toEqual({ runId: 3, nextPage: 4 })
    store.setState('fullProgress', null)
    expect(store.getState('fullProgress')).toBeNull()
  })

  it('hands out increasing run ids', () => {
    const store = memoryStore()
    const a = store.nextRunId()
    expect(store.nextRunId()).toBe(a + 1)
  })

  it('labels statuses that were never synced', () => {
    expect(defaultLabel('manuel_refund_need')).toBe('Manuel refund need')
  })

  it('lists channel ids with no known type', () => {
    const store = memoryStore([{ pk: 1, channel: 5 }, { pk: 2, channel: 6 }, { pk: 3, channel: 6 }])
    expect(store.channels.unknownIds(false)).toEqual([5, 6])
    store.channels.set(5, 'web')
    store.channels.set(6, null)
    expect(store.channels.unknownIds(false)).toEqual([])
    expect(store.channels.unknownIds(true)).toEqual([6])
  })
})
