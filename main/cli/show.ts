/** `plandesk show PK`: one cached plan; --json prints it as the server sent it plus local state. */
import { type Command, InvalidArgumentError } from 'commander'
import { type GlobalOptions, withSession } from './context'
import { CliError } from './errors'
import { json, planDetail } from './format'
import type { CliIo } from './io'

export function registerShow(program: Command, io: CliIo): void {
  program
    .command('show')
    .description('show one cached plan')
    .argument('<pk>', 'plan number', (v: string) => {
      if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError('PK must be a positive whole number.')
      return Number(v)
    })
    .option('--json', 'print {summary, server, local} as JSON (server = the plan exactly as the server sent it)')
    .action(async (pk: number, o: { json?: boolean }) => {
      await withSession(io, program.opts<GlobalOptions>(), { purpose: 'plandesk show' }, ({ store }) => {
        const plan = store.getPlan(pk)
        if (!plan) throw new CliError(`Plan ${pk} is not in the local cache (run "plandesk sync"?).`)
        io.out(o.json ? json(plan) : planDetail(plan))
      })
    })
}
