/**
 * A plan's note (its most urgent open change, main/domain/plan-display.ts) in the person's
 * language: a refusal with the server's reason, a conflict with who changed the plan, when, and
 * both values. The list's marker, the detail and the Changes view's markers say it the same way.
 */
import { useI18n } from 'vue-i18n'
import type { PlanChangeNote } from '../../../preload/contract'
import { intlLocale } from '../i18n'
import { formatDateTime } from './format'
import { useEntryText } from './use-entry'
import { useMessages } from './use-messages'

export function useNoteText(): {
  /** What the change asked for: the status's name, or "payment plan". */
  mine: (note: PlanChangeNote) => string
  /** The server's reason of a refusal, in the person's language (the server's own words as details). */
  reason: (note: PlanChangeNote) => ReturnType<ReturnType<typeof useMessages>['text']> | null
  /** Who changed the plan on the server (a conflict), or "someone else". */
  who: (note: PlanChangeNote) => string
  /** One sentence for a refused or conflicting change; null for the others (their marker's words say it). */
  sentence: (note: PlanChangeNote) => string | null
} {
  const { t, locale } = useI18n()
  const messages = useMessages()
  const text = useEntryText()
  const mine = (n: PlanChangeNote) => (n.kind === 'status' ? `“${text.statusLabel(n.mine)}”` : t('note.paymentPlan'))
  const reason = (n: PlanChangeNote) => (n.reason ? messages.error(n.reason) : null)
  const who = (n: PlanChangeNote) => n.server?.by ?? t('note.someoneElse')
  const sentence = (n: PlanChangeNote): string | null => {
    if (n.state === 'failed') {
      const why = reason(n)
      return why ? t('note.refused', { change: mine(n), reason: why.text }) : t('note.refusedNoReason', { change: mine(n) })
    }
    if (n.state === 'conflict') {
      if (!n.server) return t('marker.conflict')
      return t('note.conflict', {
        who: who(n),
        when: formatDateTime(n.server.modifiedDate, intlLocale(locale.value)),
        theirs: `“${text.statusLabel(n.server.status)}”`,
        change: mine(n),
      })
    }
    return null
  }
  return { mine, reason, who, sentence }
}
