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
