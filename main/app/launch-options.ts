/**
 * Command-line options shared by the Electron app and the web host:
 *   --demo | --server URL     which server (overrides the saved setting)
 *   --data-dir DIR            where settings, credentials and the cache live
 *   --port N                  web host port (0 = random)
 *   --demo-plans N            size of the demo data set
 *   --no-background           no automatic sync or connectivity polling
 *   --help, -h                print the options and exit (the web host)
 */
import { serverUrlProblem } from '../../preload/contract'

export interface LaunchOptions {
  demo?: boolean
  serverUrl?: string
  dataDir?: string
  port?: number
  demoPlans?: number
  background: boolean
  /** Asked for the options (--help, -h): print them and start nothing. */
  help?: boolean
}

/** What `node out/main/webhost.js --help` prints. */
export const WEB_HOST_USAGE = `Usage: node out/main/webhost.js [options]

Runs PlanDesk's services under plain Node and serves the app to a browser on this computer
(127.0.0.1 only); it prints the address to open, which carries this launch's secret.

Options:
  --demo                 use the built-in Omnitron simulator's sample data
  --server URL           use this Omnitron server (https://…; http:// only for 127.0.0.1 or localhost)
  --data-dir DIR         where settings, sign-in and the cache live
                         (default: $PLANDESK_DATA_DIR, else the desktop app's folder)
  --port N               the port to serve on (0 or none: any free port)
  --demo-plans N         how many sample plans the demo has (1–200000)
  --no-background        no automatic sync or connection checks
  -h, --help             print this and exit

--demo and --server override the data source saved in the settings for this run only.
`

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
      case '--help':
      case '-h':
        out.help = true
        break
      default:
        // Electron and Chromium add switches of their own; only ours are interpreted.
        break
    }
  }
  if (out.demo && out.serverUrl) throw new UsageError('Use either --demo or --server, not both')
  return out
}
