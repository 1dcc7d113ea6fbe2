import { describe, expect, it } from 'vitest'
import { drawnPlaces } from '../../renderer/src/lib/list-window'

const g = { row: 40, header: 44, overscan: 8 }

describe('the places a list draws', () => {
  it('draws the rows in sight and the overscan beyond each edge', () => {
    // At the top, a view of 444 px: the header (44) and 10 rows in sight, 8 more below.
    expect(drawnPlaces(0, 444, 100_000, g)).toEqual([0, 17])
    // A row partly in sight is drawn.
    expect(drawnPlaces(0, 445, 100_000, g)).toEqual([0, 18])
    // Scrolled 820 px: row 19 (from 804 to 844 px, below the header's 44) is partly in sight at the top, row 30 at the bottom.
    expect(drawnPlaces(820, 444, 100_000, g)).toEqual([11, 38])
  })

  it('stays inside the list: a short list, the end of a long one, an empty one', () => {
    expect(drawnPlaces(0, 444, 3, g)).toEqual([0, 2])
    expect(drawnPlaces(99_990 * 40, 444, 100_000, g)).toEqual([99_980, 99_999])
    // Scrolled beyond the end (the list just got shorter): the last rows, not nothing.
    expect(drawnPlaces(50_000 * 40, 444, 100, g)).toEqual([99, 99])
    expect(drawnPlaces(0, 444, 0, g)).toBeNull()
  })

  it('draws at least the first row before the view has a size', () => {
    expect(drawnPlaces(0, 0, 100_000, g)).toEqual([0, 7])
  })
})
