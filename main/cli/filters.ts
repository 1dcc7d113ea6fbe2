/**
 * The list filters shared by `search` and `export`: declared once on a commander command,
 * turned into the contract's SearchQuery and validated with its zod schema (a bad value is a
 * usage error, exit 2).
 */
import { type Command, InvalidArgumentError, Option } from 'commander'
import { PLAN_STATUSES, PLAN_TYPES, SORT_FIELDS, type SearchQuery, SearchQuerySchema } from '../../preload/contract'
import { UsageError } from './errors'

const collect = (value: string, previous: string[] = []): string[] => [...previous, value]

function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a positive whole number.`)
    return Number(value)
  }
}

/** The most rows one search shows (the contract's SearchQuery.limit). */
export const MAX_LIMIT = 1000

function limit(value: string): number {
  // The number itself, not only its form: 99999999999999999999 is a whole number, but no limit.
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT) {
    throw new InvalidArgumentError(`--limit must be a whole number from 1 to ${MAX_LIMIT}.`)
  }
  return Number(value)
}

function nonNegativeInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number.`)
    return Number(value)
  }
}

function date(name: string) {
  return (value: string): string => {
    const ymd = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
    if (!ymd || Number.isNaN(Date.parse(value))) {
      throw new InvalidArgumentError(`${name} must be a date like 2026-01-31 (or an ISO date-time).`)
    }
    // Date.parse rolls 2026-02-30 over to March 2nd: the day must exist in its month.
    const [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])]
    const day = new Date(Date.UTC(y, m - 1, d))
    if (m < 1 || m > 12 || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
      throw new InvalidArgumentError(`${name}: ${ymd[0]} is not a date in the calendar.`)
    }
    return value
  }
}

export function addFilterOptions(cmd: Command, opts: { paging: boolean }): Command {
  cmd
    .addOption(new Option('--status <status>', 'plan status (repeatable)').choices(PLAN_STATUSES).argParser(collect))
    .addOption(new Option('--type <type>', 'plan type').choices(PLAN_TYPES))
    .option('--channel-type <type>', 'sales channel type (web, trendyol, ...)')
    .option('--channel <id>', 'sales channel id (repeatable)', (v: string, prev: number[] = []) => [...prev, positiveInt('--channel')(v)])
    .option('--store <id>', 'retail store remote id')
    .option('--staff <id>', 'staff remote id')
    .option('--created-from <date>', 'created on or after', date('--created-from'))
    .option('--created-to <date>', 'created on or before', date('--created-to'))
    .option('--modified-from <date>', 'modified on or after', date('--modified-from'))
    .option('--modified-to <date>', 'modified on or before', date('--modified-to'))
    .option('--invoice <number>', 'invoice number (exact)')
    .option('--order <number>', 'order number (exact)')
    .option('--customer <id>', 'customer id', positiveInt('--customer'))
    .option('--pending', 'only plans with pending local edits')
    .option('--currency <code>', 'only plans in this currency (TRY, EUR, ...); a refund sort then sorts within it')
    .addOption(new Option('--sort <field>', 'sort order (prefix - for descending); by refund, each currency\'s plans together').choices(SORT_FIELDS))
  if (opts.paging) {
    cmd.option('--limit <n>', `rows to show (1-${MAX_LIMIT})`, limit, 50).option('--offset <n>', 'rows to skip', nonNegativeInt('--offset'), 0)
  }
  return cmd
}

export interface FilterOptions {
  status?: string[]
  type?: string
  channelType?: string
  channel?: number[]
  store?: string
  staff?: string
  createdFrom?: string
  createdTo?: string
  modifiedFrom?: string
  modifiedTo?: string
  invoice?: string
  order?: string
  customer?: number
  pending?: boolean
  currency?: string
  sort?: string
  limit?: number
  offset?: number
}

export function toSearchQuery(text: string | undefined, o: FilterOptions): SearchQuery {
  const raw = {
    text: text && text.trim() !== '' ? text : undefined,
    statuses: o.status,
    planType: o.type,
    channelType: o.channelType,
    channelIds: o.channel,
    storeRemoteId: o.store,
    staffRemoteId: o.staff,
    createdFrom: o.createdFrom,
    createdTo: o.createdTo,
    modifiedFrom: o.modifiedFrom,
    modifiedTo: o.modifiedTo,
    invoiceNumber: o.invoice,
    orderNumber: o.order,
    customerId: o.customer,
    hasPendingEdits: o.pending ? true : undefined,
    currency: o.currency,
    sort: o.sort,
    limit: o.limit,
    offset: o.offset,
  }
  const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined))
  const parsed = SearchQuerySchema.safeParse(clean)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new UsageError(`Invalid ${issue.path.join('.') || 'filter'}: ${issue.message}`)
  }
  return parsed.data
}
