import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { Envelope } from '../../../preload/contract'
import { startDemoServer } from '../../../main/app/demo-server'
import { createAppServices, type AppServices } from '../../../main/app/services'
import { FileTokenVault } from '../../../main/app/token-vault'
import { dispatch } from '../../../main/ipc/dispatch'
import type { ServerSession } from '../../../main/app/session'
import { StartupCheck } from '../../../main/app/startup-check'
import { openStore, type PlanStore } from '../../../main/store'
import { makePlan, planInput } from '../store/fixtures'

async function ok<T>(p: Promise<Envelope<unknown>>): Promise<T> {
  const res = await p
  if (!res.ok) throw new Error(`call failed: ${JSON.stringify(res.error)}`)
  return res.value as T
}

let open: AppServices | null = null
afterEach(async () => {
  await open?.close()
  open = null
})

/** The app's services in demo mode on this data folder (the demo server keeps its plans there too). */
async function services(dataDir: string): Promise<{ services: AppServices; call: (c: string, a?: unknown) => Promise<Envelope<unknown>> }> {
  open = await createAppServices({
    dataDir,
    host: 'web',
    version: '0.0.0-test',
    vault: new FileTokenVault(dataDir),
    overrides: { demo: true },
    demoPlans: 300,
    startDemoServer,
    background: false,
  })
  const s = open
  return { services: s, call: (c, a) => dispatch(s.handlers, c, a) }
}

/** A data folder whose cache holds the 300 demo plans; returns the folder and the cache's file. */
async function synced(): Promise<{ dataDir: string; cache: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plandesk-startup-check-'))
  const { call } = await services(dataDir)
  expect(await ok<{ added: number }>(call('sync:start', { full: true }))).toMatchObject({ added: 300 })
  await open!.close()
  open = null
  const name = readdirSync(dataDir).find((f) => f.endsWith('.sqlite') && !f.includes('outbox') && !f.includes('simulator'))
  if (!name) throw new Error(`no cache in ${readdirSync(dataDir).join(', ')}`)
  return { dataDir, cache: join(dataDir, name) }
}

/** The next 'app:notices' event whose notices match. */
function noticeMatching(s: AppServices, re: RegExp): Promise<string[]> {
  return new Promise((ok) => {
    const off = s.events.on('app:notices', (notices) => {
      if (notices.some((n) => re.test(n))) {
        off()
        ok(notices)
      }
    })
  })
}

describe('the cache check after start-up', () => {
  it('answers before the check, then marks damaged records for the next sync and tells the person', async () => {
    const { dataDir, cache } = await synced()
    const db = new Database(cache)
    db.prepare("UPDATE plan_json SET raw_json = 'not json' WHERE pk IN (SELECT pk FROM plans ORDER BY pk LIMIT 2)").run()
    db.close()
    const { services: s, call } = await services(dataDir)
    const told = noticeMatching(s, /2 cached plans were damaged/)
    // Opened without the check: the plans are served meanwhile.
    expect((await ok<{ total: number }>(call('plans:search', { limit: 1 }))).total).toBe(300)
    expect(await told).toContain('2 cached plans were damaged and will be fetched again at the next sync.')
    expect((await ok<{ notices: string[] }>(call('app:info'))).notices).toContain('2 cached plans were damaged and will be fetched again at the next sync.')
    // The next sync fetches them again: they come back whole.
    await ok(call('sync:start', { full: true }))
    const first = await ok<{ rows: { pk: number }[] }>(call('plans:search', { limit: 1, sort: 'pk' }))
    expect((await ok<{ server: { pk: number } }>(call('plans:get', { pk: first.rows[0].pk }))).server.pk).toBe(first.rows[0].pk)
  })

  it('a damaged file found after start-up is moved aside, the session opens on a fresh cache, and the person is told', async () => {
    const { dataDir, cache } = await synced()
    const buf = readFileSync(cache)
    buf.fill(0x5a, 8192, Math.min(buf.length - 4096, 8192 * 6))
    writeFileSync(cache, buf)
    const { services: s, call } = await services(dataDir)
    const notices = await noticeMatching(s, /The cache was damaged/)
    expect(notices.join(' ')).toMatch(/moved aside to .*\.corrupt-.* a fresh cache was built/)
    expect(readdirSync(dataDir).some((f) => f.includes('.corrupt-'))).toBe(true)
    expect((await ok<{ total: number }>(call('plans:search', { limit: 1 }))).total).toBe(0)
    // The fresh cache syncs again.
    expect(await ok<{ added: number }>(call('sync:start', { full: true }))).toMatchObject({ added: 300 })
  })
})

describe('StartupCheck', () => {
  /** A cache of 300 plans, two of whose records are damaged; the store stays open, as the session's does. */
  async function damagedRecords(): Promise<{ session: ServerSession; store: PlanStore }> {
    const file = join(mkdtempSync(join(tmpdir(), 'plandesk-startup-check-')), 'cache.sqlite')
    const { store } = openStore({ file, check: 'later' })
    store.applyPlans(Array.from({ length: 300 }, (_, i) => planInput(makePlan({ pk: i + 1 }))), 1)
    store.db.prepare("UPDATE plan_json SET raw_json = 'not json' WHERE pk IN (3, 30)").run()
    return { session: { store } as unknown as ServerSession, store }
  }

  it('starts once the first screen had its time, then acts on what it finds', async () => {
    const { session, store } = await damagedRecords()
    const told: string[] = []
    const check = new StartupCheck(session, { notices: (l) => told.push(...l), damaged: () => told.push('damaged') }, 200)
    await new Promise((ok) => setTimeout(ok, 100))
    expect(store.pksToRefetch()).toEqual([])
    await check.done
    expect(told).toEqual(['2 cached plans were damaged and will be fetched again at the next sync.'])
    expect(store.pksToRefetch()).toEqual([3, 30])
    store.close()
  })

  it('stopped before it starts (the session closed), it never reads the file and settles', async () => {
    const { session, store } = await damagedRecords()
    const told: string[] = []
    const check = new StartupCheck(session, { notices: (l) => told.push(...l), damaged: () => told.push('damaged') }, 50)
    check.stop()
    await check.done
    await new Promise((ok) => setTimeout(ok, 100))
    expect(told).toEqual([])
    expect(store.pksToRefetch()).toEqual([])
    store.close()
  })
})
