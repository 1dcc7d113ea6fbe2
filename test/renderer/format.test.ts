import { describe, expect, it } from 'vitest'
import { formatCount, formatMoney, formatRelative } from '../../renderer/src/lib/format'

describe('formatMoney', () => {
  it('shows the amount in the plan’s currency, per language', () => {
    expect(formatMoney(1150.5, 'try', 'tr-TR')).toBe('₺1.150,50')
    expect(formatMoney(1150.5, 'TRY', 'en-GB')).toBe('₺1,150.50')
    expect(formatMoney(99.9, 'eur', 'en-GB')).toBe('€99.90')
    expect(formatMoney(12, 'usd', 'en-GB')).toBe('$12.00')
  })

  it('understands Omnitron’s two-letter aliases and never drops an unknown code', () => {
    expect(formatMoney(214.9, 'tr', 'en-GB')).toBe('₺214.90')
    expect(formatMoney(5, 'eu', 'en-GB')).toBe('€5.00')
    const unknown = formatMoney(5, 'lei', 'en-GB')
    expect(unknown).toContain('LEI')
    expect(unknown).toContain('5.00')
    expect(formatMoney(5, 'x1', 'en-GB')).toBe('5.00 X1')
  })

  it('shows a dash for a missing amount', () => {
    expect(formatMoney(null, 'try', 'en-GB')).toBe('—')
  })
})

describe('formatRelative', () => {
  it('speaks in the person’s language', () => {
    const now = Date.parse('2026-11-27T12:00:00Z')
    expect(formatRelative('2026-11-27T11:58:00Z', 'en-GB', now)).toBe('2 minutes ago')
    expect(formatRelative('2026-11-27T11:58:00Z', 'tr-TR', now)).toBe('2 dakika önce')
  })
})

describe('formatCount', () => {
  it('groups thousands the way each language writes them', () => {
    expect(formatCount(100_000, 'en-GB')).toBe('100,000')
    expect(formatCount(100_000, 'tr-TR')).toBe('100.000')
    expect(formatCount(999, 'en-GB')).toBe('999')
  })
})
