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

  it('lists each unknown channel id once, in order, among many plans and plans without a channel', () => {
    const store = memoryStore(Array.from({ length: 60 }, (_, i) => ({ pk: i + 1, channel: [9, 3, 7, 3, 12][i % 5] })))
    store.db.prepare('UPDATE plans SET channel_id = NULL WHERE pk IN (1, 2)').run()
    expect(store.channels.unknownIds(false)).toEqual([3, 7, 9, 12])
    store.channels.set(7, 'web')
    store.channels.set(12, null)
    expect(store.channels.unknownIds(false)).toEqual([3, 9])
    expect(store.channels.unknownIds(true)).toEqual([3, 9, 12])
    // A channel no cached plan uses any more is not asked about.
    store.db.prepare('UPDATE plans SET channel_id = 7 WHERE channel_id = 3').run()
    expect(store.channels.unknownIds(true)).toEqual([9, 12])
  })

  it('writes the status list only when the server sends another one', () => {
    const store = memoryStore()
    const changes = () => store.db.prepare('SELECT total_changes()').pluck().get() as number
    const list = [{ key: 'waiting', label: 'Waiting' }, { key: 'completed', label: 'Completed' }]
    store.replaceStatuses(list)
    expect(store.statuses()).toEqual(list)
    const before = changes()
    store.replaceStatuses(list.map((s) => ({ ...s })))
    expect(changes()).toBe(before)
    store.replaceStatuses([list[1], list[0]])
    expect(store.statuses()).toEqual([list[1], list[0]])
    store.replaceStatuses([list[1], { key: 'waiting', label: 'Bekliyor' }])
    expect(store.statuses()).toEqual([list[1], { key: 'waiting', label: 'Bekliyor' }])
    store.replaceStatuses([list[1]])
    expect(store.statuses()).toEqual([list[1]])
  })
})
