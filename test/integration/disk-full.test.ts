/**
 * A full disk, for real: the data folder lives on a small tmpfs that the test fills with a
 * file until the kernel answers ENOSPC, so SQLite meets SQLITE_FULL exactly as on a store's
 * full disk. PlanDesk must say so clearly, lose no queued edit, stay usable read-only (search,
 * open plans) and carry on by itself once space returns, with every edit still applied
 * exactly once (the simulator's audit log).
 *
 * Mounting a tmpfs needs root (CI and this project's machines run as root); elsewhere the
 * suite is skipped with its reason, and StorageGuard's unit test still runs.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, truncateSync, unlinkSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PlanDetail, StorageState } from '../../preload/contract'
import { FileTokenVault } from '../../main/app/token-vault'
import { openSession, type ServerSession } from '../../main/app/session'
import { dispatch } from '../../main/ipc/dispatch'
import { createHandlers } from '../../main/ipc/handlers'
import { startSimulator } from '../../main/simulator'
import type { RunningSimulator } from '../../main/simulator/types'
import { DISK_FULL_DECISIONS_MESSAGE, DISK_FULL_MESSAGE } from '../../main/domain/errors'
import { reserveFile } from '../../main/store/disk'
import { expectExactlyOnce, FAST_RETRY, plansIn, serverStatus, statusAudit, tokenFor } from './outbox-helpers'
import { startWebHost, until } from './processes'

function tryMount(): { dir: string; reason: null } | { dir: null; reason: string } {
  const dir = mkdtempSync(join(tmpdir(), 'plandesk-fulldisk-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dir], { stdio: 'pipe' })
    return { dir, reason: null }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    return { dir: null, reason: `cannot mount a small tmpfs here (${String((e as Error).message).split('\n')[0]})` }
  }
}

const mounted = tryMount()
if (mounted.reason) console.warn(`disk-full suite skipped: ${mounted.reason}`)

/** Fills the disk to the last block (but `leave` bytes); returns the filler's path (delete it to free the space). */
function fillDisk(dir: string, leave = 0): string {
  const file = join(dir, 'filler.bin')
  const fd = openSync(file, 'w')
  try {
    for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
      const chunk = Buffer.alloc(size, 1)
      for (;;) {
        try {
          writeSync(fd, chunk)
        } catch (e) {
          if ((e as { code?: string }).code === 'ENOSPC') break
          throw e
        }
      }
    }
  } finally {
    closeSync(fd)
  }
  if (leave > 0) truncateSync(file, Math.max(0, statSync(file).size - leave))
  return file
}

describe.skipIf(mounted.dir === null)('a full disk (real tmpfs)', () => {
  const root = mounted.dir!
  let sim: RunningSimulator
  let session: ServerSession
  let filler: string | null = null
  const storage: StorageState[] = []
  let n = 0

  beforeAll(async () => {
    sim = await startSimulator({ plans: 300, seed: 11 })
  })
  afterAll(async () => {
    await sim?.close()
    try {
      execFileSync('umount', ['-l', root], { stdio: 'pipe' })
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
  afterEach(async () => {
    sim.setFaults({ latencyMs: 0 })
    await session?.close()
    if (filler) unlinkSync(filler)
    filler = null
    storage.length = 0
    // Each case starts on an empty small disk.
    for (const d of readdirSync(root)) if (d.startsWith('data-')) rmSync(join(root, d), { recursive: true, force: true })
  })

  /** A session on a data folder of the small disk, signed in as demo (null: signed out). */
  async function sessionAt(dataDir: string, purpose: string, signedIn = true): Promise<ServerSession> {
    return openSession({
      dataDir,
      target: { demo: false, serverUrl: sim.url },
      credentials: signedIn ? { username: 'demo', token: await tokenFor(sim, 'demo') } : null,
      purpose,
      retry: FAST_RETRY,
      timeoutMs: 5_000,
      hooks: { storageChanged: (s) => storage.push(s) },
    })
  }

  async function openSynced(): Promise<ServerSession> {
    const s = await sessionAt(join(root, `data-${++n}`), 'disk-full test')
    await s.sync({ full: true }, { wait: true })
    return s
  }

  /** The WAL shrunk to nothing, then the disk filled: the next commit must find new space. */
  function diskFull(s: ServerSession): void {
    s.store.db.pragma('wal_checkpoint(TRUNCATE)')
    filler = fillDisk(root)
  }

  function freeDisk(): void {
    if (filler) unlinkSync(filler)
    filler = null
  }

  it('refuses new decisions with a clear message, keeps every queued one, and stays usable read-only', async () => {
    session = await openSynced()
    const [a, b, c] = plansIn(session, 'waiting', 3)
    const queued = [session.setStatus({ pk: a, status: 'approved' }), session.setStatus({ pk: b, status: 'rejected' })]
    diskFull(session)

    expect(() => session.setStatus({ pk: c, status: 'approved' })).toThrow(expect.objectContaining({ code: 'disk_full', message: DISK_FULL_MESSAGE }))
    expect(session.storage.writable).toBe(false)
    expect(storage.map((s) => s.writable)).toEqual([false])

    // Through the IPC handlers, as the app sees it.
    const handlers = createHandlers({ session: () => session, storage: () => session.storage.current } as never)
    const refused = await dispatch(handlers, 'plans:setStatus', { pk: c, status: 'approved' })
    expect(refused).toEqual({ ok: false, error: { code: 'disk_full', message: DISK_FULL_MESSAGE } })
    const search = await dispatch(handlers, 'plans:search', { statuses: ['waiting'], limit: 5 })
    expect(search.ok).toBe(true)
    const detail = await dispatch(handlers, 'plans:get', { pk: a })
    expect(detail.ok && (detail.value as PlanDetail).summary.status).toBe('approved')

    // Queued edits are all there, still waiting; nothing else is attempted while full.
    const open = session.outboxPage({ limit: 10 }).entries
    expect(open.map((e) => [e.id, e.state]).sort()).toEqual(queued.map((e) => [e.id, 'pending']).sort())
    await expect(session.sync({}, { wait: true })).rejects.toMatchObject({ code: 'disk_full' })
    await expect(session.push({ wait: true })).rejects.toMatchObject({ code: 'disk_full' })
    expect(() => session.discard(queued[0].id)).toThrow(expect.objectContaining({ code: 'disk_full' }))
    expect(statusAudit(sim)).toHaveLength(0)
    expect(session.store.db.pragma('integrity_check', { simple: true })).toBe('ok')

    // Space returns: the next probe notices, the session is writable, and the queue drains.
    freeDisk()
    expect(session.storage.probeNow()).toBe(true)
    expect(storage.map((s) => s.writable)).toEqual([false, true])
    session.setStatus({ pk: c, status: 'approved' })
    const r = await session.drain({ maxWaitMs: 10_000 })
    expect(r.applied).toBe(3)
    expect(serverStatus(sim, a)).toBe('approved')
    expect(serverStatus(sim, b)).toBe('rejected')
    expect(serverStatus(sim, c)).toBe('approved')
    expectExactlyOnce(sim, session.outboxPage({ limit: 10 }).entries)
  })

  it('an edit whose answer arrives when the disk has just filled is recorded later as applied, never sent twice', async () => {
    session = await openSynced()
    const [pk] = plansIn(session, 'waiting', 1)
    const entry = session.setStatus({ pk, status: 'approved' })
    // The request is slow; the disk fills while it is on the wire, so its outcome cannot be saved.
    sim.setFaults({ latencyMs: 600 })
    const pushing = session.push({ wait: true })
    // After the read-back, once the edit is durably marked as on its way and its request has left.
    while (session.outbox.get(entry.id)?.state !== 'sending') await new Promise((r) => setTimeout(r, 10))
    await new Promise((r) => setTimeout(r, 100))
    diskFull(session)
    await expect(pushing).rejects.toMatchObject({ code: 'disk_full' })
    expect(session.storage.writable).toBe(false)
    expect(statusAudit(sim).filter((a) => a.pk === pk)).toHaveLength(1)
    // Still recorded as on its way: the outcome is unknown to the cache.
    expect(session.outbox.get(entry.id)?.state).toBe('sending')

    sim.setFaults({ latencyMs: 0 })
    freeDisk()
    // The guard's own timer would notice too; the test does not wait for it.
    expect(session.storage.probeNow()).toBe(true)
    const r = await session.drain({ maxWaitMs: 10_000 })
    expect(r.applied).toBe(1)
    const after = session.outboxPage({ limit: 10 }).entries.find((e) => e.id === entry.id)
    expect(after?.state).toBe('applied')
    expect(statusAudit(sim).filter((a) => a.pk === pk)).toHaveLength(1)
  })

  it('a second process (the CLI) opening the cache on a full disk reads, and refuses writes clearly', async () => {
    session = await openSynced()
    const dataDir = join(root, `data-${n}`)
    diskFull(session)
    const cli = await sessionAt(dataDir, 'plandesk set-status')
    try {
      expect(cli.store.searchPlans({ limit: 3 }).rows).toHaveLength(3)
      const [pk] = plansIn(cli, 'waiting', 1)
      expect(() => cli.setStatus({ pk, status: 'approved' })).toThrow(expect.objectContaining({ code: 'disk_full', message: DISK_FULL_MESSAGE }))
      freeDisk()
      expect(cli.storage.probeNow()).toBe(true)
      expect(cli.setStatus({ pk, status: 'approved' }).state).toBe('pending')
    } finally {
      await cli.close()
    }
  })

  it('opens on a full disk in the space it kept, read-only but taking decisions; without that space it says so, leaving the cache as it was', async () => {
    session = await openSynced()
    const dataDir = join(root, `data-${n}`)
    const before = session.store.searchPlans({ limit: 1000 }).total
    const [pk, ...more] = plansIn(session, 'waiting', 3)
    expect(existsSync(reserveFile(dataDir))).toBe(true)
    await session.close()
    filler = fillDisk(root)

    session = await sessionAt(dataDir, 'disk-full test')
    expect(session.notices[0]).toMatch(/^The disk is full, so PlanDesk started read-only, .* your decisions are still saved and sent, but nothing is synced/)
    expect(session.storage.current).toMatchObject({ writable: false, decisions: true, detail: DISK_FULL_DECISIONS_MESSAGE })
    expect(session.store.searchPlans({ limit: 1000 }).total).toBe(before)
    await expect(session.sync({}, { wait: true })).rejects.toMatchObject({ code: 'disk_full' })
    const decided = session.setStatus({ pk, status: 'approved' })
    expect(decided.state).toBe('pending')
    // A bulk decision is decisions too.
    expect(session.bulkSetStatus({ pks: more, status: 'approved' })).toMatchObject({ queued: 2, failed: [] })
    await session.close()

    // The kept space used up too: a start now cannot open, says so, and changes nothing.
    freeDisk()
    filler = fillDisk(root)
    await expect(sessionAt(dataDir, 'disk-full test', false)).rejects.toThrow(expect.objectContaining({ code: 'disk_full', message: expect.stringMatching(/^The disk is full, so PlanDesk cannot open its cache .*nothing in the cache was changed\.$/) }))
    freeDisk()
    session = await sessionAt(dataDir, 'disk-full test')
    expect(session.notices).toEqual([])
    expect(session.storage.current).toMatchObject({ writable: true, decisions: true })
    expect(session.store.searchPlans({ limit: 1000 }).total).toBe(before)
    // The decisions made on the full disk are sent once; the space is kept again.
    expect((await session.drain({ maxWaitMs: 10_000 })).applied).toBe(3)
    for (const p of [pk, ...more]) expect(statusAudit(sim).filter((a) => a.pk === p)).toHaveLength(1)
    expect(existsSync(reserveFile(dataDir))).toBe(true)
  })

  it('a full sync checks the free space first and says how much it needs, writing nothing', async () => {
    const dataDir = join(root, `data-${++n}`)
    session = await sessionAt(dataDir, 'disk-full test')
    // About 1 MB left: a first sync of 300 plans needs more than 3 MB.
    filler = fillDisk(root, 1024 * 1024)
    await expect(session.sync({ full: true }, { wait: true })).rejects.toMatchObject({
      code: 'disk_full',
      message: expect.stringMatching(/^A full sync of 300 plans needs about \d+ MB free on this disk .*; 1 MB is free\. Free some disk space and sync again; nothing was changed\.$/),
    })
    expect(session.store.planCount()).toBe(0)
    freeDisk()
    expect(await session.sync({ full: true }, { wait: true })).toMatchObject({ added: 300 })
  })

  it('the web host starts on a full disk and says so; a decision made then is sent once space is back; no temp file is left', async () => {
    session = await openSynced()
    const dataDir = join(root, `data-${n}`)
    const [pk] = plansIn(session, 'waiting', 1)
    await session.close()
    new FileTokenVault(dataDir).save({ serverUrl: sim.url, username: 'demo', token: await tokenFor(sim, 'demo'), verified: 'password' })
    filler = fillDisk(root)
    // --server rewrites settings.json at start-up, which a full disk refuses.
    const host = await startWebHost(dataDir, ['--server', sim.url], { PLANDESK_DISK_PROBE_MS: '200' })
    try {
      expect(host.output()).toMatch(/Notice: The disk is full, so PlanDesk started read-only/)
      expect(host.output()).toMatch(/Notice: The disk is full, so your settings could not be saved/)
      const storage = await host.call<StorageState>('app:storage')
      expect(storage).toMatchObject({ ok: true, value: { writable: false, decisions: true } })
      const queued = await host.call('plans:setStatus', { pk, status: 'approved' })
      expect(queued.ok, JSON.stringify(queued)).toBe(true)
      expect(statusAudit(sim).filter((a) => a.pk === pk)).toHaveLength(0)
      freeDisk()
      await until(async () => {
        const s = await host.call<StorageState>('app:storage')
        return s.ok && s.value.writable
      }, 20_000, 'the disk to be writable again')
      // "Send now" (this host runs without its background replay).
      const sent = await host.call<{ counts: { applied: number } }>('outbox:push')
      expect(sent).toMatchObject({ ok: true, value: { counts: { applied: 1 } } })
      expect(statusAudit(sim).filter((a) => a.pk === pk)).toHaveLength(1)
    } finally {
      await host.stop()
    }
    expect(readdirSync(dataDir).filter((f) => f.includes('.tmp-'))).toEqual([])
  })
})
