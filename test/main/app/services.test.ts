import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CHANNELS, type Envelope, type ExportProgress, type ExportResult, type PlanOverview, type Settings, type SyncProgress } from '../../../preload/contract'
import { startDemoServer } from '../../../main/app/demo-server'
import { openSession } from '../../../main/app/session'
import { DEFAULT_SETTINGS, SettingsStore } from '../../../main/app/settings'
import { createAppServices, type AppServices } from '../../../main/app/services'
import { FileTokenVault } from '../../../main/app/token-vault'
import { DownloadShelf } from '../../../main/export/destination'
import { dispatch } from '../../../main/ipc/dispatch'
import { createLogger, setLogSink } from '../../../main/log'
import { startSimulator } from '../../../main/simulator'
import type { RunningSimulator } from '../../../main/simulator/types'
import { openStore, PlanStore } from '../../../main/store'
import { defaultCacheFile } from '../../../main/store/paths'

const logLines: string[] = []
setLogSink((_level, line) => logLines.push(line), 'debug')

async function ok<T>(p: Promise<Envelope<unknown>>): Promise<T> {
  const res = await p
  if (!res.ok) throw new Error(`call failed: ${JSON.stringify(res.error)}`)
  return res.value as T
}

/** Services pointed at a server, with a file vault in a fresh data folder, no background work. */
async function serverServices(serverUrl: string): Promise<{ services: AppServices; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plandesk-server-'))
  const services = await createAppServices({
    dataDir,
    host: 'web',
    version: '0.0.0-test',
    vault: new FileTokenVault(dataDir),
    overrides: { serverUrl },
    background: false,
  })
  return { services, dataDir }
}

describe('app services in demo mode (real simulator, real cache)', () => {
  let services: AppServices
  const shelf = new DownloadShelf()
  const call = (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg)

  beforeAll(async () => {
    services = await createAppServices({
      dataDir: mkdtempSync(join(tmpdir(), 'plandesk-services-')),
      host: 'web',
      version: '0.0.0-test',
      vault: new FileTokenVault(mkdtempSync(join(tmpdir(), 'plandesk-vault-'))),
      overrides: { demo: true },
      demoPlans: 150,
      startDemoServer,
      background: false,
      exportDestination: shelf,
    })
  })
  afterAll(async () => {
    await services.close()
    shelf.close()
  })

  it('has a handler for every contract channel', () => {
    expect(Object.keys(services.handlers).sort()).toEqual([...CHANNELS].sort())
  })

  it('reports demo mode and a signed-in demo session', async () => {
    const info = await ok<{ demo: boolean; host: string }>(call('app:info'))
    expect(info).toMatchObject({ demo: true, host: 'web' })
    const auth = await ok<{ signedIn: boolean; username: string }>(call('auth:status'))
    expect(auth.signedIn).toBe(true)
    expect((await ok<{ status: string }>(call('connection:check'))).status).toBe('online')
  })

  it('syncs the demo plans into the cache and serves them to search and detail', async () => {
    const progress: number[] = []
    const off = services.events.on('sync:progress', (p) => progress.push(p.plansDone))
    const result = await ok<{ added: number; cancelled: boolean }>(call('sync:start', { full: true }))
    off()
    expect(result.added).toBe(150)
    expect(progress.length).toBeGreaterThan(0)
    const found = await ok<{ total: number; rows: { pk: number; currency: string | null }[] }>(call('plans:search', { limit: 5 }))
    expect(found.total).toBe(150)
    const detail = await ok<{ summary: { pk: number }; server: { pk: number } }>(call('plans:get', { pk: found.rows[0].pk }))
    expect(detail.server.pk).toBe(found.rows[0].pk)
    const statuses = await ok<{ key: string }[]>(call('plans:statuses'))
    expect(statuses.map((s) => s.key)).toContain('waiting')
    const state = await ok<{ planCount: number; running: boolean; lastFullSyncAt: string | null }>(call('sync:state'))
    expect(state).toMatchObject({ planCount: 150, running: false })
    expect(state.lastFullSyncAt).not.toBeNull()
  })

  it('answers the overview and exports the search through the contract', async () => {
    const day = { day: '2026-11-29', from: '2026-11-28T21:00:00.000Z', to: '2026-11-29T21:00:00.000Z' }
    const overview = await ok<PlanOverview>(call('plans:overview', { days: [day] }))
    expect(overview.total).toBe(150)
    expect(overview.byStatus.reduce((n, s) => n + s.count, 0)).toBe(150)
    // Arguments are checked before main runs: a day that ends before it starts, a missing day list.
    expect(await call('plans:overview', { days: [{ ...day, to: day.from }] })).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await call('plans:overview', {})).toMatchObject({ ok: false, error: { code: 'validation' } })

    const progress: ExportProgress[] = []
    const off = services.events.on('export:progress', (p) => progress.push(p))
    const result = await ok<ExportResult>(call('plans:export', { query: { statuses: ['waiting'] }, format: 'csv' }))
    off()
    const waiting = (await ok<{ total: number }>(call('plans:search', { statuses: ['waiting'], limit: 1 }))).total
    expect(result).toMatchObject({ outcome: 'download', rows: waiting })
    expect(progress.at(-1)).toEqual({ format: 'csv', done: waiting, total: waiting })
    const file = shelf.take(result.url!.slice('/download/'.length))!
    expect(readFileSync(file.path, 'utf8').trim().split('\r\n')).toHaveLength(waiting + 1)
    // Paging is the writer's business, not the caller's.
    expect(await call('plans:export', { query: { limit: 5 }, format: 'csv' })).toMatchObject({ ok: false, error: { code: 'validation' } })
  })

  it('builds the short texts\' match sets again after a sync, between other work', async () => {
    const rebuild = vi.spyOn(PlanStore.prototype, 'rebuildShortTextMatches')
    try {
      const before = await ok<{ total: number }>(call('plans:search', { text: 'a' }))
      await ok(call('sync:start', {}))
      // On a later turn of the event loop, not inside the sync's own call.
      await new Promise((r) => setImmediate(r))
      expect(rebuild).toHaveBeenCalled()
      expect((await ok<{ total: number }>(call('plans:search', { text: 'a' }))).total).toBe(before.total)
    } finally {
      rebuild.mockRestore()
    }
  })

  it('runs one sync at a time: a second "sync now" joins the running one', async () => {
    const [a, b] = await Promise.all([call('sync:start', {}), call('sync:start', {})])
    expect(a.ok && b.ok).toBe(true)
    expect(a).toEqual(b)
  })

  it('answers a plan missing from the cache with not_found', async () => {
    expect(await call('plans:get', { pk: 987654321 })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await call('plans:timeline', { pk: 987654321 })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(await call('plans:related', { pk: 987654321 })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('serves a plan’s timeline and the other plans of its order, checking the argument first', async () => {
    expect(await call('plans:timeline', { pk: -1 })).toMatchObject({ ok: false, error: { code: 'validation', fields: { pk: [expect.any(String)] } } })
    expect(await call('plans:related', { pk: 1, extra: true })).toMatchObject({ ok: false, error: { code: 'validation' } })
    const rows = (await ok<{ rows: { pk: number; orderNumber: string | null; createdDate: string | null }[] }>(call('plans:search', { limit: 200 }))).rows
    const sibling = (r: (typeof rows)[number]) => rows.find((o) => o.pk !== r.pk && o.orderNumber !== null && o.orderNumber === r.orderNumber)
    const plan = rows.find((r) => sibling(r) !== undefined)!
    const related = (await ok<{ pk: number }[]>(call('plans:related', { pk: plan.pk }))).map((r) => r.pk)
    expect(related).toContain(sibling(plan)!.pk)
    expect(related).not.toContain(plan.pk)
    const timeline = await ok<{ kind: string; at: string }[]>(call('plans:timeline', { pk: plan.pk }))
    expect(timeline.at(-1)).toEqual({ kind: 'created', at: plan.createdDate, by: expect.any(String) })
  })

  it('stays a demo session until restart when Settings switch to a server', async () => {
    const saved = await call('settings:update', { mode: 'server', serverUrl: 'https://omnitron.example.com' })
    expect(saved).toMatchObject({ ok: true, value: { mode: 'server' } })
    const info = await ok<{ demo: boolean; notices: string[] }>(call('app:info'))
    expect(info.demo).toBe(true)
    expect(info.notices.join(' ')).toMatch(/Restart PlanDesk/)
    expect(await call('auth:logout')).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect((await ok<{ total: number }>(call('plans:search', { limit: 1 }))).total).toBe(150)
    await call('settings:update', { mode: 'demo' })
  })

  it('refuses a plain-http address for anything but this computer', async () => {
    const res = await call('settings:update', { serverUrl: 'http://omnitron.example.com' })
    expect(res).toMatchObject({ ok: false, error: { code: 'validation', fields: { serverUrl: [expect.stringMatching(/https/)] } } })
  })

  it('refuses to sign in to a server while in demo mode, with a clear message', async () => {
    const res = await call('auth:login', { serverUrl: 'https://o.example.com', username: 'a', password: 'b', remember: false })
    expect(res).toMatchObject({ ok: false, error: { code: 'validation' } })
  })
})

describe('app services against a server (sign-in, token storage, logs)', () => {
  let sim: RunningSimulator
  let dataDir: string
  let services: AppServices
  const call = (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg)

  beforeAll(async () => {
    sim = await startSimulator({ plans: 60, seed: 7 })
    ;({ services, dataDir } = await serverServices(sim.url))
  })
  afterAll(async () => {
    await services.close()
    await sim.close()
  })

  it('starts signed out, refuses to sync, then signs in and remembers the token in a 0600 file', async () => {
    expect((await ok<{ signedIn: boolean }>(call('auth:status'))).signedIn).toBe(false)
    expect(await call('sync:start', {})).toMatchObject({ ok: false, error: { code: 'auth' } })
    const bad = await call('auth:login', { serverUrl: sim.url, username: sim.username, password: 'wrong', remember: true })
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } })
    const auth = await ok<{ signedIn: boolean; username: string }>(
      call('auth:login', { serverUrl: sim.url, username: sim.username, password: sim.password, remember: true }),
    )
    expect(auth).toMatchObject({ signedIn: true, username: sim.username })
    const file = join(dataDir, 'credentials.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const saved = JSON.parse(readFileSync(file, 'utf8'))
    const result = await ok<{ added: number }>(call('sync:start', {}))
    expect(result.added).toBe(60)
    // The token is never logged: even a careless line that contains it comes out masked,
    // because signing in registered it with the logger.
    expect(saved.token.length).toBeGreaterThan(8)
    createLogger('careless').error(`request failed; context: ${JSON.stringify({ note: `t=${saved.token}` })}`)
    const log = logLines.join('\n')
    expect(logLines.some((l) => l.includes('[careless]'))).toBe(true)
    expect(log).not.toContain(saved.token)
    expect(log).not.toContain(sim.token)
  })

  it('goes signed-out when the server expires the token, and signs out cleanly', async () => {
    sim.expireTokens()
    const res = await call('sync:start', {})
    expect(res).toMatchObject({ ok: false, error: { code: 'auth' } })
    expect((await ok<{ status: string }>(call('connection:get'))).status).toBe('signed-out')
    const out = await ok<{ signedIn: boolean }>(call('auth:logout'))
    expect(out.signedIn).toBe(false)
    expect(new FileTokenVault(dataDir).load()).toBeNull()
  })
})

describe('app services while a sync runs', () => {
  let a: RunningSimulator
  let b: RunningSimulator
  let services: AppServices
  const call = (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg)
  /** Starts a full sync and resolves once it has begun (its first progress report), with the call's answer to come. */
  const startSync = async () => {
    let begun!: () => void
    const started = new Promise<void>((ok) => (begun = ok))
    const off = services.events.on('sync:progress', () => begun())
    const running = call('sync:start', { full: true })
    await started
    off()
    return { running }
  }

  beforeAll(async () => {
    // Every request to a takes a second: a sync of it is surely still running when the test acts.
    a = await startSimulator({ plans: 400, seed: 3, faults: { latencyMs: 1000 } })
    b = await startSimulator({ plans: 40, seed: 4 })
    ;({ services } = await serverServices(a.url))
  })
  afterAll(async () => {
    await services.close()
    await a.close()
    await b.close()
  })

  it('signing in to another server mid-sync cancels the sync cleanly and switches caches', async () => {
    await ok(call('auth:login', { serverUrl: a.url, username: a.username, password: a.password, remember: false }))
    const { running } = await startSync()
    await ok(call('auth:login', { serverUrl: b.url, username: b.username, password: b.password, remember: false }))
    const first = await running
    if (first.ok) expect((first.value as { cancelled: boolean }).cancelled).toBe(true)
    else expect(first.error.code).toBe('cancelled')
    expect((await ok<{ lastError: unknown }>(call('sync:state'))).lastError).toBeNull()
    const result = await ok<{ added: number }>(call('sync:start', {}))
    expect(result.added).toBe(40)
    expect((await ok<{ total: number }>(call('plans:search', { limit: 1 }))).total).toBe(40)
  })

  it('changing the language mid-sync lets the sync finish, then the next one speaks the new language', async () => {
    // A few plans, each request slow: the sync is surely running when the language changes (checked below).
    const c = await startSimulator({ plans: 20, seed: 5, faults: { latencyMs: 300 } })
    try {
      await ok(call('auth:login', { serverUrl: c.url, username: c.username, password: c.password, remember: false }))
      const { running } = await startSync()
      expect((await ok<Settings>(call('settings:update', { language: 'tr' }))).language).toBe('tr')
      expect((await ok<{ running: boolean }>(call('sync:state'))).running).toBe(true)
      const first = await running
      expect(first.ok && first.value, JSON.stringify(first)).toMatchObject({ cancelled: false, added: 20 })
      const english = await ok<Array<{ key: string; label: string }>>(call('plans:statuses'))
      await ok(call('sync:start', {}))
      const turkish = await ok<Array<{ key: string; label: string }>>(call('plans:statuses'))
      expect(turkish.map((s) => s.key)).toEqual(english.map((s) => s.key))
      expect(turkish.map((s) => s.label)).not.toEqual(english.map((s) => s.label))
      await ok(call('settings:update', { language: 'en' }))
    } finally {
      await c.close()
    }
  }, 60_000)

  it('closing while a sync runs waits for it instead of pulling the cache away', async () => {
    await ok(call('auth:login', { serverUrl: a.url, username: a.username, password: a.password, remember: false }))
    const { running } = await startSync()
    await services.close()
    const res = await running
    if (res.ok) expect((res.value as { cancelled: boolean }).cancelled).toBe(true)
    else expect(res.error.code).toBe('cancelled')
  })
})

describe('app services sharing a data folder with the CLI', () => {
  let sim: RunningSimulator
  let dataDir: string
  let storeId: string
  let services: AppServices
  const call = (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg)
  /** The scope as the cache itself holds it (what the CLI reads). */
  const cacheScope = () => {
    const { store } = openStore({ file: defaultCacheFile(dataDir, sim.url) })
    try {
      return store.scope()
    } finally {
      store.close()
    }
  }

  beforeAll(async () => {
    sim = await startSimulator({ plans: 60, seed: 7 })
    storeId = (sim.admin.getPlan(1) as { retail_store_remote_id: string }).retail_store_remote_id
    dataDir = mkdtempSync(join(tmpdir(), 'plandesk-shared-'))
    // A settings file of a PlanDesk that kept the scope in settings.json, and a saved sign-in.
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, mode: 'server', serverUrl: sim.url, scope: { retailStoreRemoteId: storeId } }),
    )
    new FileTokenVault(dataDir).save({ serverUrl: sim.url, username: sim.username, token: sim.token })
    services = await createAppServices({ dataDir, host: 'web', version: '0.0.0-test', vault: new FileTokenVault(dataDir), background: false })
  })
  afterAll(async () => {
    await services?.close()
    await sim?.close()
  })

  it('moves a scope from an old settings file into the cache, where the CLI reads it', async () => {
    expect((await ok<{ signedIn: boolean }>(call('auth:status'))).signedIn).toBe(true)
    expect((await ok<Settings>(call('settings:get'))).scope).toEqual({ retailStoreRemoteId: storeId })
    expect(cacheScope()).toEqual({ retailStoreRemoteId: storeId })
    const result = await ok<{ kind: string }>(call('sync:start', {}))
    expect(result.kind).toBe('full')
    const rows = (await ok<{ rows: Array<{ storeRemoteId: string }> }>(call('plans:search', { limit: 1000 }))).rows
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.storeRemoteId === storeId)).toBe(true)
  })

  it('keeps a scope changed in Settings in the cache, not in settings.json', async () => {
    const saved = await ok<Settings>(call('settings:update', { scope: {} }))
    expect(saved.scope).toEqual({})
    expect(cacheScope()).toEqual({})
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).not.toHaveProperty('scope')
    expect(new SettingsStore(dataDir).legacyScope).toBeNull()
    expect((await ok<{ kind: string; added: number }>(call('sync:start', {}))).kind).toBe('full')
    expect((await ok<{ total: number }>(call('plans:search', { limit: 1 }))).total).toBe(60)
  })

  it('"sync now" waits for the CLI syncing the same cache, saying so', async () => {
    const cli = openSession({
      dataDir,
      target: { demo: false, serverUrl: sim.url },
      credentials: { username: sim.username, token: sim.token },
      purpose: 'plandesk sync',
    })
    try {
      // Half a second a request: the CLI's sync is surely still running when the app asks for one.
      sim.setFaults({ latencyMs: 500 })
      let cliStarted!: () => void
      const started = new Promise<void>((r) => (cliStarted = r))
      const cliSync = cli.sync({ full: true }, { wait: false, onProgress: () => cliStarted() })
      await started
      const phases: SyncProgress['phase'][] = []
      const off = services.events.on('sync:progress', (p) => phases.push(p.phase))
      const result = await ok<{ kind: string; cancelled: boolean }>(call('sync:start', {}))
      off()
      expect(await cliSync).toMatchObject({ kind: 'full', cancelled: false })
      expect(phases[0]).toBe('waiting')
      expect(phases).toContain('done')
      expect(result).toMatchObject({ kind: 'incremental', cancelled: false })
    } finally {
      sim.setFaults({ latencyMs: 0 })
      await cli.close()
    }
  })
})

describe('app services: offline decisions through the contract', () => {
  let sim: RunningSimulator
  let services: AppServices
  const call = (channel: string, arg?: unknown) => dispatch(services.handlers, channel, arg)

  beforeAll(async () => {
    sim = await startSimulator({ plans: 80, seed: 9 })
    ;({ services } = await serverServices(sim.url))
    await ok(call('auth:login', { serverUrl: sim.url, username: sim.username, password: sim.password, remember: false }))
    await ok(call('sync:start', { full: true }))
  })
  afterAll(async () => {
    await services.close()
    await sim.close()
  })

  it('queues a status change at once, emits outbox:changed, and refuses bad arguments before main runs', async () => {
    const found = await ok<{ rows: { pk: number }[] }>(call('plans:search', { statuses: ['waiting'], limit: 2 }))
    const summaries: Array<{ open: number }> = []
    const off = services.events.on('outbox:changed', (s) => summaries.push(s))
    await sim.setOffline(true)
    const entry = await ok<{ id: number; state: string; planPk: number }>(call('plans:setStatus', { pk: found.rows[0].pk, status: 'approved' }))
    off()
    expect(entry).toMatchObject({ state: 'pending', planPk: found.rows[0].pk })
    expect(summaries.at(-1)?.open).toBe(1)
    expect(await call('plans:setStatus', { pk: found.rows[0].pk, status: 'nonsense' })).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await call('outbox:resolve', { id: entry.id, choice: 'maybe' })).toMatchObject({ ok: false, error: { code: 'validation' } })
    const summary = await ok<{ open: number; counts: { pending: number } }>(call('outbox:summary'))
    expect(summary).toMatchObject({ open: 1, counts: { pending: 1 } })
    const page = await ok<{ total: number }>(call('outbox:list', { states: ['pending'] }))
    expect(page.total).toBe(1)
    await sim.setOffline(false)
  })

  it('signing out while one\'s own changes wait says so; "send" sends them first, "keep" keeps them for the next sign-in', async () => {
    const refused = await call('auth:logout')
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation', fields: { pending: [expect.stringMatching(/1 of your changes has not reached the server yet/)] } } })
    expect((await ok<{ signedIn: boolean }>(call('auth:status'))).signedIn).toBe(true)
    const out = await ok<{ signedIn: boolean }>(call('auth:logout', { pending: 'send' }))
    expect(out.signedIn).toBe(false)
    expect(sim.admin.audit({ action: 'update_status' })).toHaveLength(1)
    // Signed in again, a change made offline and kept at sign-out waits for its author.
    await ok(call('auth:login', { serverUrl: sim.url, username: sim.username, password: sim.password, remember: false }))
    const found = await ok<{ rows: { pk: number }[] }>(call('plans:search', { statuses: ['waiting'], limit: 1 }))
    await sim.setOffline(true)
    await ok(call('plans:setStatus', { pk: found.rows[0].pk, status: 'rejected' }))
    const kept = await ok<{ signedIn: boolean }>(call('auth:logout', { pending: 'keep' }))
    expect(kept.signedIn).toBe(false)
    const waiting = await ok<{ entries: Array<{ state: string; waitingFor: string | null }> }>(call('outbox:list', { states: ['pending'] }))
    expect(waiting.entries).toMatchObject([{ state: 'pending', waitingFor: sim.username }])
    await sim.setOffline(false)
  })
})
