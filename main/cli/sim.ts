/**
 * `plandesk sim ...` delegates to the simulator's own command (main/simulator/cli.ts), loaded
 * lazily so ordinary commands never load the simulator.
 */
export async function runSim(argv: string[]): Promise<number> {
  const { runSimCommand } = await import('../simulator/cli')
  return runSimCommand(argv)
}
