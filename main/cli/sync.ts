/**
 * `plandesk sync [--full] [--reconcile] [--wait]`: pulls from the server into the cache, with a
 * progress bar on a terminal. Scope options change the cache's scope, the one the app uses too
 * (a changed scope makes the next sync, and only that one, a full sync for the new scope).
 * Another PlanDesk syncing the same cache makes this exit 1 saying so, or with --wait it waits.
 */
import { type Command, InvalidArgumentError } from 'commander'
import type { SyncProgress, SyncScope } from '../../preload/contract'
import { LeaseBusyError } from '../store'
import { PULL_RETRY } from '../sync/engine'
import { type GlobalOptions, requireSignedIn, withSession } from './context'
import { CliError, errorObject } from './errors'
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
  wait?: boolean
  retries?: number
}

async function progressBar(io: CliIo): Promise<{ onProgress: (p: SyncProgress) => void; stop: () => void }> {
  if (!io.stderrIsTTY || !io.stderrStream) return { onProgress: () => {}, stop: () => {} }
  // Loaded only for a sync on a terminal: other commands start without it.
  const { default: cliProgress } = await import('cli-progress')
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
    .option('--wait', 'if another PlanDesk is syncing this cache, wait for it instead of stopping')
    .option('--retries <n>', 'tries per request before the sync stops (failures back off with jitter)', positive('--retries'), 8)
    .option('--json', 'print the result as JSON')
    .action(async (o: SyncOptions) => {
      // With --json, stdout always holds one JSON document: the result, or {error: {code, message}}.
      let printed = false
      try {
        await runSync(o, () => (printed = true))
      } catch (e) {
        if (o.json && !printed) io.out(json(errorObject(e)))
        throw e
      }
    })

  async function runSync(o: SyncOptions, onPrinted: () => void): Promise<void> {
    const use = {
      purpose: 'plandesk sync',
      check: true,
      pageSize: o.pageSize,
      reconcileEveryMs: (o.reconcileEvery ?? 24) * 3_600_000,
      pullRetry: { attempts: o.retries ?? PULL_RETRY.attempts, policy: PULL_RETRY.policy },
    }
    await withSession(io, program.opts<GlobalOptions>(), use, async (session, setup) => {
      requireSignedIn(session, setup)
      const before = session.scope()
      let scope: SyncScope = o.clearScope ? {} : { ...before }
      if (o.scopeStore !== undefined || o.scopeChannel !== undefined || o.scopeDays !== undefined) {
        scope = {
          ...scope,
          ...(o.scopeStore !== undefined ? { retailStoreRemoteId: o.scopeStore } : {}),
          ...(o.scopeChannel !== undefined ? { channelIds: o.scopeChannel } : {}),
          ...(o.scopeDays !== undefined ? { createdWithinDays: o.scopeDays } : {}),
        }
      }
      if (JSON.stringify(scope) !== JSON.stringify(before)) session.setScope(scope)
      const bar = await progressBar(io)
      const onSignal = () => session.cancelSync()
      process.once('SIGINT', onSignal)
      try {
        const result = await session.sync(
          { full: o.full, reconcile: o.reconcile },
          {
            wait: o.wait === true,
            onProgress: (p) => {
              if (p.phase === 'retrying' && p.retry) {
                io.err(`Retrying ${p.retry.what} in ${Math.max(1, Math.round(p.retry.inMs / 1000))} s (attempt ${p.retry.attempt}): ${p.retry.reason}\n`)
              }
              bar.onProgress(p)
            },
            onWaiting: (h) => io.err(`Waiting for another PlanDesk to finish syncing this cache (${h.purpose}, process ${h.pid})…\n`),
          },
        )
        bar.stop()
        onPrinted()
        if (o.json) {
          io.out(json(result))
        } else {
          io.out(syncSummary(result))
          for (const s of result.skipped) io.err(`skipped plan ${s.pk ?? '(no pk)'}: ${s.reason}\n`)
          for (const w of result.warnings) io.err(`warning: ${w}\n`)
        }
        // Exit 0 only for a complete sync: scripts must be able to tell a partial one.
        if (!result.complete) {
          throw new CliError(
            result.cancelled
              ? 'The sync was cancelled; what it synced is kept.'
              : `The sync is incomplete (${result.skipped.length > 0 ? `${result.skipped.length} plan(s) skipped` : 'the list was not read to its end'}); see the warnings above. The next sync tries again.`,
          )
        }
      } catch (e) {
        if (e instanceof LeaseBusyError) throw Object.assign(new CliError(`${e.message} Try again when it has finished, or add --wait.`), { code: 'busy' })
        throw e
      } finally {
        bar.stop()
        process.removeListener('SIGINT', onSignal)
      }
    })
  }
}
