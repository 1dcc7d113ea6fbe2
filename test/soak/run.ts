/**
 * The soak: `npm run soak -- --minutes N` (default 10; `npm test` runs a 3-minute one).
 *
 * Runs the app's services in a worker process (test/soak/worker.ts) against the simulator with
 * 20% of requests failing (5xx, resets, cut bodies, lost responses), the connection flapping
 * offline, a colleague changing (and now and then deleting) plans on the server, and a steady
 * stream of local decisions; the worker is killed with SIGKILL at random moments and started
 * again. At the end, with the faults off, the queue is drained and a full sync run, and:
 *   - every decision the app was told was queued is in the outbox (nothing lost);
 *   - none is left waiting: each is applied, or visibly failed / in conflict / to check;
 *   - the simulator's audit log shows each applied decision exactly once, and nothing of this
 *     user that no decision explains (never twice, never a phantom);
 *   - the cache equals the server (every plan, its status, nothing extra or missing) and passes
 *     integrity_check;
 *   - the worker's memory and open file descriptors stayed bounded.
 * Prints a report; exits 1 with the failed checks.
 *   --minutes N   how long to run (fractions allowed)     --plans N   simulator size (400)
 *   --seed N      the random sequence (default: the date)  --keep      keep the data folder
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { FileTokenVault } from '../../main/app/token-vault'
import { openSession } from '../../main/app/session'
import { OmnitronClient } from '../../main/omnitron'
import { checkServerUrl } from '../../main/omnitron/url'
import { startSimulator } from '../../main/simulator'
import { createRng, type Rng } from '../../main/simulator/prng'
import { TRANSITIONS } from '../../main/simulator/transitions'
import type { RunningSimulator } from '../../main/simulator/types'
import type { PlanStatus } from '../../main/domain'

const root = resolve(__dirname, '../..')
const USER = 'demo'
const COLLEAGUE = 'kerem.aydemir'
/** 20% of requests fail in one of the ways a store's connection does. */
const FAULTS = { failRate: 0.08, resetRate: 0.05, truncateRate: 0.04, lostResponseRate: 0.03, latencyMs: 5, latencyJitterMs: 20 }
const NO_FAULTS = { failRate: 0, resetRate: 0, truncateRate: 0, lostResponseRate: 0, hangRate: 0, latencyMs: 0, latencyJitterMs: 0, offline: false }
/** The plans the worker decides on (the first by pk) and the colleague changes. */
const POOL = 120
const RSS_LIMIT = 400 * 1024 * 1024

interface Options {
  minutes: number
  plans: number
  seed: number
  keep: boolean
}

function parseArgs(argv: string[]): Options {
  const o: Options = { minutes: 10, plans: 400, seed: Number(new Date().toISOString().slice(0, 10).replace(/-/g, '')), keep: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = (): number => {
      const v = Number(argv[++i])
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`)
      return v
    }
    if (a === '--minutes') o.minutes = value()
    else if (a === '--plans') o.plans = Math.round(value())
    else if (a === '--seed') o.seed = Math.round(value())
    else if (a === '--keep') o.keep = true
    else throw new Error(`Unknown option ${a} (use --minutes N, --plans N, --seed N, --keep)`)
  }
  return o
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

interface Tally {
  starts: number
  kills: number
  crashes: string[]
  flaps: number
  colleagueChanges: number
  deletions: number
  added: number
  /** The highest plan number on the server. */
  maxPk: number
}

function startWorker(dataDir: string, serverUrl: string, seed: number): ChildProcess {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'worker.ts'), dataDir, serverUrl, String(seed)], {
    cwd: root,
    env: { ...process.env, PLANDESK_LEASE_TTL_MS: '2000', PLANDESK_DISK_PROBE_MS: '1000' },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (c) => (stderr = (stderr + c).slice(-4000)))
  ;(child as ChildProcess & { stderrTail: () => string }).stderrTail = () => stderr
  return child
}

/** The plans on the server that are not final, by pk (the worker decides on the first POOL of them). */
function openPlans(sim: RunningSimulator, maxPk: number): number[] {
  const open: number[] = []
  for (let pk = 1; pk <= maxPk; pk++) {
    const plan = sim.admin.getPlan(pk)
    if (plan && (TRANSITIONS[plan.status as PlanStatus] ?? []).length > 0) open.push(pk)
  }
  return open
}

/** A colleague changes a plan the way the server allows, or (rarely) it is deleted. */
function colleagueAct(sim: RunningSimulator, rng: Rng, tally: Tally): void {
  const open = openPlans(sim, tally.maxPk)
  // New cancellations keep arriving (in status waiting). The worker's decisions take plans to
  // final statuses, about three each: below POOL open plans, five arrive at once, so the
  // stream of decisions never runs dry.
  if (open.length < POOL || rng.chance(0.1)) {
    const n = open.length < POOL ? 5 : 1
    for (let i = 0; i < n; i++) tally.maxPk = Math.max(tally.maxPk, sim.admin.addPlan())
    tally.added += n
    return
  }
  // One of the plans the worker decides on, so conflicts happen.
  const pk = open[Math.floor(rng.next() * POOL)]
  const next = TRANSITIONS[sim.admin.getPlan(pk)!.status as PlanStatus]
  if (rng.chance(0.04)) {
    sim.admin.deletePlan(pk)
    tally.deletions++
  } else {
    sim.admin.updatePlan(pk, { status: next[Math.floor(rng.next() * next.length)] }, COLLEAGUE)
    tally.colleagueChanges++
  }
}

async function chaos(sim: RunningSimulator, rng: Rng, until: number, tally: Tally): Promise<void> {
  while (Date.now() < until) {
    await sleep(300 + Math.floor(rng.next() * 1200))
    if (rng.chance(0.15)) {
      // The connection drops for a few seconds.
      await sim.setOffline(true)
      tally.flaps++
      await sleep(1_000 + Math.floor(rng.next() * 4_000))
      await sim.setOffline(false)
    } else {
      colleagueAct(sim, rng, tally)
    }
  }
}

async function runWorkers(dataDir: string, sim: RunningSimulator, rng: Rng, until: number, seed: number, tally: Tally): Promise<void> {
  while (Date.now() < until) {
    const child = startWorker(dataDir, sim.url, seed + tally.starts)
    tally.starts++
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)))
    // Killed 3 to 20 s after it started (or at the end), at any moment of whatever it does.
    const lifetime = Math.min(until - Date.now(), 3_000 + Math.floor(rng.next() * 17_000))
    const early = await Promise.race([exited.then((code) => ({ code })), sleep(Math.max(0, lifetime)).then(() => null)])
    if (early) {
      tally.crashes.push(`worker exited by itself with code ${early.code}: ${(child as ChildProcess & { stderrTail: () => string }).stderrTail()}`)
      continue
    }
    child.kill('SIGKILL')
    tally.kills++
    await exited
  }
}

function readLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []
}

interface Verdict {
  failures: string[]
  lines: string[]
}

async function verify(dataDir: string, sim: RunningSimulator, tally: Tally): Promise<Verdict> {
  const failures: string[] = []
  const lines: string[] = []
  sim.setFaults(NO_FAULTS)
  await sim.setOffline(false)
  const token = await new OmnitronClient({ baseUrl: sim.url }).login(USER, 'demo1234')
  const session = openSession({
    dataDir,
    target: { demo: false, serverUrl: checkServerUrl(sim.url) },
    credentials: { username: USER, token, verified: 'password' },
    purpose: 'the soak check',
    // A retry after a lost answer waits seconds, not the minutes the app's backoff may reach.
    retry: { baseMs: 200, capMs: 2_000, random: Math.random },
  })
  try {
    // What the last killed worker left `sending` is recovered by this replay (its lease expires).
    // The server is reachable again: every waiting decision is due now, whatever its backoff grew
    // to during the flaps (as the app does when it sees the connection come back).
    session.reconnected()
    const drained = await session.drain({ maxWaitMs: 60_000 })
    await session.sync({ full: true }, { wait: true })
    const all = session.store.db
      .prepare(
        `SELECT o.id, o.plan_pk, o.target_status, o.state, o.attempts,
                EXISTS (SELECT 1 FROM outbox_attempts a WHERE a.entry_id = o.id AND a.outcome IN ('applied', 'already_applied')) AS answered
           FROM outbox o`,
      )
      .all() as Array<{ id: number; plan_pk: number; target_status: string | null; state: string; attempts: number; answered: number }>
    const byState = new Map<string, number>()
    for (const e of all) byState.set(e.state, (byState.get(e.state) ?? 0) + 1)
    lines.push(`decisions in the outbox: ${all.length} (${[...byState].map(([k, v]) => `${k} ${v}`).join(', ')}); the final drain applied ${drained.applied}`)

    // 1. Nothing the person was told is queued is lost.
    const told = readLines(join(dataDir, 'soak-told.log')).map((l) => l.split(' '))
    const ids = new Set(all.map((e) => e.id))
    const lost = told.filter(([id]) => !ids.has(Number(id)))
    if (lost.length > 0) failures.push(`${lost.length} decisions told as queued are missing from the outbox: ${lost.slice(0, 5).map((l) => l.join(' ')).join('; ')}`)
    lines.push(`decisions the app was told were queued: ${told.length}`)

    // 2. None left waiting, except behind an earlier decision on the same plan that waits for the person.
    const blocked = new Set(all.filter((e) => ['failed', 'conflict', 'needs_checking'].includes(e.state)).map((e) => e.plan_pk))
    const firstBlocker = new Map<number, number>()
    for (const e of all) if (blocked.has(e.plan_pk) && ['failed', 'conflict', 'needs_checking'].includes(e.state)) firstBlocker.set(e.plan_pk, Math.min(firstBlocker.get(e.plan_pk) ?? e.id, e.id))
    const open = all.filter((e) => (e.state === 'pending' || e.state === 'sending') && !((firstBlocker.get(e.plan_pk) ?? Infinity) < e.id))
    if (open.length > 0) failures.push(`${open.length} decisions still waiting after the drain: ${open.slice(0, 5).map((e) => `#${e.id} ${e.state}`).join(', ')}`)
    const behind = all.filter((e) => e.state === 'pending').length - open.filter((e) => e.state === 'pending').length
    lines.push(`${behind} decisions wait visibly behind a failed or conflicting one on the same plan`)

    // 3. Exactly once against the audit log, per (plan, target). At least: the decisions the
    //    server answered 2xx (now or at an earlier attempt). At most: the decisions that were
    //    sent and not refused (a conflict or a change to check may have reached the server
    //    before a colleague's change hid it). A decision applied without a send ("the server
    //    already shows this change") adds to neither.
    const audit = sim.admin.audit({ action: 'update_status' }).filter((a) => a.user === USER)
    const key = (pk: number, status: unknown): string => `${pk}→${String(status)}`
    const count = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1)
    const seen = new Map<string, number>()
    for (const a of audit) count(seen, key(a.pk, (a.body as { status?: unknown }).status))
    const answered = new Map<string, number>()
    const sent = new Map<string, number>()
    for (const e of all) {
      const k = key(e.plan_pk, e.target_status)
      if (e.answered) count(answered, k)
      // A failed decision was refused by the server (400, 403, 404): never applied by it.
      if (e.attempts > 0 && e.state !== 'failed') count(sent, k)
    }
    let twice = 0
    let missing = 0
    for (const k of new Set([...seen.keys(), ...answered.keys()])) {
      const got = seen.get(k) ?? 0
      if (got > (sent.get(k) ?? 0)) {
        if (++twice <= 5) failures.push(`the server applied ${k} ${got} time(s), for ${sent.get(k) ?? 0} decision(s) sent`)
      }
      if (got < (answered.get(k) ?? 0)) {
        if (++missing <= 5) failures.push(`${k} was answered as applied ${answered.get(k)} time(s) but the server applied it ${got} time(s)`)
      }
    }
    lines.push(`audit log: ${audit.length} status changes by ${USER}; ${twice} applied more often than sent, ${missing} answered but missing`)

    //    A conflict needs a colleague: someone else changed that plan on the server.
    const touched = new Set(sim.admin.audit().filter((a) => a.user !== USER).map((a) => a.pk))
    const baseless = all.filter((e) => e.state === 'conflict' && !touched.has(e.plan_pk))
    if (baseless.length > 0) failures.push(`${baseless.length} conflicts on plans nobody else changed: ${baseless.slice(0, 5).map((e) => `#${e.id} plan ${e.plan_pk}`).join(', ')}`)

    // 4. The cache equals the server.
    //    A plan deleted on the server stays while a decision on it waits for the person (it
    //    failed with "no longer exists"), so that decision can still be seen with its plan.
    const cached = session.store.db.prepare('SELECT pk, status FROM plans').all() as Array<{ pk: number; status: string }>
    let differ = 0
    let keptForDecisions = 0
    for (const p of cached) {
      const server = sim.admin.getPlan(p.pk)
      if (!server && blocked.has(p.pk)) {
        keptForDecisions++
        continue
      }
      if (!server || server.status !== p.status) {
        if (++differ <= 5) failures.push(`plan ${p.pk}: cache ${p.status}, server ${server ? String(server.status) : 'deleted'}`)
      }
    }
    if (cached.length - keptForDecisions !== sim.admin.planCount()) {
      failures.push(`the cache holds ${cached.length - keptForDecisions} of the server's plans, the server ${sim.admin.planCount()}`)
    }
    const integrity = session.store.db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') failures.push(`integrity_check: ${String(integrity)}`)
    lines.push(`cache: ${cached.length} plans (${keptForDecisions} deleted on the server, kept for a failed decision), ${differ} differ from the server, integrity ${String(integrity)}`)
  } finally {
    await session.close()
  }

  // 5. Memory and file descriptors stayed bounded.
  const stats = readLines(join(dataDir, 'soak-stats.log')).map((l) => JSON.parse(l) as { at: number; rss: number; fds: number })
  if (stats.length === 0) failures.push('the worker never reported its memory')
  else {
    const maxRss = Math.max(...stats.map((s) => s.rss))
    const fds = stats.map((s) => s.fds).filter((n) => n >= 0)
    const maxFds = fds.length ? Math.max(...fds) : -1
    if (maxRss > RSS_LIMIT) failures.push(`worker RSS reached ${(maxRss / 1048576).toFixed(0)} MB (limit ${RSS_LIMIT / 1048576} MB)`)
    if (maxFds > 200) failures.push(`the worker had ${maxFds} open file descriptors (limit 200)`)
    lines.push(`worker: max RSS ${(maxRss / 1048576).toFixed(0)} MB, max open file descriptors ${maxFds} (${stats.length} samples)`)
  }
  if (tally.crashes.length > 0) failures.push(...tally.crashes.slice(0, 3))
  return { failures, lines }
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2))
  const started = Date.now()
  const until = started + o.minutes * 60_000
  const rng = createRng(o.seed)
  const sim = await startSimulator({ plans: o.plans, seed: o.seed })
  const dataDir = mkdtempSync(join(tmpdir(), 'plandesk-soak-'))
  const tally: Tally = { starts: 0, kills: 0, crashes: [], flaps: 0, colleagueChanges: 0, deletions: 0, added: 0, maxPk: o.plans }
  console.log(`Soak: ${o.minutes} min, ${o.plans} plans, seed ${o.seed}, data folder ${dataDir}`)
  try {
    const token = await new OmnitronClient({ baseUrl: sim.url }).login(USER, 'demo1234')
    new FileTokenVault(dataDir).save({ serverUrl: checkServerUrl(sim.url), username: USER, token, verified: 'password' })
    sim.setFaults(FAULTS)
    const progress = setInterval(() => {
      const told = readLines(join(dataDir, 'soak-told.log')).length
      console.log(`  ${((Date.now() - started) / 1000).toFixed(0)} s: ${tally.starts} worker starts, ${tally.kills} SIGKILLs, ${told} decisions, ${tally.colleagueChanges} colleague changes, ${tally.deletions} deletions, ${tally.added} new plans, ${tally.flaps} offline flaps`)
    }, 30_000)
    await Promise.all([runWorkers(dataDir, sim, rng, until, o.seed, tally), chaos(sim, createRng(o.seed + 1), until, tally)])
    clearInterval(progress)
    const { failures, lines } = await verify(dataDir, sim, tally)
    console.log(`\nSoak finished after ${((Date.now() - started) / 1000).toFixed(0)} s`)
    console.log(`  ${tally.starts} worker starts, ${tally.kills} killed with SIGKILL, ${tally.flaps} offline flaps, ${tally.colleagueChanges} colleague changes, ${tally.deletions} plans deleted and ${tally.added} added on the server`)
    for (const l of lines) console.log(`  ${l}`)
    if (failures.length > 0) {
      console.error(`\nSOAK FAILED (data folder kept: ${dataDir}):`)
      for (const f of failures) console.error(`  - ${f}`)
      process.exitCode = 1
      o.keep = true
    } else console.log('\nSoak passed: every decision applied exactly once or shown with its reason; the cache equals the server.')
  } finally {
    await sim.close()
    if (!o.keep) rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
