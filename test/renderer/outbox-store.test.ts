import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { ConnectionState, Envelope, OutboxEntry, OutboxSummary, PlanSummary, SearchQuery } from '../../preload/contract'

type Handler = (arg: unknown) => unknown

/** A bridge double: each channel answers from a handler (a thrown {code, message} becomes an error envelope); every call is recorded. */
function fakeBridge(handlers: Record<string, Handler>) {
  const calls: Array<{ channel: string; arg: unknown }> = []
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  return {
    calls,
    callsOf: (channel: string) => calls.filter((c) => c.channel === channel).map((c) => c.arg),
    emit: (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)),
    bridge: {
      host: 'web',
      on: (event: string, l: (p: unknown) => void) => {
        if (!listeners.has(event)) listeners.set(event, new Set())
        listeners.get(event)!.add(l)
        return () => listeners.get(event)!.delete(l)
      },
      invoke: vi.fn(async (channel: string, arg?: unknown): Promise<Envelope<unknown>> => {
        calls.push({ channel, arg })
        const h = handlers[channel]
        if (!h) return { ok: false, error: { code: 'internal', message: `no fake for ${channel}` } }
        try {
          return { ok: true, value: await h(arg) }
        } catch (err) {
          return { ok: false, error: err as { code: 'validation'; message: string } }
        }
      }),
    },
  }
}

const summary = (over: Partial<OutboxSummary['counts']> = {}, extra: Partial<OutboxSummary> = {}): OutboxSummary => {
  const counts = { pending: 0, sending: 0, applied: 0, failed: 0, conflict: 0, needs_checking: 0, discarded: 0, ...over }
  return {
    counts,
    open: counts.pending + counts.sending + counts.failed + counts.conflict + counts.needs_checking,
    oldestOpenAt: null,
    waitingForOthers: 0,
    paused: null,
    tokenAccount: null,
    nextTryAt: null,
    waitingBecause: null,
    ...extra,
  }
}

const entry = (id: number, planPk: number, state: OutboxEntry['state'] = 'pending'): OutboxEntry => ({
  id, planPk, kind: 'status', targetStatus: 'approved', paymentPlan: null,
  base: { status: 'waiting', modifiedDate: '2026-11-01T00:00:00Z', paymentPlan: null },
  author: 'demo', createdAt: '2026-11-01T00:00:00Z', state, attempts: 0, readFailures: 0, nextAttemptAt: null, lastError: null,
  server: null, result: null, updatedAt: '2026-11-01T00:00:00Z', finishedAt: null, waitingFor: null, waitReason: null, batch: null,
})

const row = (pk: number): PlanSummary => ({
  pk, status: 'waiting', serverStatus: 'waiting', planType: 'cancel', orderId: 1, orderNumber: `O${pk}`, channelId: 1,
  channelType: 'web', customerId: 1, storeRemoteId: 'S', staffRemoteId: 'P', invoiceNumber: null, refundAmount: 1,
  currency: 'try', itemCount: 1, firstProductName: 'x', createdDate: null, modifiedDate: '2026-11-01T00:00:00Z', pendingEdits: 0,
  localState: null, note: null,
})

/** Default answers: a queue of three entries, 2500 plans, setStatus refusing plan 13. */
function defaults(over: Record<string, Handler> = {}): Record<string, Handler> {
  const plans = Array.from({ length: 2500 }, (_, i) => row(i + 1))
  let nextId = 100
  return {
    'outbox:summary': () => summary({ pending: 2, failed: 1 }, { waitingForOthers: 1 }),
    'outbox:list': () => ({ total: 3, entries: [entry(3, 30), entry(2, 20, 'failed'), entry(1, 10)] }),
    'plans:search': (q) => {
      const { offset = 0, limit = 50 } = q as SearchQuery
      return { total: plans.length, rows: plans.slice(offset, offset + limit) }
    },
    'plans:statuses': () => [{ key: 'waiting', label: 'Waiting' }],
    'plans:get': (a) => ({ summary: { ...row((a as { pk: number }).pk), orderNumber: `ORD-${(a as { pk: number }).pk}`, currency: 'EUR' }, server: {}, local: { pendingEdits: 0, syncedAt: '' } }),
    'plans:setStatus': (a) => {
      const { pk } = a as { pk: number }
      if (pk === 13) throw { code: 'validation', message: 'Plan 13 already shows status "approved".', fields: { status: ['The plan already has this status.'] } }
      return { ...entry(nextId++, pk), targetStatus: (a as { status: string }).status }
    },
    'plans:createPaymentPlan': (a) => ({ ...entry(nextId++, (a as { pk: number }).pk), kind: 'payment_plan' }),
    'outbox:retry': (a) => entry((a as { id: number }).id, 20, 'pending'),
    'outbox:discard': (a) => entry((a as { id: number }).id, 20, 'discarded'),
    'outbox:resolve': (a) => entry((a as { id: number }).id, 20, (a as { choice: string }).choice === 'theirs' ? 'discarded' : 'pending'),
    'outbox:push': () => summary(),
    'sync:start': () => ({}),
    ...over,
  }
}

async function load(handlers: Record<string, Handler> = defaults()) {
  vi.resetModules()
  const fake = fakeBridge(handlers)
  vi.stubGlobal('window', { plandesk: fake.bridge, performance: globalThis.performance })
  vi.stubGlobal('navigator', { language: 'en-GB', onLine: true })
  const { useOutboxStore, REFRESH_DELAY_MS } = await import('../../renderer/src/stores/outbox')
  const { useOutboxActionsStore } = await import('../../renderer/src/stores/outbox-actions')
  const { usePlanListStore } = await import('../../renderer/src/stores/plan-list')
  const { usePlanBulkStore } = await import('../../renderer/src/stores/plan-bulk')
  return { outbox: useOutboxStore(), actions: useOutboxActionsStore(), plans: usePlanListStore(), bulk: usePlanBulkStore(), fake, REFRESH_DELAY_MS }
}

describe('useOutboxStore', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('loads the summary and the entries; counts what waits, failed and conflicts', async () => {
    const { outbox } = await load()
    await outbox.init()
    expect(outbox.entries.map((e) => e.id)).toEqual([3, 2, 1])
    expect(outbox.total).toBe(3)
    expect(outbox.counts).toEqual({ waiting: 2, failed: 1, conflict: 0, needsChecking: 0, open: 3 })
    // Another person's waiting change is not this person's to warn about on quit.
    expect(outbox.ownOpen).toBe(2)
  })

  it('looks up order number and currency once per plan of the shown entries', async () => {
    const { outbox, fake } = await load()
    await outbox.init()
    await vi.waitFor(() => expect(outbox.plans.size).toBe(3))
    expect(outbox.plans.get(20)).toEqual({ orderNumber: 'ORD-20', currency: 'EUR' })
    await outbox.load()
    await new Promise((r) => setTimeout(r, 0))
    expect(fake.callsOf('plans:get')).toHaveLength(3)
  })

  it('takes the summary from outbox:changed at once and reloads entries and plans once after a burst', async () => {
    const { outbox, fake, REFRESH_DELAY_MS } = await load()
    await outbox.init()
    vi.useFakeTimers()
    const before = { list: fake.callsOf('outbox:list').length, search: fake.callsOf('plans:search').length }
    for (let i = 1; i <= 25; i++) fake.emit('outbox:changed', summary({ pending: i }))
    expect(outbox.summary?.counts.pending).toBe(25)
    expect(outbox.version).toBeGreaterThanOrEqual(25)
    expect(fake.callsOf('outbox:list')).toHaveLength(before.list)
    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS + 10)
    expect(fake.callsOf('outbox:list')).toHaveLength(before.list + 1)
    expect(fake.callsOf('plans:search')).toHaveLength(before.search + 1)
  })

  it('filters the list by view and by plan', async () => {
    const { outbox, fake } = await load()
    outbox.setView('conflict')
    await vi.waitFor(() => expect(fake.callsOf('outbox:list')).toHaveLength(1))
    expect(fake.callsOf('outbox:list')[0]).toEqual({ states: ['conflict'], limit: 100 })
    outbox.setView('open')
    outbox.setPlanFilter(42)
    await vi.waitFor(() => expect(fake.callsOf('outbox:list')).toHaveLength(3))
    expect(fake.callsOf('outbox:list')[2]).toEqual({ states: ['pending', 'sending', 'failed', 'conflict', 'needs_checking'], planPk: 42, limit: 100 })
    outbox.setView('all')
    outbox.setPlanFilter(null)
    await vi.waitFor(() => expect(fake.callsOf('outbox:list')).toHaveLength(5))
    expect(fake.callsOf('outbox:list')[4]).toEqual({ limit: 100 })
  })

  it('retries, discards and resolves through their channels, showing the new state at once', async () => {
    const { outbox, fake, actions } = await load()
    await outbox.init()
    const retried = actions.retry(2)
    expect(actions.busy.has(2)).toBe(true)
    await retried
    expect(actions.busy.has(2)).toBe(false)
    expect(outbox.entries.find((e) => e.id === 2)?.state).toBe('pending')
    await actions.discard(2)
    expect(outbox.entries.find((e) => e.id === 2)?.state).toBe('discarded')
    await actions.resolve(2, 'mine')
    expect(fake.callsOf('outbox:resolve')).toEqual([{ id: 2, choice: 'mine' }])
    expect(fake.callsOf('sync:start')).toHaveLength(0)
    expect(fake.callsOf('outbox:retry')).toEqual([{ id: 2 }])
    expect(fake.callsOf('outbox:discard')).toEqual([{ id: 2 }])
  })

  it('pulls the plan again after "discard mine", so it shows the server’s version', async () => {
    const { outbox, fake, actions } = await load()
    await outbox.init()
    await actions.resolve(2, 'theirs')
    expect(fake.callsOf('outbox:resolve')).toEqual([{ id: 2, choice: 'theirs' }])
    await vi.waitFor(() => expect(fake.callsOf('sync:start')).toHaveLength(1))
  })

  it('passes a refusal on with its code and fields, and clears the busy mark', async () => {
    const { outbox, actions } = await load(defaults({ 'outbox:discard': () => { throw { code: 'busy', message: 'Change 2 is being sent right now; try again in a moment.' } } }))
    await outbox.init()
    await expect(actions.discard(2)).rejects.toMatchObject({ code: 'busy' })
    expect(actions.busy.size).toBe(0)
  })

  it('queues a status change and a payment plan, and shows them in the plans list at once', async () => {
    const { plans, fake, actions } = await load()
    await plans.init()
    const searches = fake.callsOf('plans:search').length
    const e = await actions.setStatus(7, 'approved')
    expect(e.planPk).toBe(7)
    expect(fake.callsOf('plans:setStatus')).toEqual([{ pk: 7, status: 'approved' }])
    expect(fake.callsOf('plans:search').length).toBe(searches + 1)
    expect(fake.callsOf('outbox:summary').length).toBeGreaterThanOrEqual(1)
    await actions.createPaymentPlan({ pk: 7, lines: [{ transactionType: 'refund', orderItems: [1, 2] }] })
    expect(fake.callsOf('plans:createPaymentPlan')).toEqual([{ pk: 7, lines: [{ transactionType: 'refund', orderItems: [1, 2] }] }])
    await expect(actions.setStatus(13, 'approved')).rejects.toMatchObject({ code: 'validation', fields: { status: ['The plan already has this status.'] } })
  })

  it('a bulk decision is one step: its scope, then one call for every plan (forced only when the person chose to)', async () => {
    const { fake, actions } = await load(
      defaults({
        'plans:bulkScope': (a) => ({ status: 'approved', total: 25, byStatus: [{ status: 'waiting', count: 25 }], already: [], refused: [], change: (a as { pks: number[] }).pks, missing: [] }),
        'plans:bulkSetStatus': () => ({ batch: 'b1', queued: 24, already: 1, refusedLeftOut: 0, failed: [] }),
        'outbox:many': (a) => ({ done: (a as { ids: number[] }).ids, skipped: [] }),
        'outbox:discardFailedOfBatch': () => 3,
      }),
    )
    const pks = Array.from({ length: 25 }, (_, i) => i + 1)
    expect((await actions.bulkScope(pks, 'approved')).change).toEqual(pks)
    expect(await actions.bulk(pks, 'approved')).toMatchObject({ batch: 'b1', queued: 24, already: 1 })
    await actions.bulk(pks, 'approved', true)
    expect(fake.callsOf('plans:setStatus')).toEqual([])
    expect(fake.callsOf('plans:bulkSetStatus')).toEqual([{ pks, status: 'approved' }, { pks, status: 'approved', force: true }])
    expect(await actions.many('retry', [1, 2])).toEqual({ done: [1, 2], skipped: [] })
    expect(fake.callsOf('outbox:many')).toEqual([{ action: 'retry', ids: [1, 2] }])
    expect(await actions.discardFailedOfBatch('b1')).toBe(3)
    expect(fake.callsOf('outbox:discardFailedOfBatch')).toEqual([{ batch: 'b1' }])
  })

  it('waits for a change’s outcome until the queue settles it, or until the connection changes and the caller stops waiting', async () => {
    let state: OutboxEntry['state'] = 'pending'
    const { fake, actions } = await load(defaults({ 'outbox:list': () => ({ total: 1, entries: [entry(7, 70, state)] }) }))
    const offline: ConnectionState = { status: 'offline', serverUrl: 'http://127.0.0.1:1', detail: 'Can’t reach the server.', since: '2026-11-01T00:00:00Z' }

    // The queue settles it: applied.
    let outcome: OutboxEntry | null = null
    void actions.outcomeOf(entry(7, 70), 60_000).then((e) => (outcome = e))
    await vi.waitFor(() => expect(fake.callsOf('outbox:list').length).toBeGreaterThanOrEqual(2))
    state = 'applied'
    fake.emit('outbox:changed', summary())
    await vi.waitFor(() => expect(outcome?.state).toBe('applied'))

    // The send could not reach the server: the entry stays pending and only the connection
    // changes; the caller stops waiting then (its stop() looks at the connection).
    state = 'pending'
    let away = false
    outcome = null
    void actions.outcomeOf(entry(7, 70), 60_000, () => away).then((e) => (outcome = e))
    fake.emit('connection:changed', offline)
    await vi.waitFor(() => expect(fake.callsOf('outbox:list').length).toBeGreaterThanOrEqual(5))
    expect(outcome).toBeNull()
    away = true
    fake.emit('connection:changed', offline)
    await vi.waitFor(() => expect(outcome?.state).toBe('pending'))
  })

  it('"send now" replays and takes the new summary', async () => {
    const { outbox, fake, actions } = await load()
    await outbox.init()
    await actions.push()
    expect(fake.callsOf('outbox:push')).toHaveLength(1)
    expect(outbox.counts.open).toBe(0)
  })

  it('"send now" answers the queue as its own push left it, even when the queue changed while it ran', async () => {
    const why = { code: 'network' as const, message: 'Can’t reach the server.' }
    const left = summary({ pending: 1 }, { waitingBecause: why, nextTryAt: '2026-11-01T00:01:00Z' })
    let release!: () => void
    const { outbox, fake, actions } = await load(defaults({
      'outbox:push': () => new Promise((ok) => (release = () => ok(left))),
    }))
    await outbox.init()
    const pushing = actions.push()
    await vi.waitFor(() => expect(fake.callsOf('outbox:push')).toHaveLength(1))
    // The push's own attempt changes the queue (pending → sending → pending) before it answers.
    fake.emit('outbox:changed', summary({ sending: 1 }))
    release()
    expect(await pushing).toEqual(left)
  })
})

describe('bulk selection (usePlanBulkStore)', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('shift-click checks the range since the last plan toggled, and unchecks it the same way', async () => {
    const { plans, bulk } = await load()
    await plans.init()
    const pk = (i: number) => plans.rows[i]!.pk
    bulk.toggleChecked(pk(2))
    bulk.toggleChecked(pk(9), true)
    expect(await bulk.checkedPks()).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map(pk))
    bulk.toggleChecked(pk(5))
    bulk.toggleChecked(pk(3), true)
    expect(await bulk.checkedPks()).toEqual([pk(2), pk(6), pk(7), pk(8), pk(9)])
    expect(bulk.checkedCount).toBe(5)
  })

  it('"all matching" pages through the search (1000 a page) for every plan number', async () => {
    const { plans, fake, bulk } = await load()
    await plans.init()
    plans.filters.statuses = ['waiting']
    bulk.toggleChecked(plans.rows[0]!.pk)
    bulk.checkAllMatching()
    expect(bulk.checkedCount).toBe(2500)
    expect(bulk.isChecked(2400)).toBe(true)
    const before = fake.callsOf('plans:search').length
    const pks = await bulk.checkedPks()
    expect(pks).toHaveLength(2500)
    const pages = fake.callsOf('plans:search').slice(before) as SearchQuery[]
    expect(pages.map((q) => [q.offset, q.limit])).toEqual([[0, 1000], [1000, 1000], [2000, 1000]])
    expect(pages.every((q) => q.statuses?.[0] === 'waiting')).toBe(true)
    // A new search drops "all matching" (it meant the previous search).
    await plans.search()
    expect(bulk.allMatching).toBe(false)
  })

  it('sends the "has local changes" filter only when it is on', async () => {
    const { plans, fake } = await load()
    plans.filters.hasPendingEdits = true
    await plans.search()
    expect((fake.callsOf('plans:search').at(-1) as SearchQuery).hasPendingEdits).toBe(true)
    plans.clearFilters()
    await vi.waitFor(() => expect((fake.callsOf('plans:search').at(-1) as SearchQuery).hasPendingEdits).toBeUndefined())
  })
})

describe('connection, named precisely', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('tells offline, unreachable, server error and sign-in apart', async () => {
    await load()
    const { connectionLook } = await import('../../renderer/src/stores/connection')
    const state = (status: string, detail: string | null = null) => ({ status, detail, serverUrl: 'https://o', since: '' }) as unknown as ConnectionState
    const online = { browserOnline: true, paused: false }
    expect(connectionLook(state('online'), online)).toBe('online')
    expect(connectionLook(state('offline', 'Checking the connection: cannot reach o: the connection was refused.'), online)).toBe('unreachable')
    expect(connectionLook(state('offline', 'x'), { browserOnline: false, paused: false })).toBe('offline')
    expect(connectionLook(state('offline', 'The server failed (HTTP 503).'), online)).toBe('server-error')
    expect(connectionLook(state('server-error', 'The server failed (HTTP 503).'), online)).toBe('server-error')
    expect(connectionLook(state('signed-out', 'The server no longer accepts your sign-in. Sign in again.'), online)).toBe('sign-in')
    expect(connectionLook(state('signed-out', 'Sign in to sync plans.'), online)).toBe('signed-out')
    expect(connectionLook(state('online'), { browserOnline: true, paused: true })).toBe('sign-in')
    expect(connectionLook(state('checking'), online)).toBe('checking')
  })
})
