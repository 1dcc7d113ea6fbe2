/** `plandesk search [TEXT] [filters...]`: searches the local cache (works offline). */
import type { Command } from 'commander'
import type { LocalState } from '../../preload/contract'
import { type GlobalOptions, withSession } from './context'
import { type FilterOptions, addFilterOptions, toSearchQuery } from './filters'
import { json, planTable } from './format'
import type { CliIo } from './io'

const LEGEND: Record<LocalState, string> = {
  pending: '* a change made here, not yet sent',
  failed: "! a change the server refused (the server's status shows)",
  conflict: "≠ a change in conflict with someone else's (the server's status shows)",
  needs_checking: '? a change made here, to check',
}

export function registerSearch(program: Command, io: CliIo): void {
  const cmd = program
    .command('search')
    .description('search the cached plans (pk, order/invoice/tracking numbers, products, SKUs, reasons, ...)')
    .argument('[text]', 'words to find; each is matched as a prefix, case- and accent-insensitively')
    .option('--json', 'print {total, rows} as JSON')
  addFilterOptions(cmd, { paging: true }).action(async (text: string | undefined, o: FilterOptions & { json?: boolean }) => {
    const query = toSearchQuery(text, o)
    await withSession(io, program.opts<GlobalOptions>(), { purpose: 'plandesk search' }, ({ store }) => {
      const result = store.searchPlans(query)
      if (o.json) return io.out(json(result))
      if (result.total === 0) {
        const never = store.syncState().lastSyncAt === null
        return io.out(never ? 'No plans found: the cache is empty (run "plandesk sync").\n' : 'No plans found.\n')
      }
      io.out(planTable(result.rows))
      const from = (query.offset ?? 0) + 1
      const marks = [...new Set(result.rows.map((r) => r.localState).filter((m) => m !== null))].map((m) => LEGEND[m])
      io.out(`\n${from}–${from + result.rows.length - 1} of ${result.total} plan(s)${marks.length > 0 ? `  (${marks.join(', ')}; "plandesk show PK" says more)` : ''}\n`)
    })
  })
}
