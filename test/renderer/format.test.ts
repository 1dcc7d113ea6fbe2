import { describe, expect, it, vi } from 'vitest'
import { formatCount, formatMoney, formatNextTry, formatRelative } from '../../renderer/src/lib/format'

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

  it('writes the overview’s totals and axis the same way as the list: a symbol, never the code', () => {
    expect(formatMoney(1490120.51, 'TRY', 'en-GB')).toBe('₺1,490,120.51')
    expect(formatMoney(40_000, 'TRY', 'tr-TR', { compact: true })).toBe('₺40\u00a0B')
    expect(formatMoney(1200, 'EUR', 'en-GB', { compact: true })).toBe('€1.2k')
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

describe('formatNextTry', () => {
  const now = Date.parse('2026-11-27T12:00:00Z')
  const words = { back: 'when the server answers again', soon: 'in a moment' }
  it('says how long until a try that is more than a second away', () => {
    expect(formatNextTry('2026-11-27T12:00:30Z', 'en-GB', words, now)).toBe('in 30 seconds')
    expect(formatNextTry('2026-11-27T12:05:00Z', 'tr-TR', words, now)).toBe('5 dakika sonra')
  })
  it('says "soon" for a try due within the second or already due, never "now" or a time past', () => {
    expect(formatNextTry('2026-11-27T12:00:00.800Z', 'en-GB', words, now)).toBe('in a moment')
    expect(formatNextTry('2026-11-27T12:00:00Z', 'en-GB', words, now)).toBe('in a moment')
    expect(formatNextTry('2026-11-27T11:59:57Z', 'en-GB', words, now)).toBe('in a moment')
  })
  it('says it waits for the server when no try is planned, or the time is unreadable', () => {
    expect(formatNextTry(null, 'en-GB', words, now)).toBe(words.back)
    expect(formatNextTry('soon-ish', 'en-GB', words, now)).toBe(words.back)
  })
})

describe('counts in every message', () => {
  it('are grouped as the language writes them; plan numbers are not', async () => {
    vi.stubGlobal('navigator', { language: 'tr-TR' })
    const { i18n } = await import('../../renderer/src/i18n')
    i18n.global.locale.value = 'tr'
    expect(i18n.global.t('bulk.selected', { n: 3000 }, 3000)).toBe('3.000 plan seçildi')
    expect(i18n.global.t('detail.title', { pk: 12345 })).toBe('Plan 12345')
    i18n.global.locale.value = 'en'
    expect(i18n.global.t('bulk.selected', { n: 3000 }, 3000)).toBe('3,000 plans selected')
    vi.unstubAllGlobals()
  })
})

describe('formatCount', () => {
  it('groups thousands the way each language writes them', () => {
    expect(formatCount(100_000, 'en-GB')).toBe('100,000')
    expect(formatCount(100_000, 'tr-TR')).toBe('100.000')
    expect(formatCount(999, 'en-GB')).toBe('999')
  })
})
