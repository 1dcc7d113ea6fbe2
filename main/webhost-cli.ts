/**
 * `node out/main/webhost.js [--demo | --server URL] [--port N] [--data-dir DIR] [--help]`
 * Runs PlanDesk's main-process services under plain Node and serves the app on loopback.
 * Used by `npm start` where Electron cannot start, by `npm run start:web`, and by the e2e tests.
 */
import { join } from 'node:path'
import { createAppServices } from './app/services'
import { DownloadShelf } from './export/destination'
import { startDemoServer } from './app/demo-server'
import { parseLaunchOptions, UsageError, WEB_HOST_USAGE } from './app/launch-options'
import { FileTokenVault } from './app/token-vault'
import { dispatch } from './ipc/dispatch'
import { errorShape } from './domain/errors'
import { createLogger } from './log'
import { chooseDataDir } from './app/launch'
import { startWebHost } from './webhost'
import { version } from '../package.json'

const log = createLogger('webhost')

async function main(): Promise<void> {
  let options
  try {
    options = parseLaunchOptions(process.argv.slice(2))
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`plandesk web: ${err.message}\nRun with --help to see the options.\n`)
      process.exit(2)
    }
    throw err
  }
  // Before anything is opened or created: asking for help starts nothing.
  if (options.help) {
    process.stdout.write(WEB_HOST_USAGE)
    process.exit(0)
  }
  const dataDir = chooseDataDir(options.dataDir)
  const downloads = new DownloadShelf()
  const services = await createAppServices({
    dataDir,
    host: 'web',
    version,
    vault: new FileTokenVault(dataDir),
    overrides: { demo: options.demo, serverUrl: options.serverUrl },
    demoPlans: options.demoPlans,
    startDemoServer,
    background: options.background,
    exportDestination: downloads,
  })
  const host = await startWebHost({
    dispatch: (channel, arg) => dispatch(services.handlers, channel, arg),
    events: services.events,
    rendererDir: join(__dirname, '../renderer'),
    port: options.port,
    downloads,
  })
  for (const notice of services.info().notices) process.stdout.write(`Notice: ${notice}\n`)
  if (services.info().demo) process.stdout.write('Demo mode: the built-in Omnitron simulator serves sample data.\n')
  if (process.env.PLANDESK_E2E_SIM_ADMIN === '1' && services.simulator) {
    // End-to-end tests reach the demo simulator's admin interface (faults, offline) with this.
    process.stdout.write(`Simulator admin: ${services.simulator.url}/__admin/ ${services.simulator.adminSecret}\n`)
  }
  // The one line tests and people look for; it carries the per-launch secret.
  process.stdout.write(`PlanDesk is running at ${host.url}\n`)

  let closing = false
  const shutdown = async (): Promise<void> => {
    if (closing) return
    closing = true
    await host.close()
    await services.close()
    downloads.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown())
  process.on('SIGTERM', () => void shutdown())
}

main().catch((err) => {
  // What the person can act on (a file that is not a cache, a full disk, a cache from a newer
  // PlanDesk) is said in words, without a stack trace; anything else is logged whole.
  const said = errorShape(err)
  if (said.code !== 'internal') {
    process.stderr.write(`PlanDesk could not start: ${said.message}\n`)
    process.exit(2)
  }
  log.error('PlanDesk could not start:', err)
  process.stderr.write(`PlanDesk could not start: ${(err as Error).message}\n`)
  process.exit(1)
})
