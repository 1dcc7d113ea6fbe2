/**
 * The list's search as the person sets it (text, filters, sort, relative date presets) and its
 * translation into the contract's SearchQuery. Dates are the person's local days: a range
 * "3 March – 5 March" means from local midnight of the 3rd to the end of the 5th, sent as
 * instants so a store in UTC+3 gets its own days, not UTC's.
 */
import type { DatePreset, SearchQuery, ViewSearch } from '../../../preload/contract'

/** The list's search: every field of the contract's query the person can set, plus relative date presets. */
export type Filters = Required<Pick<ViewSearch, 'text' | 'statuses' | 'sort' | 'hasPendingEdits'>> &
  Omit<ViewSearch, 'text' | 'statuses' | 'sort' | 'hasPendingEdits'>

/** The list's sort until the person picks another. */
export const DEFAULT_SORT = '-modified_date' as const

/** Every key present (reactive() tracks only the keys it starts with). */
export function emptyFilters(sort: Filters['sort'] = DEFAULT_SORT): Filters {
  return {
    text: '',
    statuses: [],
    sort,
    hasPendingEdits: false,
    planType: undefined,
    channelType: undefined,
    channelIds: undefined,
    storeRemoteId: undefined,
    staffRemoteId: undefined,
    createdFrom: undefined,
    createdTo: undefined,
    createdPreset: undefined,
    modifiedFrom: undefined,
    modifiedTo: undefined,
    modifiedPreset: undefined,
    invoiceNumber: undefined,
    orderNumber: undefined,
    customerId: undefined,
    currency: undefined,
  }
}

/** YYYY-MM-DD of a local day. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

function parseDay(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null
}

/** The local days a preset covers today: [first, last], both inclusive. */
export function presetRange(preset: DatePreset, now = new Date()): [string, string] {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate())
  if (preset === 'today') return [localDay(today), localDay(today)]
  if (preset === 'last7') return [localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6)), localDay(today)]
  return [localDay(new Date(today.getFullYear(), today.getMonth(), 1)), localDay(today)]
}

/** Start of a local day as an instant. */
export function dayStart(day: string): string | undefined {
  return parseDay(day)?.toISOString()
}

/** Last millisecond of a local day as an instant (the cache's upper bound is "on or before"). */
export function dayEnd(day: string): string | undefined {
  const d = parseDay(day)
  if (!d) return undefined
  return new Date(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() - 1).toISOString()
}

/** The days a date filter covers now: its preset's, else its own. */
export function dateRange(s: ViewSearch, which: 'created' | 'modified', now = new Date()): [string | undefined, string | undefined] {
  const preset = which === 'created' ? s.createdPreset : s.modifiedPreset
  if (preset) return presetRange(preset, now)
  return which === 'created' ? [s.createdFrom, s.createdTo] : [s.modifiedFrom, s.modifiedTo]
}

const blank = (v: unknown): boolean =>
  v === undefined || v === null || v === false || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)

/** The search without empty fields (what is stored and compared). */
export function compactSearch(s: ViewSearch): ViewSearch {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(s)) {
    if (blank(v)) continue
    out[k] = typeof v === 'string' ? v.trim() : Array.isArray(v) ? [...(v as unknown[])] : v
  }
  return out as ViewSearch
}

/** The contract's query for a search (dates resolved to instants, presets to today's days). */
export function toQuery(s: ViewSearch, now = new Date()): SearchQuery {
  const { createdPreset: _c, modifiedPreset: _m, createdFrom: _cf, createdTo: _ct, modifiedFrom: _mf, modifiedTo: _mt, ...rest } = compactSearch(s)
  const q: SearchQuery = { ...rest }
  const [cf, ct] = dateRange(s, 'created', now)
  const [mf, mt] = dateRange(s, 'modified', now)
  if (cf) q.createdFrom = dayStart(cf)
  if (ct) q.createdTo = dayEnd(ct)
  if (mf) q.modifiedFrom = dayStart(mf)
  if (mt) q.modifiedTo = dayEnd(mt)
  return compactSearch(q as ViewSearch) as SearchQuery
}

/** Two searches find the same plans in the same order (sort omitted counts as the list's default). */
export function sameSearch(a: ViewSearch, b: ViewSearch, defaultSort: string = DEFAULT_SORT): boolean {
  const norm = (s: ViewSearch) => {
    const c = compactSearch({ sort: defaultSort as ViewSearch['sort'], ...s }) as Record<string, unknown>
    if (Array.isArray(c.statuses)) c.statuses = [...(c.statuses as string[])].sort()
    if (Array.isArray(c.channelIds)) c.channelIds = [...(c.channelIds as number[])].sort((x, y) => x - y)
    return JSON.stringify(Object.keys(c).sort().map((k) => [k, c[k]]))
  }
  return norm(a) === norm(b)
}

/** The filters a search sets, one entry per removable chip (text and sort are not filters). */
export const FILTER_KEYS = [
  'statuses',
  'planType',
  'channelType',
  'channelIds',
  'storeRemoteId',
  'staffRemoteId',
  'created',
  'modified',
  'invoiceNumber',
  'orderNumber',
  'customerId',
  'currency',
  'hasPendingEdits',
] as const
export type FilterKey = (typeof FILTER_KEYS)[number]

export function activeFilters(s: ViewSearch): FilterKey[] {
  const c = compactSearch(s) as Record<string, unknown>
  return FILTER_KEYS.filter((k) => {
    if (k === 'created') return Boolean(c.createdPreset || c.createdFrom || c.createdTo)
    if (k === 'modified') return Boolean(c.modifiedPreset || c.modifiedFrom || c.modifiedTo)
    return c[k] !== undefined
  })
}

/** The fields a chip removes. */
export function filterFields(key: FilterKey): (keyof ViewSearch)[] {
  if (key === 'created') return ['createdPreset', 'createdFrom', 'createdTo']
  if (key === 'modified') return ['modifiedPreset', 'modifiedFrom', 'modifiedTo']
  return [key]
}

/** Edits of the person's filters in place (the list store searches again after each). */
export const editFilters = {
  /** Clears the text and every filter; the sort stays. */
  clear(filters: Filters): void {
    Object.assign(filters, emptyFilters(filters.sort))
  },
  /** A saved (or restored) search: its fields replace the current ones whole. */
  replace(filters: Filters, s: ViewSearch): void {
    Object.assign(filters, emptyFilters(), compactSearch(s))
  },
  /** Removes one filter (a chip's close button), or the text. */
  remove(filters: Filters, key: FilterKey | 'text'): void {
    const blank = emptyFilters(filters.sort) as Record<string, unknown>
    const fields = key === 'text' ? ['text'] : filterFields(key)
    for (const f of fields) (filters as Record<string, unknown>)[f] = blank[f]
  },
}
