/**
 * The pull walk against a fake server that misbehaves in ways the simulator never does:
 * malformed plans, bogus next / count, a page past the end.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { type FakeServer, listHandler, startFakeServer } from '../omnitron/fake-server'
import { makePlan } from '../store/fixtures'
import { fakeEngine } from './fake-helpers'
import { PLANS_PER_BATCH, WRITE_SLICE_MS, WritePace } from '../../../main/sync/write-batch'

let server: FakeServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

const plans = (n: number, from = 1) => Array.from({ length: n }, (_, i) => makePlan({ pk: from + i }))

describe('pull: tolerant reading', () => {
  it('skips malformed plans with pk and reason and still lands the rest of the page', async () => {
    const data = plans(25)
    data[3] = { ...data[3], status: 42 }
    data[12] = { ...data[12], modified_date: 'not a date' }
    data[20] = { ...data[20], pk: 'abc' }
    data[21] = { ...data[21], order: { ...(data[21].order as object), status: '100' } } // string status is fine
    server = await startFakeServer(listHandler(() => data))
    const { engine, store } = fakeEngine(server)
    const r = await engine.run({})
    expect(r.added).toBe(22)
    expect(r.skipped).toEqual([
      { pk: 4, reason: expect.stringMatching(/status/) },
      { pk: 13, reason: expect.stringMatching(/modified_date/) },
      { pk: null, reason: expect.stringMatching(/pk is not a positive integer/) },
    ])
    expect(store.getPlan(22)).not.toBeNull()
    // The plan without a pk could be any cached plan: this walk removes nothing.
    expect(r.warnings).toEqual([expect.stringMatching(/^1 plan\(s\) arrived without a usable pk, .*nothing was removed\.$/)])
  })

  it('keeps the last good copy of a plan the server later sends malformed', async () => {
    let data = plans(5)
    server = await startFakeServer(listHandler(() => data))
    const { engine, store } = fakeEngine(server)
    await engine.run({})
    data = data.map((p) => (p.pk === 2 ? { ...p, status: null } : p))
    const r = await engine.run({ full: true })
    expect(r.removed).toBe(0)
    expect(r.skipped).toEqual([{ pk: 2, reason: expect.stringMatching(/status/) }])
    expect(store.getPlan(2)?.summary.status).toBe('waiting')
  })
})

describe('pull: bogus pagination ends the walk with a report', () => {
  it('a next link to another origin is never followed (pages are asked of our server by number)', async () => {
    let evilHits = 0
    const evil = await startFakeServer((_req, res) => {
      evilHits++
      res.end('{}')
    })
    try {
      server = await startFakeServer(listHandler(() => plans(30), (p, b) => ({ ...b, next: b.next === null ? null : `${evil.url}/api/v1/cancellation_plans/?page=${p + 1}` })))
      const { engine, store } = fakeEngine(server)
      const r = await engine.run({})
      expect(store.planCount()).toBe(30)
      expect(evilHits).toBe(0)
      expect(r.warnings).toEqual([expect.stringMatching(/another origin \(http:\/\/127\.0\.0\.1:\d+\); it was not followed/)])
      expect(store.syncState().cursor).not.toBeNull() // a complete walk all the same
    } finally {
      await evil.close()
    }
  })

  it('a negative count', async () => {
    server = await startFakeServer(listHandler(() => plans(30), (_p, b) => ({ ...b, count: -1 })))
    const { engine, store } = fakeEngine(server)
    const r = await engine.run({})
    expect(r.warnings.join(' ')).toMatch(/unusable count \(-1\)/)
    expect(store.planCount()).toBe(10)
    expect(store.syncState().cursor).toBeNull() // an incomplete first sync is not a baseline
  })

  it('an absurd count', async () => {
    server = await startFakeServer(listHandler(() => plans(30), (_p, b) => ({ ...b, count: 999_999_999_999 })))
    const { engine } = fakeEngine(server)
    const r = await engine.run({})
    expect(r.warnings.join(' ')).toMatch(/not believable/)
    expect(server.requests.filter((q) => q.url.pathname === '/api/v1/cancellation_plans/').length).toBe(1)
  })

  it('a server that ignores the page number (repeated page)', async () => {
    server = await startFakeServer(listHandler(() => plans(30), (_p, b, url) => {
      void url
      return { ...b, results: plans(10) }
    }))
    const { engine, store } = fakeEngine(server)
    const r = await engine.run({})
    expect(r.warnings.join(' ')).toMatch(/repeated/)
    expect(store.planCount()).toBe(10)
  })

  it('an empty page before the count is reached', async () => {
    server = await startFakeServer(listHandler(() => plans(30), (p, b) => (p === 2 ? { ...b, results: [] } : b)))
    const { engine } = fakeEngine(server)
    const r = await engine.run({})
    expect(r.warnings.join(' ')).toMatch(/Page 2 came back empty/)
  })

  it('a page past the end (the list shrank during the walk) removes nothing', async () => {
    let data = plans(30)
    server = await startFakeServer(listHandler(() => data))
    const { engine, store } = fakeEngine(server)
    await engine.run({})
    expect(store.planCount()).toBe(30)
    // The list shrinks to 15 after the second page of the next full walk.
    let served = 0
    await server.close()
    server = await startFakeServer(
      listHandler(
        () => data,
        (p, b) => {
          if (++served === 2) data = plans(15)
          return b
        },
      ),
    )
    const again = fakeEngine(server, { store })
    const r = await again.engine.run({ full: true })
    expect(r.warnings.join(' ')).toMatch(/Page 3 is past the end of the list \(HTTP 404\)/)
    expect(r.removed).toBe(0)
    expect(store.planCount()).toBe(30)
    // The next reconciliation removes what the server no longer lists.
    const rec = await again.engine.run({ reconcile: true })
    expect(rec.removed).toBe(15)
  })
})

describe('pull: a list that shifts under the walk', () => {
  it('notices the gap a deletion leaves, removes nothing, and the next sync fills it', async () => {
    let data = plans(30)
    let served = 0
    server = await startFakeServer(
      listHandler(
        () => data,
        (_p, b) => {
          // After page 1, plan 1 is deleted: plan 11 moves onto page 1, which was already read.
          if (++served === 1) data = data.slice(1)
          return b
        },
      ),
    )
    const { engine, store } = fakeEngine(server)
    const first = await engine.run({})
    expect(first.warnings.join(' ')).toMatch(/The list shrank while it was read \(30 → 29 plans\)/)
    expect(store.getPlan(11)).toBeNull()
    expect(store.syncState().cursor).toBeNull()
    const second = await engine.run({})
    expect(second).toMatchObject({ kind: 'full', removed: 1, warnings: [] })
    expect(store.allPks()).toEqual(data.map((p) => p.pk as number).sort((a, b) => a - b))
    expect(store.syncState().cursor).not.toBeNull()
  })
})

describe('pull: plans created during a full walk', () => {
  it('are not mistaken for a gap (the walk still counts as a complete baseline)', async () => {
    let data = plans(30).reverse() // newest first, like the server's default ordering
    let served = 0
    server = await startFakeServer(
      listHandler(
        () => data,
        (_p, b) => {
          const now = new Date().toISOString()
          if (++served === 1) data = [makePlan({ pk: 32, created: now, modified: now }), makePlan({ pk: 31, created: now, modified: now }), ...data]
          return b
        },
      ),
    )
    const { engine, store } = fakeEngine(server)
    const r = await engine.run({})
    expect(r.warnings).toEqual([])
    expect(store.syncState().cursor).not.toBeNull()
    expect(store.planCount()).toBe(30) // 31 and 32 arrived after page 1 was read...
    const next = await engine.run({})
    expect(next).toMatchObject({ kind: 'incremental', added: 2 }) // ...and the next sync fetches them
  })
})

describe('pull: incremental', () => {
  it('asks with modified_date__gte=<cursor> and de-duplicates the overlap', async () => {
    const data = plans(12)
    server = await startFakeServer(listHandler(() => data))
    const { engine, store } = fakeEngine(server, { overlapMs: 60_000 })
    await engine.run({})
    const cursor = store.syncState().cursor!
    expect(cursor).not.toBeNull()
    data.push(makePlan({ pk: 13, modified: new Date().toISOString() }))
    const r = await engine.run({})
    expect(r).toMatchObject({ kind: 'incremental', added: 1, updated: 0 })
    const lastList = server.requests.filter((q) => q.url.pathname === '/api/v1/cancellation_plans/' && q.url.searchParams.has('modified_date__gte'))
    expect(lastList[0].url.searchParams.get('modified_date__gte')).toBe(cursor)
    expect(store.syncState().cursor! >= cursor).toBe(true)
    // Running again re-reads the overlap window but writes nothing.
    const again = await engine.run({})
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 1 })
  })
})

describe('pull: the incremental overlap', () => {
  it('writes nothing for plans the overlap brings back unchanged, and a full sync still removes what the server dropped', async () => {
    const now = Date.now()
    // Modified within the overlap window, so every incremental walk lists them all again.
    let data: Array<Record<string, unknown>> = plans(25).map((p, i) => ({ ...p, modified_date: new Date(now - 1000 + i).toISOString() }))
    server = await startFakeServer(listHandler(() => data))
    const { engine, store } = fakeEngine(server)
    expect((await engine.run({})).added).toBe(25)
    const rows = () => store.db.prepare('SELECT pk, seen_run, synced_at FROM plans ORDER BY pk').all() as Array<{ pk: number; seen_run: number }>
    const before = rows()

    data = data
      .filter((p) => p.pk !== 5)
      .map((p) => (p.pk === 3 ? { ...p, status: 'approved', modified_date: new Date(now).toISOString() } : p))
    const r = await engine.run({})
    expect(r).toMatchObject({ kind: 'incremental', added: 0, updated: 1, unchanged: 23, removed: 0, complete: true })
    const after = rows()
    // Only the changed plan's row was written; the unchanged ones keep the full sync's sighting.
    expect(after.filter((row, i) => JSON.stringify(row) !== JSON.stringify(before[i])).map((row) => row.pk)).toEqual([3])
    expect(store.getPlan(3)?.summary.status).toBe('approved')

    const full = await engine.run({ full: true })
    expect(full).toMatchObject({ kind: 'full', removed: 1, complete: true })
    expect(store.getPlan(5)).toBeNull()
    expect(store.planCount()).toBe(24)
  })
})

describe('pull: the write pace', () => {
  it('starts with a slice of 100 plans, then takes as many as took about WRITE_SLICE_MS, within its bounds', () => {
    const pace = new WritePace()
    expect(pace.next()).toBe(100)
    pace.took(5, 100) // 0.05 ms a plan
    expect(pace.next()).toBe(Math.round(WRITE_SLICE_MS / 0.05))
    pace.took(0, 0) // an empty slice teaches nothing
    expect(pace.next()).toBe(Math.round(WRITE_SLICE_MS / 0.05))
    for (let i = 0; i < 30; i++) pace.took(1000, 10) // 100 ms a plan: never fewer than 20
    expect(pace.next()).toBe(20)
    for (let i = 0; i < 60; i++) pace.took(0, 500) // nothing measurable: never more than a batch
    expect(pace.next()).toBe(PLANS_PER_BATCH)
  })

  it('writes a batch in slices with a turn of the event loop between them; a page’s progress commits only with its last slice', async () => {
    const data = plans(1500)
    server = await startFakeServer(listHandler(() => data))
    const { engine, store } = fakeEngine(server, { pageSize: 250 })
    const slices: Array<{ pks: number[]; progress: number | null; turnsBefore: number }> = []
    let turns = 0
    const applyOrdered = store.applyOrdered.bind(store)
    store.applyOrdered = (part, runId, opts) => {
      // Inside the slice's transaction: the walk's progress as committed so far.
      slices.push({ pks: part.map((p) => p.plan.pk), progress: store.getState<{ nextPage: number }>('fullProgress')?.nextPage ?? null, turnsBefore: turns })
      setImmediate(() => turns++)
      return applyOrdered(part, runId, opts)
    }
    const r = await engine.run({})
    expect(r).toMatchObject({ kind: 'full', added: 1500, warnings: [] })
    // Every plan exactly once, in ascending number within a slice.
    expect(slices.flatMap((s) => s.pks).sort((a, b) => a - b)).toEqual(data.map((p) => p.pk))
    for (const s of slices) expect(s.pks).toEqual([...s.pks].sort((a, b) => a - b))
    // The first slice is 100 plans of a 250-plan page: the page takes several.
    expect(slices[0].pks).toHaveLength(100)
    expect(slices.length).toBeGreaterThan(3)
    // Between two slices the event loop turned (a search waiting is answered there).
    for (let i = 1; i < slices.length; i++) expect(slices[i].turnsBefore).toBeGreaterThan(slices[i - 1].turnsBefore)
    // The first two slices are of the first page (250 plans, the first slice 100): neither sees
    // its progress, which commits with the batch's last slice. A batch holds at most
    // PLANS_PER_BATCH plans, so the last batch's slices see an earlier one's.
    expect([slices[0].progress, slices[1].progress]).toEqual([null, null])
    expect(slices.at(-1)!.progress).toBeGreaterThan(1)
    expect(store.getState('fullProgress')).toBeNull()
  })
})
