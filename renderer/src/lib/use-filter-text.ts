import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import type { ViewSearch } from '../../../preload/contract'
import { intlLocale } from '../i18n'
import { useFacetsStore } from '../stores/facets'
import { useStatusesStore } from '../stores/statuses'
import { useCodeLabels } from './use-labels'
import { activeFilters, type FilterKey } from './view-search'

/** Filters in words, for the chips under the search box and the saved views' tooltips. */
export function useFilterText() {
  const { t, locale } = useI18n()
  const plans = useStatusesStore()
  const facets = useFacetsStore()
  const codes = useCodeLabels()
  const dayFormat = computed(() => new Intl.DateTimeFormat(intlLocale(locale.value), { day: 'numeric', month: 'short', year: 'numeric' }))

  function day(d: string): string {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d)
    return m ? dayFormat.value.format(new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : d
  }

  function range(preset: string | undefined, from: string | undefined, to: string | undefined): string {
    if (preset) return t(`filters.presets.${preset}`)
    if (from && to) return from === to ? day(from) : `${day(from)} – ${day(to)}`
    if (from) return t('filters.since', { day: day(from) })
    return t('filters.until', { day: day(to ?? '') })
  }

  function value(key: FilterKey, s: ViewSearch): string {
    switch (key) {
      case 'statuses':
        return (s.statuses ?? []).map((k) => plans.statusLabel.get(k) ?? k).join(', ')
      case 'planType':
        return t(`planType.${s.planType}`)
      case 'channelIds':
        return (s.channelIds ?? []).map((id) => facets.channelNames.get(id) ?? t('filters.channelNumber', { id })).join(', ')
      case 'channelType':
        return codes.label('channelType', s.channelType)
      case 'created':
        return range(s.createdPreset, s.createdFrom, s.createdTo)
      case 'modified':
        return range(s.modifiedPreset, s.modifiedFrom, s.modifiedTo)
      case 'hasPendingEdits':
        return ''
      default:
        return String(s[key] ?? '')
    }
  }

  /** "Status: Waiting, Approved"; a yes/no filter is its name alone. */
  function chip(key: FilterKey, s: ViewSearch): string {
    const v = value(key, s)
    return v ? `${t(`filters.names.${key}`)}: ${v}` : t(`filters.names.${key}`)
  }

  /** Everything a search does, in one line (text first). */
  function describe(s: ViewSearch): string {
    const parts = activeFilters(s).map((k) => chip(k, s))
    if (s.text) parts.unshift(`“${s.text}”`)
    return parts.length ? parts.join(' · ') : t('filters.none')
  }

  return { chip, describe, day }
}
