/**
 * Command-line options shared by the Electron app and the web host:
 *   --demo | --server URL     which server (overrides the saved setting)
 *   --data-dir DIR            where settings, credentials and the cache live
 *   --port N                  web host port (0 = random)
 *   --demo-plans N            size of the demo data set
 *   --no-background           no automatic sync or connectivity polling
 */
import { serverUrlProblem } from '../../preload/contract'

export interface LaunchOptions {
  demo?: boolean
  serverUrl?: string
  dataDir?: string
  port?: number
  demoPlans?: number
  background: boolean
}

export class UsageError extends Error {}

function intArg(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value)
  if (value === undefined || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${name} needs a whole number from ${min} to ${max}`)
  }
  return n
}

export function parseLaunchOptions(argv: string[]): LaunchOptions {
  const out: LaunchOptions = { background: true }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined]
    const value = (): string | undefined => inline ?? argv[++i]
    switch (flag) {
      case '--demo':
        out.demo = true
        break
      case '--server': {
        const v = value()
        if (!v) throw new UsageError('--server needs a URL, e.g. --server https://omnitron.example.com')
        const problem = serverUrlProblem(v)
        if (problem) throw new UsageError(`--server ${v}: ${problem}`)
        out.serverUrl = v
        break
      }
      case '--data-dir': {
        const v = value()
        if (!v) throw new UsageError('--data-dir needs a folder')
        out.dataDir = v
        break
      }
      case '--port':
        out.port = intArg('--port', value(), 0, 65535)
        break
      case '--demo-plans':
        out.demoPlans = intArg('--demo-plans', value(), 1, 200_000)
        break
      case '--no-background':
        out.background = false
        break
      default:
        // Electron and Chromium add switches of their own; only ours are interpreted.
        break
    }
  }
  if (out.demo && out.serverUrl) throw new UsageError('Use either --demo or --server, not both')
  return out
}
