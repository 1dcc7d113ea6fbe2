/** Pure helpers: the seeded PRNG, timestamp formatting and Django-style date parsing, Accept-Language. */
import { describe, expect, it } from 'vitest'
import { createRng, mulberry32 } from '../../../main/simulator/prng'
import { dayOf, parseDateTimeUs, parseDateUs, toIso } from '../../../main/simulator/dates'
import { MonotonicClock } from '../../../main/simulator/clock'
import { prefersTurkish } from '../../../main/simulator/routes/statuses'

describe('prng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = mulberry32(1)
    const b = mulberry32(1)
    const c = mulberry32(2)
    const seqA = Array.from({ length: 5 }, a)
    expect(Array.from({ length: 5 }, b)).toEqual(seqA)
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA)
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true)
  })

  it('weighted picks follow the weights', () => {
    const rng = createRng(7)
    let heavy = 0
    for (let i = 0; i < 2000; i++) if (rng.weighted([['a', 9], ['b', 1]] as const) === 'a') heavy++
    expect(heavy).toBeGreaterThan(1700)
    expect(heavy).toBeLessThan(1900)
  })
})

describe('dates', () => {
  it('formats microseconds like Django REST framework', () => {
    expect(toIso(Date.UTC(2026, 9, 1, 12, 34, 56, 123) * 1000 + 456)).toBe('2026-10-01T12:34:56.123456Z')
    expect(dayOf(Date.UTC(2026, 9, 1, 23, 59) * 1000)).toBe('2026-10-01')
  })

  it('parses what Django DateTimeField filters accept', () => {
    const base = Date.UTC(2026, 0, 2, 3, 4, 5) * 1000
    expect(parseDateTimeUs('2026-01-02T03:04:05Z')).toBe(base)
    expect(parseDateTimeUs('2026-01-02T03:04:05.000007Z')).toBe(base + 7)
    expect(parseDateTimeUs('2026-01-02T03:04:05.5')).toBe(base + 500_000)
    expect(parseDateTimeUs('2026-01-02T06:04:05+03:00')).toBe(base)
    expect(parseDateTimeUs('2026-01-02 03:04')).toBe(base - 5_000_000)
    expect(parseDateTimeUs('2026-01-02')).toBe(Date.UTC(2026, 0, 2) * 1000)
    for (const bad of ['2026-02-30', '2026-01-02T25:00:00Z', 'yesterday', '', '2026-1-2']) {
      expect(parseDateTimeUs(bad), bad).toBeNull()
    }
    expect(parseDateUs('2026-01-02T00:00:00Z')).toBeNull()
  })
})

describe('monotonic clock', () => {
  it('is strictly increasing even when time stands still or goes back', () => {
    let now = new Date('2026-01-01T00:00:00Z')
    const clock = new MonotonicClock(() => now, 0)
    const a = clock.next()
    const b = clock.next()
    now = new Date('2025-01-01T00:00:00Z')
    const c = clock.next()
    expect(b).toBe(a + 1)
    expect(c).toBe(b + 1)
    clock.observe(c + 1000)
    expect(clock.next()).toBe(c + 1001)
  })
})

describe('Accept-Language', () => {
  it.each([
    ['tr', true], ['tr-TR', true], ['en-US,en;q=0.9', false], ['en;q=0.4,tr;q=0.8', true],
    ['de,tr;q=0.5', true], ['de', false], [undefined, false], ['tr;q=0', false],
  ])('%s → Turkish %s', (header, turkish) => {
    expect(prefersTurkish(header)).toBe(turkish)
  })
})
