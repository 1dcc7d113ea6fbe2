/**
 * `plandesk sim --port 8787 --plans 5000 --seed 42 [--latency-ms N] [--fail-rate P] [--db FILE]`:
 * starts the simulator, prints where it is and how to log in, runs until SIGINT/SIGTERM (or the
 * optional abort signal, for tests) and closes cleanly. main/cli.ts wires it in as a sub-command.
 */
import { Command, InvalidArgumentError } from 'commander'
import { startSimulator } from './index'
import { TRANSITIONS } from './transitions'

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

function rateOption(value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !(n >= 0 && n <= 1)) throw new InvalidArgumentError('must be a probability between 0 and 1.')
  return n
}

/** Returns the process exit code: 0 after a clean stop, 1 when the options or the start fail. */
export async function runSimCommand(argv: string[], io: SimCommandIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(line + '\n'))
  const err = io.err ?? ((line: string) => process.stderr.write(line + '\n'))
  const program = new Command('sim')
    .description('Run the Omnitron simulator on loopback')
    .option('--port <port>', 'port to listen on (0 = any free port)', intOption('--port', 0, 65535), 8787)
    .option('--plans <n>', 'number of generated cancellation plans', intOption('--plans', 0, 1_000_000), 5000)
    .option('--seed <n>', 'seed of the generated data', intOption('--seed', 0, 2 ** 32 - 1), 42)
    .option('--latency-ms <ms>', 'fixed latency added to every API request', intOption('--latency-ms', 0, 600_000), 0)
    .option('--jitter-ms <ms>', 'random extra latency, uniform in [0, ms]', intOption('--jitter-ms', 0, 600_000), 0)
    .option('--fail-rate <p>', 'probability of a 500/502/503 answer per request', rateOption, 0)
    .option('--db <file>', 'SQLite file for the simulator data (default: in memory)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => err(s.trimEnd()) })

  let opts: { port: number; plans: number; seed: number; latencyMs: number; jitterMs: number; failRate: number; db?: string }
  try {
    // argv holds only the sub-command's arguments (e.g. ["--port", "8787"]).
    program.parse(argv, { from: 'user' })
    opts = program.opts()
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode
    return typeof code === 'number' ? code : 1
  }

  const started = Date.now()
  let sim
  try {
    sim = await startSimulator({
      port: opts.port, plans: opts.plans, seed: opts.seed, dbFile: opts.db,
      faults: { latencyMs: opts.latencyMs, latencyJitterMs: opts.jitterMs, failRate: opts.failRate },
    })
  } catch (e) {
    err(`Could not start the simulator: ${e instanceof Error ? e.message : String(e)}`)
    return 1
  }
  out(`Omnitron simulator listening on ${sim.url}  (${opts.plans} plans, seed ${opts.seed}, ready in ${Date.now() - started} ms)`)
  out(`  API:      ${sim.url}/api/v1/`)
  out(`  username: ${sim.username}`)
  out(`  password: ${sim.password}`)
  out(`  token:    ${sim.token}`)
  out(`  admin:    ${sim.url}/__admin/  (header X-Simulator-Secret: ${sim.adminSecret})`)
  if (opts.latencyMs || opts.jitterMs || opts.failRate) {
    out(`  faults:   latency ${opts.latencyMs} ms + jitter ${opts.jitterMs} ms, fail rate ${opts.failRate}`)
  }
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
  return 0
}
