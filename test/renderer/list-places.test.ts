import { describe, expect, it } from 'vitest'
import { placeRows, placesComplete } from '../../renderer/src/lib/list-places'
import { editFilters, emptyFilters } from '../../renderer/src/lib/view-search'

describe('the list places', () => {
  it('puts an answer at its places, resized to its count, leaving the rest empty and the input as it was', () => {
    const before: Array<string | undefined> = ['a', 'b']
    const next = placeRows(before, 4, { total: 7, rows: ['e', 'f', 'g', 'h'] })
    expect(next).toEqual(['a', 'b', undefined, undefined, 'e', 'f', 'g'])
    expect(before).toEqual(['a', 'b'])
    expect(placeRows(next, 0, { total: 1, rows: ['z'] })).toEqual(['z'])
  })

  it('calls places complete only when each of them is fetched (those up to the count)', () => {
    const places = placeRows([], 0, { total: 5, rows: ['a', 'b', 'c'] })
    expect(placesComplete(places, 5, 0, 1)).toBe(true)
    expect(placesComplete(places, 5, 2, 3)).toBe(false)
    expect(placesComplete(places, 5, 1, 2)).toBe(true)
    expect(placesComplete(placeRows(places, 3, { total: 5, rows: ['d', 'e'] }), 5, 4, 9)).toBe(true)
    expect(placesComplete(places, 5, 4, 9)).toBe(false)
  })
})

describe('editing the filters', () => {
  it('clears all but the sort, replaces whole, and removes one filter with its fields', () => {
    const f = { ...emptyFilters('created_date'), text: 'ışık', statuses: ['waiting' as const], createdPreset: 'last7' as const }
    editFilters.remove(f, 'created')
    expect(f.createdPreset).toEqual(emptyFilters().createdPreset)
    expect(f.text).toBe('ışık')
    editFilters.remove(f, 'text')
    expect(f.text).toBe('')
    expect(f.statuses).toEqual(['waiting'])
    editFilters.clear(f)
    expect(f).toEqual(emptyFilters(f.sort))
    expect(f.sort).toBe('created_date')
    editFilters.replace(f, { text: 'A-1' })
    expect(f).toEqual({ ...emptyFilters(), text: 'A-1' })
  })
})
