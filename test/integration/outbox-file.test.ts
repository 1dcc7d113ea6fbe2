/**
 * Unsent decisions are not cache data: 20 decisions queued offline, then the cache damaged in
 * every way a workstation damages it (truncated, emptied, pages overwritten with the app or the
 * CLI first to meet it, deleted, replaced by a text file, the scope changed): the person is
 * told how many decisions were kept, and after recovery each of the 20 lands exactly once
 * (the simulator's audit log). Then the outbox's own file damaged: what can be read is kept and
 * lands once, and the person is told which plans the unreadable ones were for. Real processes:
 * the built CLI and web host (test/integration/processes.ts).
 */
import { closeSync, openSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cacheFileFor } from '../../main/store/paths'
import { outboxFileFor } from '../../main/outbox/file'
import { salvageRecords } from '../../main/outbox/salvage'
import { OUTBOX_COLUMNS } from '../../main/outbox/schema'
import { startSimulator } from '../../main/simulator'
import { createRng } from '../../main/simulator/prng'
import type { RunningSimulator } from '../../main/simulator/types'
import { freshWaiting, sessionFor, tokenFor } from './outbox-helpers'
import { login, runCli, startWebHost, tempDataDir, until, type WebHostProcess } from './processes'

let sim: RunningSimulator
const hosts: WebHostProcess[] = []

beforeAll(async () => {
  sim = await startSimulator({ plans: 2500, seed: 41 })
})
afterAll(() => sim.close())
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()))
  await sim.setOffline(false)
})

interface Queued {
  dataDir: string
  cache: string
  outbox: string
  /** pk → the status each decision asked for. */
  decisions: Map<number, string>
}

/** A data folder signed in (by the CLI, with a password) and synced, with 20 decisions queued while the server is away. */
async function queued20(): Promise<Queued> {
  const dataDir = tempDataDir('plandesk-outbox-file-')
  await login(dataDir, sim.url)
  const token = await tokenFor(sim, 'demo')
  const s = await sessionFor(sim, { dataDir, token })
  const decisions = new Map<number, string>()
  try {
    await s.sync({ full: true }, { wait: true })
    const pks = freshWaiting(s, used, 20)
    await sim.setOffline(true)
    for (const pk of pks) {
      s.setStatus({ pk, status: 'approved' })
      decisions.set(pk, 'approved')
    }
    const r = await s.push({ wait: true })
    expect(r.applied).toBe(0)
  } finally {
    await s.close()
    await sim.setOffline(false)
  }
  const cache = cacheFileFor(dataDir, { demo: false, serverUrl: sim.url })
  const outbox = outboxFileFor(cache)
  // Both files hold every page themselves (their WALs folded back and emptied): a page
  // overwritten below is one SQLite reads, never one a newer copy in the WAL hides.
  for (const file of [cache, outbox]) {
    const db = new Database(file)
    try {
      db.pragma('wal_checkpoint(TRUNCATE)')
    } finally {
      db.close()
    }
  }
  return { dataDir, cache, outbox, decisions }
}
const used = new Set<number>()

/** Each decision applied exactly once on the server (or, for `lost`, never). */
function expectLandedOnce(q: Queued, lost: ReadonlySet<number> = new Set()): void {
  const audit = sim.admin.audit({ action: 'update_status' })
  for (const [pk, status] of q.decisions) {
    const rows = audit.filter((a) => a.pk === pk && (a.body as { status?: string }).status === status)
    expect(rows, `plan ${pk} → ${status}`).toHaveLength(lost.has(pk) ? 0 : 1)
  }
}

/** Overwrites `count` random pages of a file (after its first) with random bytes. */
function overwritePages(file: string, count: number, seed: number, pageSize = 4096): void {
  const rng = createRng(seed)
  const pages = Math.floor(statSync(file).size / pageSize)
  const fd = openSync(file, 'r+')
  try {
    for (let i = 0; i < count; i++) {
      const page = 1 + Math.floor(rng.next() * (pages - 1))
      const junk = Buffer.alloc(pageSize)
      for (let b = 0; b < pageSize; b++) junk[b] = Math.floor(rng.next() * 256)
      writeSync(fd, junk, 0, pageSize, page * pageSize)
    }
  } finally {
    closeSync(fd)
  }
}

/** The CLI's `push` recovers and sends everything: exit 0, every decision applied. */
async function pushWithCli(q: Queued): Promise<{ stdout: string; stderr: string }> {
  const r = await runCli(['push', '--max-wait', '20'], { dataDir: q.dataDir })
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0)
  expect(r.stderr).not.toMatch(/\n\s+at /)
  expect(r.stdout).toMatch(/Sent: 20 applied/)
  return r
}

/**
 * The web host (the app) starts on the damaged folder, tells what it kept, and sends it when
 * asked. Damage the open itself cannot see is found by the cache check after start-up, which
 * opens the session again on a fresh cache: the notice comes a moment later, and the person
 * sends once it is shown.
 */
async function recoverWithWebHost(q: Queued, expected: RegExp): Promise<string> {
  const host = await startWebHost(q.dataDir)
  hosts.push(host)
  let notices = ''
  await until(async () => {
    const info = await host.call<{ notices: string[] }>('app:info')
    notices = info.ok ? info.value.notices.join('\n') : ''
    return expected.test(notices)
  }, 20_000, `a notice matching ${expected}`)
  const r = await host.call<{ open: number }>('outbox:push')
  expect(r.ok, JSON.stringify(r)).toBe(true)
  await until(async () => {
    const s = await host.call<{ open: number; counts: { applied: number } }>('outbox:summary')
    return s.ok && s.value.counts.applied === 20
  }, 20_000, 'the 20 decisions applied')
  return notices
}

describe('a damaged cache never loses an unsent decision', () => {
  it('truncated to half, the app first: the cache is rebuilt, the 20 are kept and land once', async () => {
    const q = await queued20()
    truncateSync(q.cache, Math.floor(statSync(q.cache).size / 2))
    const notices = await recoverWithWebHost(q, /Your 20 unsent decisions are kept/)
    expect(notices).toMatch(/Your 20 unsent decisions are kept/)
    expectLandedOnce(q)
  })

  it('emptied to 0 bytes, the CLI first: a fresh cache, the person told, the 20 land once', async () => {
    const q = await queued20()
    truncateSync(q.cache, 0)
    const r = await pushWithCli(q)
    expect(r.stderr).toMatch(/The cache was missing or empty.*Your 20 unsent decisions are kept/s)
    expectLandedOnce(q)
  })

  it('20 random pages overwritten, the app first', async () => {
    const q = await queued20()
    overwritePages(q.cache, 20, 7)
    const notices = await recoverWithWebHost(q, /The cache was damaged.*Your 20 unsent decisions are kept/s)
    expect(notices).toMatch(/The cache was damaged.*Your 20 unsent decisions are kept/s)
    expectLandedOnce(q)
  })

  it('20 random pages overwritten, the CLI first: no stack trace, the 20 land once', async () => {
    const q = await queued20()
    overwritePages(q.cache, 20, 8)
    const queue = await runCli(['queue'], { dataDir: q.dataDir })
    expect(queue.code, queue.stderr).toBe(0)
    expect(queue.stdout).toMatch(/Queue: 20 waiting/)
    const r = await pushWithCli(q)
    // The first command to meet the damage says so, once: `queue` when an overwritten page is one
    // it reads, otherwise `push`, whose whole-file check finds it.
    const told = `${queue.stderr}\n${r.stderr}`
    expect(told).toMatch(/The cache was damaged.*Your 20 unsent decisions are kept/s)
    expect(told.match(/The cache was damaged/g)).toHaveLength(1)
    expectLandedOnce(q)
  })

  it('deleted: a fresh cache, the person told, the 20 land once', async () => {
    const q = await queued20()
    for (const f of [q.cache, `${q.cache}-wal`, `${q.cache}-shm`]) rmSync(f, { force: true })
    const r = await pushWithCli(q)
    expect(r.stderr).toMatch(/The cache was missing or empty.*Your 20 unsent decisions are kept/s)
    expectLandedOnce(q)
  })

  it('replaced by a text file: the CLI and the web host refuse it in words, keep the 20, and send them once it is moved away', async () => {
    const q = await queued20()
    rmSync(q.cache)
    writeFileSync(q.cache, 'notes of the day\n')
    const refused = await runCli(['push'], { dataDir: q.dataDir })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/is not a PlanDesk cache; nothing was changed\. Your 20 unsent decisions are kept in .*\.outbox\.sqlite: move .* away/s)
    await expect(startWebHost(q.dataDir)).rejects.toThrow(/exited with 2:\nPlanDesk could not start: .*is not a PlanDesk cache; nothing was changed\. Your 20 unsent decisions are kept/)
    expect(sim.admin.audit({ action: 'update_status' }).filter((a) => q.decisions.has(a.pk))).toHaveLength(0)
    // The person moves the file away.
    rmSync(q.cache)
    await pushWithCli(q)
    expectLandedOnce(q)
  })

  it('the scope changed (a full sync of another scope): the 20 land once', async () => {
    const q = await queued20()
    await sim.setOffline(false)
    const sync = await runCli(['sync', '--scope-store', 'no-such-store'], { dataDir: q.dataDir })
    expect(sync.code, sync.stderr).toBe(0)
    const queue = await runCli(['queue', '--json'], { dataDir: q.dataDir })
    expect(JSON.parse(queue.stdout).summary.open).toBe(20)
    await pushWithCli(q)
    expectLandedOnce(q)
  })
})

describe("the outbox's own file damaged", () => {
  it('keeps every row it can read, says which plans the others were for, and sends the kept ones once', async () => {
    const q = await queued20()
    const pageSize = 4096
    const found = salvageRecords(q.outbox)
    const rowsByPage = new Map<number, number[]>()
    for (const r of found.tableRecords) {
      if (r.values.length !== OUTBOX_COLUMNS.length || r.rowid === null) continue
      rowsByPage.set(r.page, [...(rowsByPage.get(r.page) ?? []), r.rowid])
    }
    // The rows fill more than one page: the one with the fewest rows is overwritten, with the
    // file's header and schema page, so SQLite itself can read nothing of it.
    expect(rowsByPage.size).toBeGreaterThan(1)
    const [lostPage, lostIds] = [...rowsByPage.entries()].sort((a, b) => a[1].length - b[1].length)[0]
    const fd = openSync(q.outbox, 'r+')
    for (const page of [1, lostPage]) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize)
    closeSync(fd)
    const byId = new Map(found.tableRecords.filter((r) => r.values.length === OUTBOX_COLUMNS.length).map((r) => [r.rowid!, r.values[1] as number]))
    const lostPlans = new Set(lostIds.map((id) => byId.get(id)!))

    const r = await runCli(['push', '--max-wait', '20'], { dataDir: q.dataDir })
    expect(r.stderr).not.toMatch(/\n\s+at /)
    const kept = 20 - lostIds.length
    expect(r.stderr).toMatch(new RegExp(`The file of your unsent decisions was damaged .*moved aside to .*\\. ${kept} unsent decisions were read from it and kept`))
    const could = r.stderr.match(/(\d+) unsent decisions? could not be read \(they were for plans? ([\d, and]+)\)/)
    expect(could, r.stderr).not.toBeNull()
    expect(Number(could![1])).toBe(lostIds.length)
    expect(could![2].split(/, | and /).map(Number).sort((a, b) => a - b)).toEqual([...lostPlans].sort((a, b) => a - b))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`Sent: ${kept} applied`))
    expectLandedOnce(q, lostPlans)
    // The damaged file is kept beside, never deleted.
    expect(readdirSync(q.dataDir).some((f) => f.includes('.outbox.sqlite.corrupt-'))).toBe(true)
  })
})
