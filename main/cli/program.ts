/**
 * The `plandesk` command line: the same store, client and sync services as the desktop app.
 * runCli never calls process.exit; it returns the exit code (0 ok, 1 error with one line on
 * stderr, 2 usage), so tests run it in-process.
 */
import { Command, CommanderError } from 'commander'
import { OmnitronError } from '../omnitron'
import { SchemaTooNewError } from '../store'
import { AppError } from '../domain/errors'
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE, UsageError, oneLine } from './errors'
import { registerExport } from './export'
import type { CliIo } from './io'
import { registerLogin } from './login'
import { registerOutbox } from './outbox'
import { registerSearch } from './search'
import { registerShow } from './show'
import { runSim } from './sim'
import { registerStatuses } from './statuses'
import { registerSync } from './sync'

export function buildProgram(io: CliIo): Command {
  const program = new Command('plandesk')
    .description('PlanDesk: Omnitron cancellation plans, cached for offline search')
    .option('--data-dir <dir>', "the data folder shared with the PlanDesk app (default: $PLANDESK_DATA_DIR, else the app's user-data folder)")
    .option('--db <path>', "cache file (default: the data folder's cache for its server)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: (s, write) => write(s) })
    .showSuggestionAfterError()
  registerLogin(program, io)
  registerSync(program, io)
  registerSearch(program, io)
  registerShow(program, io)
  registerStatuses(program, io)
  registerExport(program, io)
  registerOutbox(program, io)
  program.command('sim').description('run the Omnitron simulator on loopback (plandesk sim --help)').allowUnknownOption().helpOption(false)
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput())
  return program
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'sim') return runSim(argv.slice(1), io)
  const program = buildProgram(io)
  try {
    if (argv.length === 0) {
      program.outputHelp()
      return EXIT_USAGE
    }
    await program.parseAsync(argv, { from: 'user' })
    return EXIT_OK
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version end "successfully"; everything else commander rejects is usage.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK
      return EXIT_USAGE
    }
    if (e instanceof UsageError) {
      io.err(`plandesk: ${oneLine(e)}\n`)
      return EXIT_USAGE
    }
    if (e instanceof OmnitronError && e.kind === 'auth' && !/plandesk login/.test(e.message)) {
      // The server's own words ("Invalid token.") plus what to do about them.
      io.err(`plandesk: ${oneLine(e)} Run "plandesk login" to sign in again.\n`)
      return EXIT_ERROR
    }
    if (e instanceof OmnitronError || e instanceof SchemaTooNewError || e instanceof AppError) {
      io.err(`plandesk: ${oneLine(e)}\n`)
      return EXIT_ERROR
    }
    io.err(`plandesk: ${oneLine(e)}\n`)
    return EXIT_ERROR
  }
}
