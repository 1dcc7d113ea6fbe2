import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import type { SearchQuery, UiState, UiStatePatch } from '../../preload/contract'

/** A bridge double keeping the workspace as main does (each patch field replaces the stored one). */
function fakeBridge(initial: UiState) {
  let state = structuredClone(initial)
  const patches: UiStatePatch[] = []
  const searches: SearchQuery[] = []
  let failNext = false
  const listeners = new Map<string, (p: unknown) => void>()
  return {
    patches,
    searches,
    state: () => state,
    failNextSet: () => (failNext = true),
    emit: (event: string, payload: unknown) => listeners.get(event)?.(payload),
    bridge: {
      host: 'web',
      on: (event: string, l: (p: unknown) => void) => {
        listeners.set(event, l)
        return () => listeners.delete(event)
      },
      invoke: vi.fn(async (channel: string, arg?: unknown) => {
        if (channel === 'ui:get') return { ok: true, value: structuredClone(state) }
        if (channel === 'ui:set') {
          if (failNext) {
            failNext = false
            return { ok: false, error: { code: 'storage', message: 'disk says no' } }
          }
          patches.push(arg as UiStatePatch)
          state = { ...state, ...(arg as UiStatePatch) } as UiState
          return { ok: true, value: structuredClone(state) }
        }
        if (channel === 'plans:search') {
          const q = arg as SearchQuery
          searches.push(q)
          return { ok: true, value: { total: q.statuses?.includes('waiting') ? 12 : q.hasPendingEdits ? 2 : 400, rows: [] } }
        }
        return { ok: false, error: { code: 'validation', message: `unexpected ${channel}` } }
      }),
    },
  }
}

const STATE: UiState = {
  lastRoute: '/changes',
  search: { statuses: ['waiting'] },
  views: [
    { id: 'waiting', name: '', builtin: 'waiting', search: { statuses: ['waiting'] } },
    { id: 'local', name: '', builtin: 'localChanges', search: { hasPendingEdits: true } },
  ],
  theme: 'system',
}

async function loadStore(initial = STATE) {
  vi.resetModules()
  const fake = fakeBridge(initial)
  vi.stubGlobal('window', { plandesk: fake.bridge, performance: globalThis.performance })
  vi.stubGlobal('navigator', { language: 'en-GB' })
  const { useUiStore, SAVE_SEARCH_MS } = await import('../../renderer/src/stores/ui')
  const { useSavedViewsStore, COUNTS_MS } = await import('../../renderer/src/stores/saved-views')
  const { installTheme } = await import('../../renderer/src/lib/theme')
  const store = useUiStore()
  await store.load()
  return { store, saved: useSavedViewsStore(), fake, SAVE_SEARCH_MS, COUNTS_MS, installTheme }
}

describe('useUiStore', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('takes the workspace main kept: last route, search, views, theme', async () => {
    const { store } = await loadStore()
    expect(store.lastRoute).toBe('/changes')
    expect(store.search).toEqual({ statuses: ['waiting'] })
    expect(store.views.map((v) => v.id)).toEqual(['waiting', 'local'])
    expect(store.theme).toBe('system')
  })

  it('writes the search once typing pauses, without empty fields', async () => {
    vi.useFakeTimers()
    const { store, fake, SAVE_SEARCH_MS } = await loadStore()
    store.saveSearch({ text: 'a', statuses: [] })
    store.saveSearch({ text: 'ab', statuses: [], hasPendingEdits: false })
    await vi.advanceTimersByTimeAsync(SAVE_SEARCH_MS - 1)
    expect(fake.patches).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(fake.patches).toEqual([{ search: { text: 'ab' } }])
    // Leaving the page writes a pending search at once.
    store.saveSearch({ planType: 'refund' })
    await store.flush()
    expect(fake.patches.at(-1)).toEqual({ search: { planType: 'refund' } })
  })

  it('remembers the route only when it changes', async () => {
    const { store, fake } = await loadStore()
    store.saveRoute('/changes')
    store.saveRoute('/plans/17')
    await nextTick()
    expect(fake.patches).toEqual([{ lastRoute: '/plans/17' }])
  })

  it('creates, renames, reorders and deletes views, each kept by main', async () => {
    const { store, fake, saved } = await loadStore()
    const view = await saved.createView('  Refunds in IST  ', { planType: 'refund', storeRemoteId: 'IST', text: '' })
    expect(view.name).toBe('Refunds in IST')
    expect(fake.state().views.at(-1)).toEqual({ id: view.id, name: 'Refunds in IST', search: { planType: 'refund', storeRemoteId: 'IST' } })
    // A renamed built-in view loses its built-in name for good.
    await saved.renameView('waiting', 'To review')
    expect(fake.state().views[0]).toEqual({ id: 'waiting', name: 'To review', search: { statuses: ['waiting'] } })
    await saved.moveView(view.id, -1)
    expect(fake.state().views.map((v) => v.id)).toEqual(['waiting', view.id, 'local'])
    await saved.moveView('waiting', -1) // already first: nothing to do
    expect(fake.state().views.map((v) => v.id)).toEqual(['waiting', view.id, 'local'])
    await saved.updateViewSearch(view.id, { planType: 'cancel' })
    expect(fake.state().views[1].search).toEqual({ planType: 'cancel' })
    await saved.deleteView('local')
    expect(store.views.map((v) => v.id)).toEqual(['waiting', view.id])
    expect(fake.state().views.map((v) => v.id)).toEqual(['waiting', view.id])
  })

  it('keeps the old list when main cannot save the views', async () => {
    const { store, fake, saved } = await loadStore()
    fake.failNextSet()
    await expect(saved.deleteView('waiting')).rejects.toThrow('disk says no')
    expect(store.views.map((v) => v.id)).toEqual(['waiting', 'local'])
    expect(store.error).toBe('disk says no')
  })

  it('counts every view with one small search each, and again at once whenever the cache or the queue of changes moves', async () => {
    vi.useFakeTimers()
    const { fake, saved, COUNTS_MS } = await loadStore()
    await saved.init()
    expect(saved.counts).toEqual({ waiting: 12, local: 2 })
    expect(fake.searches).toEqual([
      { statuses: ['waiting'], limit: 1 },
      { hasPendingEdits: true, limit: 1 },
    ])
    // A decision queued (outbox:changed): counted at once, not after a quiet period.
    await vi.advanceTimersByTimeAsync(COUNTS_MS)
    fake.emit('outbox:changed', {})
    expect(fake.searches).toHaveLength(4)
    // A sync: the same.
    await vi.advanceTimersByTimeAsync(COUNTS_MS)
    fake.emit('plans:changed', { pks: [1] })
    expect(fake.searches).toHaveLength(6)
    // A burst (a bulk decision): once at its start, once at most every COUNTS_MS, and once after its last change.
    await vi.advanceTimersByTimeAsync(COUNTS_MS)
    for (let i = 0; i < 50; i++) fake.emit('outbox:changed', {})
    expect(fake.searches).toHaveLength(8)
    await vi.advanceTimersByTimeAsync(COUNTS_MS)
    expect(fake.searches).toHaveLength(10)
    await vi.advanceTimersByTimeAsync(COUNTS_MS * 4)
    expect(fake.searches).toHaveLength(10)
  })

  it('applies the theme to <html>: dark, light, or whatever the system says', async () => {
    const { store, installTheme } = await loadStore()
    let systemListener: ((e: { matches: boolean }) => void) | null = null
    vi.stubGlobal('window', {
      ...window,
      matchMedia: () => ({ matches: false, addEventListener: (_: string, l: (e: { matches: boolean }) => void) => (systemListener = l) }),
    })
    const classes = new Set<string>()
    const root = { classList: { toggle: (c: string, on: boolean) => (on ? classes.add(c) : classes.delete(c)) }, style: { colorScheme: '' } }
    installTheme(store, root as unknown as HTMLElement)
    expect(classes.has('dark')).toBe(false)
    systemListener!({ matches: true })
    await nextTick()
    expect(classes.has('dark')).toBe(true)
    expect(root.style.colorScheme).toBe('dark')
    await store.setTheme('light')
    await nextTick()
    expect(classes.has('dark')).toBe(false)
    await store.setTheme('dark')
    await nextTick()
    expect(classes.has('dark')).toBe(true)
  })
})
