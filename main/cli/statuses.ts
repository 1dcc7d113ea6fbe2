/** `plandesk statuses`: the plan statuses and their labels, as last synced. */
import type { Command } from 'commander'
import { type GlobalOptions, withSession } from './context'
import { json, table } from './format'
import type { CliIo } from './io'

export function registerStatuses(program: Command, io: CliIo): void {
  program
    .command('statuses')
    .description('list plan statuses and their labels')
    .option('--json', 'print [{key, label}] as JSON')
    .action(async (o: { json?: boolean }) => {
      await withSession(io, program.opts<GlobalOptions>(), { purpose: 'plandesk statuses' }, ({ store }) => {
        const list = store.statuses()
        io.out(o.json ? json(list) : table(['KEY', 'LABEL'], list.map((s) => [s.key, s.label])))
      })
    })
}
