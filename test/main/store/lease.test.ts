import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type CacheLease, LeaseBusyError, LeaseLostError, openStore, type PlanStore } from '../../../main/store'
import { DEFAULT_LEASE_TTL_MS, type LeaseOptions } from '../../../main/store/lease'

/** Two processes' view of one cache: two connections to the same file. */
function twoConnections(): [PlanStore, PlanStore] {
  const file = join(mkdtempSync(join(tmpdir(), 'pd-lease-')), 'cache.sqlite')
  const a = openStore({ file }).store
  const b = openStore({ file }).store
  stores.push(a, b)
  return [a, b]
}

const stores: PlanStore[] = []
const leases: CacheLease[] = []
afterEach(() => {
  for (const l of leases.splice(0)) l.release()
  for (const s of stores.splice(0)) s.close()
  vi.unstubAllEnvs()
})

function lease(store: PlanStore, opts: Partial<LeaseOptions> = {}): CacheLease {
  const l = store.lease('pull', { purpose: 'test', ...opts })
  leases.push(l)
  return l
}

/** A clock both handles read, moved by the test. */
function clock(start = Date.UTC(2026, 0, 1)) {
  const c = { t: start, now: () => c.t }
  return c
}

describe('CacheLease', () => {
  it('lets one holder in at a time and tells the other who holds it', () => {
    const [sa, sb] = twoConnections()
    const a = lease(sa, { purpose: 'the PlanDesk app' })
    const b = lease(sb, { purpose: 'plandesk sync' })
    expect(a.owner).not.toBe(b.owner)
    expect(a.tryAcquire()).toEqual({ acquired: true })
    expect(a.held).toBe(true)
    // Taking it again is fine for its holder.
    expect(a.tryAcquire()).toEqual({ acquired: true })
    const busy = b.tryAcquire()
    expect(busy.acquired).toBe(false)
    if (busy.acquired) return
    expect(busy.holder).toMatchObject({ owner: a.owner, pid: process.pid, host: hostname(), purpose: 'the PlanDesk app' })
    expect(busy.holder.expiresAt).toBeGreaterThan(Date.now())
    expect(b.held).toBe(false)
    expect(b.holder()).toEqual(busy.holder)
  })

  it('refuses at once without wait, naming the holder', async () => {
    const [sa, sb] = twoConnections()
    const a = lease(sa, { purpose: 'the PlanDesk app' })
    const b = lease(sb)
    a.tryAcquire()
    const err = await b.acquire({ wait: false }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LeaseBusyError)
    expect(err).toMatchObject({ code: 'busy', lease: 'pull', holder: { owner: a.owner } })
    expect((err as Error).message).toMatch(/Another PlanDesk is syncing this cache \(the PlanDesk app, process \d+\)/)
  })

  it('passes to the next process when released', async () => {
    const [sa, sb] = twoConnections()
    const a = lease(sa)
    const b = lease(sb)
    a.tryAcquire()
    a.release()
    expect(a.held).toBe(false)
    expect(a.holder()).toBeNull()
    expect(await b.acquire({ wait: false })).toBe(true)
    expect(a.holder()?.owner).toBe(b.owner)
  })

  it('lets another process take over an expired lease; the old holder then knows it lost it', () => {
    const [sa, sb] = twoConnections()
    const c = clock()
    const a = lease(sa, { ttlMs: 30_000, now: c.now })
    const b = lease(sb, { ttlMs: 30_000, now: c.now })
    a.tryAcquire()
    expect(a.renew()).toBe(true)
    c.t += 29_000
    expect(b.tryAcquire().acquired).toBe(false)
    // The holder stopped beating (paused, killed): past expiry the lease is free.
    c.t += 31_000
    expect(b.holder()).toBeNull()
    expect(b.tryAcquire()).toEqual({ acquired: true })
    // The old holder's writes are refused inside their transaction...
    expect(() => sa.transaction(() => a.assertHeld())).toThrow(LeaseLostError)
    expect(() => sb.transaction(() => b.assertHeld())).not.toThrow()
    // ...its heartbeat cannot take it back, and its release leaves the new holder alone.
    expect(a.renew()).toBe(false)
    a.release()
    expect(b.holder()?.owner).toBe(b.owner)
    expect(() => b.assertHeld()).not.toThrow()
  })

  it('keeps a live holder by its heartbeat', async () => {
    const [sa, sb] = twoConnections()
    const a = lease(sa, { ttlMs: 300 })
    const b = lease(sb, { ttlMs: 300 })
    a.tryAcquire()
    // Several lifetimes pass; the heartbeat (every ttl/3) keeps the lease alive.
    await new Promise((r) => setTimeout(r, 1_000))
    expect(b.tryAcquire().acquired).toBe(false)
    a.release()
    expect(b.tryAcquire().acquired).toBe(true)
  })

  it('with wait, resolves once the holder releases, telling once whom it waits for', async () => {
    const [sa, sb] = twoConnections()
    const a = lease(sa, { purpose: 'the PlanDesk app' })
    const b = lease(sb)
    a.tryAcquire()
    const onWaiting = vi.fn()
    let got: boolean | null = null
    const waiting = b.acquire({ wait: true, pollMs: 20, onWaiting }).then((v) => (got = v))
    await new Promise((r) => setTimeout(r, 150))
    expect(got).toBeNull()
    expect(onWaiting).toHaveBeenCalledTimes(1)
    expect(onWaiting.mock.calls[0][0]).toMatchObject({ owner: a.owner, purpose: 'the PlanDesk app' })
    a.release()
    await waiting
    expect(got).toBe(true)
    expect(b.holder()?.owner).toBe(b.owner)
  })

  it('takes over at once from a process of this machine that is gone, never from a live one or one elsewhere', () => {
    const [sa, sb] = twoConnections()
    // A pid no process has: a child that already exited.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!
    const row = sa.db.prepare('INSERT OR REPLACE INTO leases VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    const later = Date.now() + 60_000
    row.run('pull', `${hostname()}:${gone}:x`, gone, hostname(), 'plandesk sync', 't', 't', later)
    const b = lease(sb)
    expect(b.holder()).toBeNull()
    expect(b.tryAcquire()).toEqual({ acquired: true })
    b.release()
    // The parent of this test runs: its lease stands until it expires.
    row.run('pull', `${hostname()}:${process.ppid}:x`, process.ppid, hostname(), 'the PlanDesk app', 't', 't', later)
    expect(b.tryAcquire()).toMatchObject({ acquired: false, holder: { pid: process.ppid } })
    // The same pid on another machine (a shared folder) is not judged from here.
    row.run('pull', `elsewhere:${gone}:x`, gone, 'elsewhere', 'plandesk sync', 't', 't', later)
    expect(b.tryAcquire()).toMatchObject({ acquired: false, holder: { host: 'elsewhere' } })
  })

  it('with wait, takes over when the holder died and its lease expires', async () => {
    const [sa, sb] = twoConnections()
    // The row a killed process left behind: nobody renews it any more.
    sa.db
      .prepare("INSERT INTO leases VALUES ('pull', 'gone:1:x', 1, 'gone', 'plandesk sync', 't', 't', ?)")
      .run(Date.now() + 250)
    const b = lease(sb)
    expect(b.holder()).toMatchObject({ owner: 'gone:1:x', host: 'gone' })
    await expect(b.acquire({ wait: false })).rejects.toThrow(/syncing this cache \(plandesk sync, process 1 on gone\)/)
    const started = Date.now()
    expect(await b.acquire({ wait: true, pollMs: 2_000 })).toBe(true)
    // It slept until the expiry, not a whole poll interval.
    expect(Date.now() - started).toBeLessThan(1_500)
    expect(b.holder()?.owner).toBe(b.owner)
  })

  it('ends a wait with false when its signal aborts', async () => {
    const [sa, sb] = twoConnections()
    const a = lease(sa)
    const b = lease(sb)
    a.tryAcquire()
    const stop = new AbortController()
    const waiting = b.acquire({ wait: true, pollMs: 5_000, signal: stop.signal })
    await new Promise((r) => setTimeout(r, 50))
    stop.abort()
    expect(await waiting).toBe(false)
    expect(b.held).toBe(false)
    expect(b.holder()?.owner).toBe(a.owner)
    // Already aborted: false without trying.
    a.release()
    expect(await b.acquire({ wait: true, signal: AbortSignal.abort() })).toBe(false)
    expect(b.holder()).toBeNull()
  })

  it('run() holds the lease for the work and releases it even when the work fails', async () => {
    const [sa, sb] = twoConnections()
    const a = lease(sa)
    const b = lease(sb)
    expect(await a.run(async () => (b.tryAcquire().acquired ? 'both' : 'one'), { wait: false })).toBe('one')
    expect(a.holder()).toBeNull()
    await expect(a.run(() => Promise.reject(new Error('boom')), { wait: false })).rejects.toThrow('boom')
    expect(a.holder()).toBeNull()
    b.tryAcquire()
    await expect(a.run(async () => 'ran', { wait: false })).rejects.toBeInstanceOf(LeaseBusyError)
  })

  it('keeps the pull and push leases apart', () => {
    const [sa, sb] = twoConnections()
    const pull = lease(sa)
    const push = sb.lease('push', { purpose: 'replay' })
    leases.push(push)
    expect(pull.tryAcquire().acquired).toBe(true)
    expect(push.tryAcquire().acquired).toBe(true)
  })

  it('takes its lifetime from PLANDESK_LEASE_TTL_MS when none is given (values under 200 ms are ignored)', () => {
    const [sa] = twoConnections()
    const c = clock()
    vi.stubEnv('PLANDESK_LEASE_TTL_MS', '500')
    const short = lease(sa, { now: c.now })
    short.tryAcquire()
    expect(short.holder()!.expiresAt - c.t).toBe(500)
    short.release()
    vi.stubEnv('PLANDESK_LEASE_TTL_MS', '5')
    const normal = lease(sa, { now: c.now })
    normal.tryAcquire()
    expect(normal.holder()!.expiresAt - c.t).toBe(DEFAULT_LEASE_TTL_MS)
  })
})
