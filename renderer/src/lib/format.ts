/** Omnitron's price_currency enum uses two-letter aliases for some currencies ("tr", "eu"). */
const ALIASES: Record<string, string> = { TR: 'TRY', TL: 'TRY', EU: 'EUR' }

/**
 * Intl formatters are costly to build (a fraction of a millisecond each) and the list formats
 * two values per row on every scroll frame: each one is built once per locale and options.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>()
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined
  if (!f) {
    f = make()
    formatters.set(key, f)
  }
  return f
}

/**
 * Formats an amount in the plan's own currency (TRY, EUR, ...) with its symbol (₺, €, $), the same
 * way everywhere (list, detail, overview); falls back to a plain number. `compact`: a chart axis's
 * short form (₺40 B, €1.2K).
 */
export function formatMoney(amount: number | null, currency: string | null, locale: string, opts: { compact?: boolean } = {}): string {
  if (amount === null || Number.isNaN(amount)) return '—'
  const raw = (currency ?? '').toUpperCase()
  const code = ALIASES[raw] ?? raw
  const compact = opts.compact ? ({ notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } as const) : {}
  if (/^[A-Z]{3}$/.test(code)) {
    try {
      return cached(`money|${locale}|${code}|${opts.compact ? 'c' : ''}`, () => new Intl.NumberFormat(locale, { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol', ...compact })).format(amount)
    } catch {
      // An unknown code: show it beside the number rather than guessing.
    }
  }
  const plain = cached(`number|${locale}|${opts.compact ? 'c' : ''}`, () => new Intl.NumberFormat(locale, opts.compact ? compact : { minimumFractionDigits: 2, maximumFractionDigits: 2 }))
  return `${plain.format(amount)}${code ? ' ' + code : ''}`
}

/** A count as the person's language writes it: 100,000 in English, 100.000 in Turkish. */
export function formatCount(n: number, locale: string): string {
  return cached(`count|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })).format(n)
}

export function formatDateTime(iso: string | null, locale: string): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return cached(`datetime|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(d)
}

/** A time of day (14:03:22) as the person's language writes it. */
export function formatTime(iso: string | null, locale: string): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return cached(`time|${locale}`, () => new Intl.DateTimeFormat(locale, { timeStyle: 'medium' })).format(d)
}

export function formatRelative(iso: string | null, locale: string, now = Date.now()): string {
  if (!iso) return '—'
  const seconds = Math.round((Date.parse(iso) - now) / 1000)
  const rtf = cached(`relative|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }))
  const abs = Math.abs(seconds)
  if (abs < 60) return rtf.format(seconds, 'second')
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour')
  return rtf.format(Math.round(seconds / 86400), 'day')
}

/**
 * When an automatic try comes, in words: `words.back` when none is planned (it waits for the
 * server), `words.soon` when it is due within the second or already due (an answer can take longer
 * than the wait it reports: never "now" or "1 second ago"), else how long until it.
 */
export function formatNextTry(iso: string | null, locale: string, words: { back: string; soon: string }, now = Date.now()): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return words.back
  return secondsUntil(iso, now) <= 1 ? words.soon : formatRelative(iso, locale, now)
}

/** Whole seconds until `iso` (0 when it has passed), for countdowns. */
export function secondsUntil(iso: string | null, now = Date.now()): number {
  if (!iso) return 0
  const at = Date.parse(iso)
  return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - now) / 1000))
}
