/**
 * `plandesk` (also `npm run cli -- ...`): login, sync, search, show, statuses, export, sim.
 * See main/cli/program.ts. Free of `electron` imports like everything under main/ except the
 * Electron glue.
 */
import { processIo } from './cli/io'
import { runCli } from './cli/program'

void runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`plandesk: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exitCode = 1
  },
)
