/**
 * `plandesk sim --port 8787 --plans 5000 --seed 42 [--latency-ms N] [--fail-rate P] [--db FILE]`:
 * starts the simulator, prints where it is and how to log in, runs until SIGINT/SIGTERM (or the
 * optional abort signal, for tests) and closes cleanly. main/cli.ts wires it in as a sub-command.
 * Exit codes like plandesk's: 0 after a clean stop, 2 for a bad option (one line saying which
 * and what it allows), 1 when the simulator cannot start.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from '../cli/errors'
import { startSimulator } from './index'
import { faultSettings } from './faults'
import { InputError } from './input'
import { TRANSITIONS } from './transitions'
import type { FaultOptions } from './types'

export interface SimCommandIo {
  /** Where the banner goes; default stdout. */
  out?: (line: string) => void
  err?: (line: string) => void
  /** Stops the simulator like SIGINT would. */
  signal?: AbortSignal
  /** Called once the simulator is listening (tests read the URL from here). */
  onReady?: (info: { url: string; username: string; password: string; token: string; adminSecret: string }) => void
}

function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`${name} must be an integer between ${min} and ${max}.`)
    }
    return Number(value)
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/** A fault setting, checked by the same rule as the admin interface's (faults.ts), so the message is the same. */
function faultOption(key: Exclude<keyof FaultOptions, 'offline' | 'holdChanges'>) {
  return (value: string): number => {
    const checked = faultSettings.shape[key].unwrap().safeParse(DECIMAL.test(value.trim()) ? Number(value) : value)
    if (!checked.success) throw new InvalidArgumentError(checked.error.issues[0].message)
    return checked.data
  }
}

/** The fault options: flag, FaultOptions key, help. */
const FAULT_FLAGS = [
  ['--latency-ms <ms>', 'latencyMs', 'fixed latency added to every API request'],
  ['--jitter-ms <ms>', 'latencyJitterMs', 'random extra latency, uniform in [0, ms]'],
  ['--fail-rate <p>', 'failRate', 'probability of a 500/502/503 answer per request'],
  ['--reset-rate <p>', 'resetRate', 'probability that a request\'s connection is reset'],
  ['--hang-rate <p>', 'hangRate', 'probability that a request is never answered'],
  ['--truncate-rate <p>', 'truncateRate', 'probability that a response is cut in the middle'],
  ['--lost-response-rate <p>', 'lostResponseRate', 'probability that a change is applied and its response lost'],
] as const

/** Returns the process exit code (EXIT_OK, EXIT_USAGE or EXIT_ERROR). */
export async function runSimCommand(argv: string[], io: SimCommandIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(line + '\n'))
  const err = io.err ?? ((line: string) => process.stderr.write(line + '\n'))
  const program = new Command('sim')
    .description('Run the Omnitron simulator on loopback')
    .option('--port <port>', 'port to listen on (0 = any free port)', intOption('--port', 0, 65535), 8787)
    .option('--plans <n>', 'number of generated cancellation plans', intOption('--plans', 0, 1_000_000), 5000)
    .option('--seed <n>', 'seed of the generated data', intOption('--seed', 0, 2 ** 32 - 1), 42)
  const faultOptions = FAULT_FLAGS.map(([flag, key, help]) => ({ option: new Option(flag, help).argParser(faultOption(key)), key }))
  for (const { option } of faultOptions) program.addOption(option)
  program
    .option('--db <file>', 'SQLite file for the simulator data (default: in memory)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => err(s.trimEnd()) })

  let opts: { port: number; plans: number; seed: number; db?: string } & Record<string, unknown>
  try {
    // argv holds only the sub-command's arguments (e.g. ["--port", "8787"]).
    program.parse(argv, { from: 'user' })
    opts = program.opts()
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version')) return EXIT_OK
    // Commander has printed "error: ..." naming the option and what it allows.
    return EXIT_USAGE
  }
  const faults: Partial<FaultOptions> = {}
  for (const { option, key } of faultOptions) {
    const value = opts[option.attributeName()]
    if (typeof value === 'number') faults[key] = value
  }

  const started = Date.now()
  let sim
  try {
    sim = await startSimulator({ port: opts.port, plans: opts.plans, seed: opts.seed, dbFile: opts.db, faults })
  } catch (e) {
    err(`Could not start the simulator: ${e instanceof Error ? e.message : String(e)}`)
    return e instanceof InputError ? EXIT_USAGE : EXIT_ERROR
  }
  out(`Omnitron simulator listening on ${sim.url}  (${opts.plans} plans, seed ${opts.seed}, ready in ${Date.now() - started} ms)`)
  out(`  API:      ${sim.url}/api/v1/`)
  out(`  username: ${sim.username}`)
  out(`  password: ${sim.password}`)
  out(`  token:    ${sim.token}`)
  out(`  admin:    ${sim.url}/__admin/  (header X-Simulator-Secret: ${sim.adminSecret})`)
  const active = FAULT_FLAGS.filter(([, key]) => faults[key]).map(([flag, key]) => `${flag.split(' ')[0]} ${faults[key]}`)
  if (active.length > 0) out(`  faults:   ${active.join(', ')}`)
  out(`  statuses: ${Object.entries(TRANSITIONS).map(([from, to]) => `${from} → ${to.length ? to.join('|') : '(final)'}`).join('; ')}`)
  out('Press Ctrl+C to stop.')
  io.onReady?.({ url: sim.url, username: sim.username, password: sim.password, token: sim.token, adminSecret: sim.adminSecret })

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      io.signal?.removeEventListener('abort', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    if (io.signal?.aborted) stop()
    else io.signal?.addEventListener('abort', stop)
  })
  await sim.close()
  out('Simulator stopped.')
  return EXIT_OK
}
