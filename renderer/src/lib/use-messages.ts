import { useI18n } from 'vue-i18n'
import type { IpcError } from '../../../preload/contract'
import { usePeopleStore } from '../stores/people'
import { useStatusesStore } from '../stores/statuses'
import { describeError, describeText, type Described, type MessageContext } from './messages'

/** describeError / describeText bound to the person's language and the status labels (reactive in templates). */
export function useMessages(): {
  error: (err: Pick<IpcError, 'code' | 'message' | 'fields'>) => Described
  text: (text: string, fallbackKey?: string) => Described
} {
  const { t, te, locale } = useI18n()
  const plans = useStatusesStore()
  const people = usePeopleStore()
  const ctx = (): MessageContext => ({
    t: (key, named) => t(key, named ?? {}),
    locale: locale.value,
    statusLabel: (key) => plans.statusLabel.get(key) ?? (te(`status.${key}`) ? t(`status.${key}`) : key),
    person: (username) => people.displayName(username),
  })
  return {
    error: (err) => describeError(err, ctx()),
    text: (text, fallbackKey) => describeText(text, ctx(), fallbackKey),
  }
}
