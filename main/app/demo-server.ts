import { join } from 'node:path'
import type { RunningSimulator } from '../simulator/types'

/**
 * Starts the built-in Omnitron simulator for demo mode on a random loopback port. Its data lives
 * in <data dir>/demo-server.sqlite, so demo edits survive a restart just as a real server's would.
 */
export async function startDemoServer(opts: { plans: number; dataDir: string }): Promise<RunningSimulator> {
  const { startSimulator } = await import('../simulator')
  return startSimulator({ plans: opts.plans, seed: 42, dbFile: join(opts.dataDir, 'demo-server.sqlite') })
}
