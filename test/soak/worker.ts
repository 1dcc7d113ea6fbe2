/**
 * The soak's worker process (not a test file): the app's services as the web host and the
 * Electron app run them (background sync, connectivity polling, outbox replay), signed in to
 * the soak's simulator, making a steady stream of status changes through the IPC handlers
 * until the soak kills it with SIGKILL.
 *   node --require tsx/cjs test/soak/worker.ts <dataDir> <serverUrl> <seed>
 * Writes, in the data folder:
 *   soak-told.log   one line per change the handler said was queued: "<id> <pk> <target>"
 *   soak-stats.log  one JSON line every second: rss, open file descriptors, outbox counts
 */
import { appendFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Envelope, OutboxEntry, SearchResult } from '../../preload/contract'
import { createAppServices } from '../../main/app/services'
import { FileTokenVault } from '../../main/app/token-vault'
import { dispatch } from '../../main/ipc/dispatch'
import { setLogSink } from '../../main/log'
import { createRng } from '../../main/simulator/prng'
import { TRANSITIONS } from '../../main/simulator/transitions'
import type { PlanStatus } from '../../main/domain'

const [dataDir, serverUrl, seedArg] = process.argv.slice(2)
/** Decisions land on the first open plans by pk, the ones the soak's colleague changes too, so conflicts happen. */
const POOL = 120
/** Statuses a decision can leave (the final ones cannot). */
const OPEN = (Object.keys(TRANSITIONS) as PlanStatus[]).filter((k) => TRANSITIONS[k].length > 0)
const rng = createRng(Number(seedArg))
const logFile = join(dataDir, 'soak-worker.log')
setLogSink((_level, line) => appendFileSync(logFile, `${line}\n`), 'info')

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length
  } catch {
    return -1
  }
}

async function main(): Promise<void> {
  const services = await createAppServices({
    dataDir,
    host: 'web',
    version: '0.0.0-soak',
    vault: new FileTokenVault(dataDir),
    overrides: { serverUrl },
    background: true,
  })
  const call = (channel: string, arg?: unknown): Promise<Envelope<unknown>> => dispatch(services.handlers, channel, arg)

  // A first sync if the cache is empty (a restart after a kill carries on with what is there).
  const first = (await call('plans:search', { limit: 1 })) as Envelope<SearchResult>
  if (!first.ok || first.value.total === 0) {
    // In the background: decisions start on the first plans the sync brings.
    void call('sync:start', { full: true }).then((r) => {
      if (!r.ok) appendFileSync(logFile, `first sync: ${r.error.code} ${r.error.message}\n`)
    })
  }

  setInterval(() => {
    void call('outbox:summary').then((s) => {
      const line = { at: Date.now(), rss: process.memoryUsage().rss, fds: openFds(), outbox: s.ok ? s.value : null }
      appendFileSync(join(dataDir, 'soak-stats.log'), `${JSON.stringify(line)}\n`)
    })
  }, 1_000)

  // A steady stream of decisions: a random cached plan that is not final, a transition the
  // server allows from what the person sees (a colleague may have changed it meanwhile).
  for (;;) {
    await new Promise((r) => setTimeout(r, 150 + Math.floor(rng.next() * 250)))
    const open = (await call('plans:search', { limit: 1, statuses: OPEN })) as Envelope<SearchResult>
    if (!open.ok || open.value.total === 0) continue
    const offset = Math.floor(rng.next() * Math.min(POOL, open.value.total))
    const page = (await call('plans:search', { limit: 1, offset, statuses: OPEN, sort: 'pk' })) as Envelope<SearchResult>
    if (!page.ok || page.value.rows.length === 0) continue
    const plan = page.value.rows[0]
    const next = TRANSITIONS[plan.status as PlanStatus] ?? []
    if (next.length === 0) continue
    const target = next[Math.floor(rng.next() * next.length)]
    const r = (await call('plans:setStatus', { pk: plan.pk, status: target })) as Envelope<OutboxEntry>
    if (r.ok) appendFileSync(join(dataDir, 'soak-told.log'), `${r.value.id} ${plan.pk} ${target}\n`)
  }
}

main().catch((err) => {
  appendFileSync(logFile, `worker failed: ${(err as Error).stack ?? String(err)}\n`)
  process.exit(3)
})
