import { useI18n } from 'vue-i18n'
import { codeLabel, type LabelKind } from '../../../preload/domain'

/**
 * Omnitron's codes in the person's language (channel types, payment options, cargo companies,
 * delivery types): `label` gives the words, or the code itself when PlanDesk has none for it;
 * `title` gives the code for a tooltip where the words stand in for it.
 */
export function useCodeLabels() {
  const { locale } = useI18n()
  const lang = () => (locale.value === 'tr' ? 'tr' : 'en')
  return {
    label: (kind: LabelKind, code: string | null | undefined): string => (code ? (codeLabel(kind, code, lang()) ?? code) : ''),
    /** The raw code, shown on hover where a label replaced it (none when there is no label). */
    title: (kind: LabelKind, code: string | null | undefined): string | undefined => (code && codeLabel(kind, code, lang()) !== null ? code : undefined),
  }
}
