import { createI18n } from 'vue-i18n'
import en from './en'
import tr from './tr'

export type MessageSchema = typeof en

export const i18n = createI18n<[MessageSchema], 'en' | 'tr', false>({
  legacy: false,
  locale: navigator.language.toLowerCase().startsWith('tr') ? 'tr' : 'en',
  fallbackLocale: 'en',
  messages: { en, tr },
})

/** BCP 47 tag for Intl formatting of the current language. */
export function intlLocale(lang: string): string {
  return lang === 'tr' ? 'tr-TR' : 'en-GB'
}

/**
 * The named parameters of the messages that are counts: a number given for one of them is
 * written as the person's language groups thousands (3,000 in English, 3.000 in Turkish), in
 * every message. Plan numbers and ids ({pk}, {id}) are names, not amounts: never grouped.
 */
export const COUNT_PARAMS: ReadonlySet<string> = new Set(['n', 'done', 'total', 'max', 'count'])

const counts = new Map<string, Intl.NumberFormat>()
function groupCounts(named: Record<string, unknown>): Record<string, unknown> {
  const format = counts.get(i18n.global.locale.value) ?? new Intl.NumberFormat(intlLocale(i18n.global.locale.value), { maximumFractionDigits: 0 })
  counts.set(i18n.global.locale.value, format)
  return Object.fromEntries(Object.entries(named).map(([k, v]) => [k, COUNT_PARAMS.has(k) && typeof v === 'number' ? format.format(v) : v]))
}

const translate = i18n.global.t
// Every component's t() (useI18n() hands out this composer) goes through here.
i18n.global.t = ((key: string, ...args: unknown[]) =>
  (translate as (...a: unknown[]) => string)(
    key,
    ...args.map((a) => (a !== null && typeof a === 'object' && !Array.isArray(a) ? groupCounts(a as Record<string, unknown>) : a)),
  )) as typeof translate
