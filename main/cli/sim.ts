/**
 * `plandesk sim ...` delegates to the simulator's own command (main/simulator/cli.ts), loaded
 * lazily so ordinary commands never load the simulator. Its exit code is passed through as it is
 * (0 stopped cleanly, 2 a bad option, 1 could not start), and so are its lines, through `io` when
 * given.
 */
import type { CliIo } from './io'
import type { SimCommandIo } from '../simulator/cli'

export async function runSim(argv: string[], io?: Pick<CliIo, 'out' | 'err'>, extra: Omit<SimCommandIo, 'out' | 'err'> = {}): Promise<number> {
  const { runSimCommand } = await import('../simulator/cli')
  return runSimCommand(argv, {
    ...extra,
    ...(io ? { out: (line: string) => io.out(line + '\n'), err: (line: string) => io.err(line + '\n') } : {}),
  })
}
