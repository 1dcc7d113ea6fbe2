import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { PlanSummary, SearchQuery } from '../../preload/contract'

/** A bridge double: answers plans:search from a list, records every query. */
function fakeBridge(rows: PlanSummary[]) {
  const queries: SearchQuery[] = []
  const listeners = new Map<string, (p: unknown) => void>()
  return {
    queries,
    emit: (event: string, payload: unknown) => listeners.get(event)?.(payload),
    bridge: {
      host: 'web',
      on: (event: string, l: (p: unknown) => void) => {
        listeners.set(event, l)
        return () => listeners.delete(event)
      },
      invoke: vi.fn(async (channel: string, arg?: unknown) => {
        if (channel === 'plans:search') {
          const q = arg as SearchQuery
          queries.push(q)
          const matching = rows.filter((r) => !q.text || String(r.pk).includes(q.text))
          return { ok: true, value: { total: matching.length, rows: matching.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 50)) } }
        }
        if (channel === 'plans:statuses') return { ok: true, value: [{ key: 'waiting', label: 'Waiting (server)' }, { key: 'x_custom', label: 'Custom' }] }
        if (channel === 'plans:get') return { ok: false, error: { code: 'not_found', message: 'Plan 1 is not in the local cache.' } }
        return { ok: false, error: { code: 'validation', message: 'unexpected' } }
      }),
    },
  }
}

/** Holds the bridge's next answer until the returned function is called. */
function holdNextAnswer(fake: ReturnType<typeof fakeBridge>): () => void {
  let release: () => void = () => undefined
  const held = new Promise<void>((r) => (release = r))
  const original = fake.bridge.invoke.getMockImplementation()!
  fake.bridge.invoke.mockImplementationOnce(async (c: string, a?: unknown) => {
    await held
    return original(c, a)
  })
  return () => release()
}

const row = (pk: number): PlanSummary => ({
  pk, status: 'waiting', serverStatus: 'waiting', planType: 'cancel', orderId: 1, orderNumber: `O${pk}`, channelId: 1,
  channelType: 'web', customerId: 1, storeRemoteId: 'S', staffRemoteId: 'P', invoiceNumber: null, refundAmount: 1,
  currency: 'try', itemCount: 1, firstProductName: 'x', createdDate: null, modifiedDate: '2026-11-01T00:00:00Z', pendingEdits: 0,
  localState: null, note: null,
})

async function loadStore(rows: PlanSummary[]) {
  vi.resetModules()
  const fake = fakeBridge(rows)
  vi.stubGlobal('window', { plandesk: fake.bridge, performance: globalThis.performance })
  vi.stubGlobal('navigator', { language: 'en-GB' })
  const { usePlanListStore, REST_AFTER_MS } = await import('../../renderer/src/stores/plan-list')
  const { usePlanDetailStore } = await import('../../renderer/src/stores/plan-detail')
  const { useStatusesStore } = await import('../../renderer/src/stores/statuses')
  const { i18n } = await import('../../renderer/src/i18n')
  return { REST_AFTER_MS, store: usePlanListStore(), detail: usePlanDetailStore(), statuses: useStatusesStore(), fake, i18n }
}

describe('the plans list, detail and status stores', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.useRealTimers())

  it('has a place for every match from the first answer on, and fetches the pages of the places in view', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { store, fake, REST_AFTER_MS } = await loadStore(Array.from({ length: 450 }, (_, i) => row(i + 1)))
    await store.init()
    expect(store.total).toBe(450)
    // The list is as long as the count at once (the scroll bar means the whole list); the first answer holds the places drawn.
    expect(store.rows).toHaveLength(450)
    expect(store.rows.filter(Boolean)).toHaveLength(50)
    // The rest of the first page once the typing pauses.
    vi.advanceTimersByTime(REST_AFTER_MS)
    await vi.waitFor(() => expect(store.rows.filter(Boolean)).toHaveLength(200))
    expect(store.rows[200]).toBeUndefined()
    // The view jumps near the end (a dragged scroll bar): the pages there are fetched, not the ones between.
    store.showRange(410, 449)
    await vi.waitFor(() => expect(store.rows[449]?.pk).toBe(450))
    expect(store.rows[250]).toBeUndefined()
    expect(fake.queries.map((q) => [q.offset, q.limit])).toEqual([[0, 50], [0, 200], [400, 200]])
    store.showRange(180, 260)
    await vi.waitFor(() => expect(store.rows.filter(Boolean)).toHaveLength(450))
    expect(fake.queries.map((q) => q.offset)).toEqual([0, 0, 400, 200])
    // A place already here is never asked for again.
    store.showRange(0, 449)
    expect(fake.queries).toHaveLength(4)
  })

  it('answers each keystroke with the places drawn; the rest of the first page waits for a pause, or for the view to reach it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { store, fake, REST_AFTER_MS } = await loadStore(Array.from({ length: 450 }, (_, i) => row(i + 1)))
    await store.init()
    // A taller window: the table draws 80 places (fetched at once), and a new search asks for them all.
    store.showRange(0, 79)
    await vi.waitFor(() => expect(store.rows[79]).toBeDefined())
    for (const text of ['1', '12', '1']) {
      store.filters.text = text
      await store.searchTyped()
      vi.advanceTimersByTime(REST_AFTER_MS - 1)
    }
    expect(fake.queries.map((q) => [q.text, q.offset, q.limit])).toEqual([[undefined, 0, 50], [undefined, 0, 200], ['1', 0, 80], ['12', 0, 80], ['1', 0, 80]])
    expect(store.rows.filter(Boolean)).toHaveLength(80)
    // Scrolled past the first answer: its page is fetched at once, not after the pause.
    store.showRange(60, 139)
    await vi.waitFor(() => expect(store.rows[139]).toBeDefined())
    expect(fake.queries.at(-1)).toMatchObject({ text: '1', offset: 0, limit: 200 })
    // The pause comes: nothing is left to fetch, so nothing is asked.
    const asked = fake.queries.length
    vi.advanceTimersByTime(REST_AFTER_MS)
    await Promise.resolve()
    expect(fake.queries).toHaveLength(asked)
    // A shorter window (the table draws 24 places): a keystroke asks for 24.
    store.showRange(0, 23)
    store.filters.text = '2'
    await store.searchTyped()
    expect(fake.queries.at(-1)).toMatchObject({ text: '2', offset: 0, limit: 24 })
  })

  it('fetches a place on demand for the keyboard (the next plan may not be here yet)', async () => {
    const { store } = await loadStore(Array.from({ length: 450 }, (_, i) => row(i + 1)))
    await store.init()
    expect(await store.ensureRow(300)).toBe(true)
    expect(store.rows[300]?.pk).toBe(301)
    expect(await store.ensureRow(450)).toBe(false)
  })

  it('counts a new search’s answers (the list goes back to its top), not a refresh’s or a next window’s', async () => {
    const { store } = await loadStore(Array.from({ length: 450 }, (_, i) => row(i + 1)))
    await store.init()
    const afterInit = store.newResults
    store.showRange(200, 300)
    await vi.waitFor(() => expect(store.rows[300]).toBeDefined())
    await store.refresh()
    expect(store.newResults).toBe(afterInit)
    store.filters.text = '4'
    await store.searchTyped()
    expect(store.newResults).toBe(afterInit + 1)
    await store.search()
    expect(store.newResults).toBe(afterInit + 2)
    await store.refresh()
    expect(store.newResults).toBe(afterInit + 2)
  })

  it('sends only the filters that are set', async () => {
    const { store, fake } = await loadStore([row(1)])
    store.filters.text = '  12 '
    store.filters.statuses = ['waiting']
    await store.search()
    expect(fake.queries.at(-1)).toEqual({ sort: '-modified_date', offset: 0, limit: 50, text: '12', statuses: ['waiting'] })
  })

  it('shows a saved search whole, removes one filter at a time, and clears all but the sort', async () => {
    const { store, fake } = await loadStore([row(1)])
    store.filters.text = 'old'
    store.applySearch({ statuses: ['waiting'], planType: 'refund', storeRemoteId: 'IST', customerId: 9, createdPreset: 'today', sort: 'pk' })
    await Promise.resolve()
    expect(store.filters.text).toBe('')
    expect(store.currentSearch).toEqual({ statuses: ['waiting'], planType: 'refund', storeRemoteId: 'IST', customerId: 9, createdPreset: 'today', sort: 'pk' })
    const q = fake.queries.at(-1)!
    expect(q).toMatchObject({ statuses: ['waiting'], planType: 'refund', storeRemoteId: 'IST', customerId: 9, sort: 'pk', offset: 0 })
    expect(Date.parse(q.createdTo!) - Date.parse(q.createdFrom!)).toBe(86_400_000 - 1)
    store.removeFilter('created')
    store.removeFilter('statuses')
    expect(store.currentSearch).toEqual({ planType: 'refund', storeRemoteId: 'IST', customerId: 9, sort: 'pk' })
    store.clearFilters()
    expect(store.currentSearch).toEqual({ sort: 'pk' })
    expect(fake.queries.at(-1)).toEqual({ sort: 'pk', offset: 0, limit: 50 })
  })

  it('never lets an older answer replace a newer one', async () => {
    const { store, fake } = await loadStore([row(1), row(22)])
    const release = holdNextAnswer(fake)
    store.filters.text = ''
    const first = store.search()
    store.filters.text = '22'
    await store.search()
    release()
    await first
    expect(store.rows.map((r) => r?.pk)).toEqual([22])
  })

  it('asks no more for a page that failed or came back empty, until the list is loaded again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { store, fake } = await loadStore(Array.from({ length: 450 }, (_, i) => row(i + 1)))
    await store.init()
    const original = fake.bridge.invoke.getMockImplementation()!
    fake.bridge.invoke.mockImplementationOnce(async () => ({ ok: false, error: { code: 'storage', message: 'The cache could not be read.' } }))
    store.showRange(200, 260)
    await vi.waitFor(() => expect(store.error).toBe('The cache could not be read.'))
    const asked = fake.queries.length
    // The view is still there and the place is still empty: scrolling asks again, and nothing is sent.
    store.showRange(201, 261)
    store.showRange(200, 260)
    expect(fake.queries.length).toBe(asked)
    // A refresh loads the list again, from the page in view.
    await store.refresh()
    expect(store.rows[260]?.pk).toBe(261)
    // An answer that adds nothing although the count says more stops the asking too.
    fake.bridge.invoke.mockImplementationOnce(async (c: string, a?: unknown) => {
      const answer = (await original(c, a)) as { ok: true; value: { total: number; rows: PlanSummary[] } }
      return { ok: true, value: { ...answer.value, rows: [] } }
    })
    store.showRange(400, 449)
    await vi.waitFor(() => expect(fake.queries.at(-1)?.offset).toBe(400))
    const before = fake.queries.length
    store.showRange(401, 449)
    await Promise.resolve()
    expect(fake.queries.length).toBe(before)
  })

  it('drops a page that answers after a new search, and the new search owns the loading state', async () => {
    const { store, fake } = await loadStore(Array.from({ length: 450 }, (_, i) => row(i + 1)))
    await store.init()
    const release = holdNextAnswer(fake)
    store.showRange(200, 260)
    const searchRelease = holdNextAnswer(fake)
    store.filters.text = '4'
    const search = store.search()
    release()
    await new Promise((ok) => setTimeout(ok, 0))
    // The old page's answer was dropped, and the new search still owns the loading state.
    expect(store.loading).toBe(true)
    searchRelease()
    await search
    expect(store.loading).toBe(false)
    expect(store.rows.filter(Boolean).every((r) => String(r!.pk).includes('4'))).toBe(true)
  })

  it('labels statuses in the person’s language, and keeps the server’s label for unknown ones', async () => {
    const { statuses, i18n } = await loadStore([])
    await statuses.loadStatuses()
    expect(statuses.statusLabel.get('waiting')).toBe('Waiting')
    expect(statuses.statusLabel.get('x_custom')).toBe('Custom')
    i18n.global.locale.value = 'tr'
    expect(statuses.statusLabel.get('waiting')).toBe('Bekliyor')
  })

  it('keeps a detail error for the person to see', async () => {
    const { detail } = await loadStore([])
    await detail.select(1)
    expect(detail.detailError).toBe('Plan 1 is not in the local cache.')
  })

  it('pages deeper by keyset cursor when the search gives one, and by offset only when it does not', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { store, fake, REST_AFTER_MS } = await loadStore(Array.from({ length: 450 }, (_, i) => row(i + 1)))
    const plain = fake.bridge.invoke.getMockImplementation()!
    // The real search answers a cursor after each page that has more behind it: "after:<last pk>".
    fake.bridge.invoke.mockImplementation(async (channel: string, arg?: unknown) => {
      if (channel !== 'plans:search') return plain(channel, arg)
      const q = arg as SearchQuery
      const start = q.cursor ? Number(q.cursor.slice('after:'.length)) : (q.offset ?? 0)
      const env = (await plain(channel, { ...q, offset: start, cursor: undefined })) as { ok: true; value: { total: number; rows: PlanSummary[] } }
      fake.queries.splice(-1, 1, q)
      const last = env.value.rows.at(-1)
      const more = last !== undefined && start + env.value.rows.length < env.value.total
      return { ok: true, value: { ...env.value, ...(more ? { nextCursor: `after:${last.pk}` } : {}) } }
    })
    await store.init()
    // The first answer (the places drawn) ends inside the first page: its cursor is not where a page starts.
    vi.advanceTimersByTime(REST_AFTER_MS)
    await vi.waitFor(() => expect(store.rows[199]).toBeDefined())
    store.showRange(200, 399)
    await vi.waitFor(() => expect(store.rows[399]).toBeDefined())
    store.showRange(400, 449)
    await vi.waitFor(() => expect(store.rows[449]).toBeDefined())
    expect(store.rows.map((r) => r?.pk)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1))
    const pages = fake.queries.filter((q) => q.text === undefined)
    expect(pages.map((q) => q.cursor ?? `offset ${q.offset}`)).toEqual(['offset 0', 'offset 0', 'after:200', 'after:400'])
  })
})
