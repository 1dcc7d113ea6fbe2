/**
 * `plandesk sync [--full] [--reconcile]`: pulls from the server into the cache, with a progress
 * bar on a terminal. Scope options are remembered in the session file (a changed scope makes
 * the next sync a full one, which rebuilds the cache for the new scope).
 */
import { type Command, InvalidArgumentError } from 'commander'
import cliProgress from 'cli-progress'
import type { SyncProgress, SyncScope } from '../../preload/contract'
import { SyncEngine } from '../sync'
import { readSession, writeSession } from './config'
import { type GlobalOptions, clientFor, withStore } from './context'
import { json, syncSummary } from './format'
import type { CliIo } from './io'

const positive = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`${name} must be a positive whole number.`)
  return Number(v)
}

interface SyncOptions {
  full?: boolean
  reconcile?: boolean
  json?: boolean
  pageSize?: number
  reconcileEvery?: number
  scopeStore?: string
  scopeChannel?: number[]
  scopeDays?: number
  clearScope?: boolean
}

function progressBar(io: CliIo): { onProgress: (p: SyncProgress) => void; stop: () => void } {
  if (!io.stderrIsTTY || !io.stderrStream) return { onProgress: () => {}, stop: () => {} }
  const bar = new cliProgress.SingleBar(
    { stream: io.stderrStream, format: '{kind} [{bar}] {value}/{total} plans | page {pages} | {rate}/s', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    onProgress: (p) => {
      const payload = { kind: p.kind, pages: `${p.pagesDone}/${p.pagesTotal ?? '?'}`, rate: p.rate }
      if (!started) {
        bar.start(p.plansTotal ?? 0, 0, payload)
        started = true
      }
      bar.setTotal(p.plansTotal ?? Math.max(p.plansDone, 1))
      bar.update(p.plansDone, payload)
    },
    stop: () => started && bar.stop(),
  }
}

export function registerSync(program: Command, io: CliIo): void {
  program
    .command('sync')
    .description('bring the local cache up to date with the server')
    .option('--full', 'download every plan of the scope again')
    .option('--reconcile', 'also remove plans the server no longer lists')
    .option('--page-size <n>', 'plans per request', positive('--page-size'), 100)
    .option('--reconcile-every <hours>', 'reconcile by itself when the last one is older than this', positive('--reconcile-every'), 24)
    .option('--scope-store <id>', 'sync only this retail store (remembered)')
    .option('--scope-channel <id>', 'sync only these channel ids (repeatable, remembered)', (v: string, prev: number[] = []) => [...prev, positive('--scope-channel')(v)])
    .option('--scope-days <n>', 'sync only plans created in the last N days (remembered)', positive('--scope-days'))
    .option('--clear-scope', 'forget the remembered scope')
    .option('--json', 'print the result as JSON')
    .action(async (o: SyncOptions) => {
      const global = program.opts<GlobalOptions>()
      const session = readSession(io.env)
      let scope: SyncScope = o.clearScope ? {} : { ...(session.scope ?? {}) }
      if (o.scopeStore !== undefined || o.scopeChannel !== undefined || o.scopeDays !== undefined) {
        scope = {
          ...scope,
          ...(o.scopeStore !== undefined ? { retailStoreRemoteId: o.scopeStore } : {}),
          ...(o.scopeChannel !== undefined ? { channelIds: o.scopeChannel } : {}),
          ...(o.scopeDays !== undefined ? { createdWithinDays: o.scopeDays } : {}),
        }
      }
      const client = clientFor(session)
      if (JSON.stringify(scope) !== JSON.stringify(session.scope ?? {})) {
        // Only the scope changes; the env overrides (PLANDESK_TOKEN/SERVER) are not persisted.
        const saved = readSession({ ...io.env, PLANDESK_TOKEN: '', PLANDESK_SERVER: '' })
        writeSession(io.env, { ...saved, scope })
      }
      await withStore(io, global, async (store) => {
        const engine = new SyncEngine({ store, client, scope, pageSize: o.pageSize, reconcileEveryMs: (o.reconcileEvery ?? 24) * 3_600_000 })
        const bar = progressBar(io)
        const onSignal = () => engine.cancel()
        process.once('SIGINT', onSignal)
        try {
          const result = await engine.run({ full: o.full, reconcile: o.reconcile }, bar.onProgress)
          bar.stop()
          if (o.json) {
            io.out(json(result))
          } else {
            io.out(syncSummary(result))
            for (const s of result.skipped) io.err(`skipped plan ${s.pk ?? '(no pk)'}: ${s.reason}\n`)
            for (const w of result.warnings) io.err(`warning: ${w}\n`)
          }
        } finally {
          bar.stop()
          process.removeListener('SIGINT', onSignal)
        }
      })
    })
}
