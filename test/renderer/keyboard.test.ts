import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { CHORD_MS, SHORTCUTS, createKeyReader, isTypingTarget, type KeyContext } from '../../renderer/src/lib/keyboard'
import type { PlanSummary, SearchQuery } from '../../preload/contract'
import en from '../../renderer/src/i18n/en'
import tr from '../../renderer/src/i18n/tr'

const list: KeyContext = { typing: false, dialogOpen: false, detailOpen: false, onControl: false }
const detail: KeyContext = { ...list, detailOpen: true }
const key = (k: string, extra: Partial<KeyboardEvent> = {}) => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...extra })

describe('the keyboard reader', () => {
  it('reads the list keys: search, move with arrows or j/k, open, check', () => {
    const read = createKeyReader()
    expect(read(key('/'), list)).toEqual({ kind: 'search' })
    expect(read(key('j'), list)).toEqual({ kind: 'move', by: 1 })
    expect(read(key('ArrowDown'), list)).toEqual({ kind: 'move', by: 1 })
    expect(read(key('k'), list)).toEqual({ kind: 'move', by: -1 })
    expect(read(key('ArrowUp'), list)).toEqual({ kind: 'move', by: -1 })
    expect(read(key('Enter'), list)).toEqual({ kind: 'open' })
    expect(read(key(' ', { shiftKey: true }), list)).toEqual({ kind: 'check', range: true })
    expect(read(key('?'), list)).toEqual({ kind: 'help' })
  })

  it('proposes decisions only on an open plan, and leaves Enter and Space to the buttons there', () => {
    const read = createKeyReader()
    expect(read(key('a'), list)).toBeNull()
    expect(read(key('r'), list)).toBeNull()
    expect(read(key('a'), detail)).toEqual({ kind: 'decide', status: 'approved' })
    expect(read(key('r'), detail)).toEqual({ kind: 'decide', status: 'rejected' })
    expect(read(key('s'), detail)).toEqual({ kind: 'chooseStatus' })
    expect(read(key('j'), detail)).toEqual({ kind: 'move', by: 1 })
    expect(read(key('Enter'), detail)).toBeNull()
    expect(read(key('Enter'), { ...list, onControl: true })).toBeNull()
    expect(read(key(' '), { ...list, onControl: true })).toBeNull()
  })

  it('leaves every key to a field being typed in, to an open dialog, and to browser shortcuts', () => {
    const read = createKeyReader()
    for (const k of ['/', 'j', 'a', 'Enter', '?', 'g']) {
      expect(read(key(k), { ...detail, typing: true })).toBeNull()
      expect(read(key(k), { ...detail, dialogOpen: true })).toBeNull()
    }
    expect(read(key('r', { ctrlKey: true }), detail)).toBeNull()
    expect(read(key('a', { metaKey: true }), detail)).toBeNull()
  })

  it('jumps with g then a letter, only within the chord time and only right after the g', () => {
    let now = 1_000
    const read = createKeyReader(() => now)
    expect(read(key('g'), list)).toBeNull()
    expect(read(key('c'), list)).toEqual({ kind: 'jump', to: 'changes' })
    read(key('g'), list)
    expect(read(key('o'), list)).toEqual({ kind: 'jump', to: 'overview' })
    read(key('g'), list)
    expect(read(key('s'), list)).toEqual({ kind: 'jump', to: 'settings' })
    read(key('g'), list)
    expect(read(key('p'), detail)).toEqual({ kind: 'jump', to: 'plans' })
    // Too late: "c" is nothing on the list.
    read(key('g'), list)
    now += CHORD_MS + 1
    expect(read(key('c'), list)).toBeNull()
    // Another key in between cancels the chord.
    read(key('g'), list)
    read(key('j'), list)
    expect(read(key('c'), list)).toBeNull()
    // Typing "g" into a field starts nothing.
    read(key('g'), { ...list, typing: true })
    expect(read(key('c'), list)).toBeNull()
  })

  it('tells text fields from checkboxes and buttons', () => {
    const el = (tagName: string, type = '', editable = false) => ({ tagName, type, isContentEditable: editable }) as unknown as Element
    expect(isTypingTarget(el('INPUT', 'text'))).toBe(true)
    expect(isTypingTarget(el('INPUT', 'search'))).toBe(true)
    expect(isTypingTarget(el('TEXTAREA'))).toBe(true)
    expect(isTypingTarget(el('DIV', '', true))).toBe(true)
    expect(isTypingTarget(el('INPUT', 'checkbox'))).toBe(false)
    expect(isTypingTarget(el('BUTTON'))).toBe(false)
    expect(isTypingTarget(null)).toBe(false)
  })

  it('has every shortcut described in English and Turkish', () => {
    for (const s of SHORTCUTS) {
      expect((en.keys.actions as Record<string, string>)[s.action], s.action).toBeTruthy()
      expect((tr.keys.actions as Record<string, string>)[s.action], s.action).toBeTruthy()
    }
  })
})

// --- the plans store's side: search as you type, the scanner, moving through the list ----------

const row = (pk: number, orderNumber = `O${pk}`): PlanSummary => ({
  pk, status: 'waiting', serverStatus: 'waiting', planType: 'cancel', orderId: pk, orderNumber, channelId: 1,
  channelType: 'web', customerId: 1, storeRemoteId: 'S', staffRemoteId: 'P', invoiceNumber: `INV-${pk}`, refundAmount: 1,
  currency: 'TRY', itemCount: 1, firstProductName: 'x', createdDate: null, modifiedDate: '2026-11-01T00:00:00Z', pendingEdits: 0,
  localState: null, note: null,
})

async function loadStore(rows: PlanSummary[]) {
  vi.resetModules()
  const queries: SearchQuery[] = []
  const gates: Array<() => void> = []
  let hold = false
  const bridge = {
    host: 'web',
    on: () => () => undefined,
    invoke: vi.fn(async (channel: string, arg?: unknown) => {
      if (channel === 'plans:search') {
        const q = arg as SearchQuery
        queries.push(q)
        if (hold) await new Promise<void>((ok) => gates.push(ok))
        const m = rows.filter((r) => !q.text || r.orderNumber?.includes(q.text) || r.invoiceNumber?.includes(q.text))
        return { ok: true, value: { total: m.length, rows: m.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 50)) } }
      }
      if (channel === 'plans:statuses') return { ok: true, value: [] }
      return { ok: false, error: { code: 'validation', message: 'unexpected' } }
    }),
  }
  vi.stubGlobal('window', { plandesk: bridge, performance: globalThis.performance })
  vi.stubGlobal('navigator', { language: 'en-GB' })
  const { usePlanListStore } = await import('../../renderer/src/stores/plan-list')
  const { usePlanDetailStore } = await import('../../renderer/src/stores/plan-detail')
  return {
    store: usePlanListStore(),
    detail: usePlanDetailStore(),
    queries,
    hold: (on: boolean) => (hold = on),
    release: () => gates.splice(0).forEach((ok) => ok()),
  }
}

describe('the plans store for the keyboard and the scanner', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('searches at the first keystroke, and runs only the latest text after a search in flight', async () => {
    const { store, queries, hold, release } = await loadStore([row(1, 'A1'), row(2, 'A12'), row(3, 'A123')])
    await store.init()
    queries.length = 0
    hold(true)
    store.filters.text = 'A'
    const first = store.searchTyped()
    expect(queries.map((q) => q.text)).toEqual(['A'])
    // Three keystrokes while the first search is out: one more search, with the last text.
    for (const text of ['A1', 'A12', 'A123']) {
      store.filters.text = text
      void store.searchTyped()
    }
    hold(false)
    release()
    await first
    expect(queries.map((q) => q.text)).toEqual(['A', 'A123'])
    expect(store.rows.map((r) => r?.pk)).toEqual([3])
  })

  it('gives the only match to a scanner, and nothing when several plans match', async () => {
    const { store } = await loadStore([row(1, 'ORD-77'), row(2, 'ORD-770'), row(3, 'ORD-9')])
    await store.init()
    store.filters.text = 'ORD-9'
    expect(await store.onlyMatch()).toBe(3)
    store.filters.text = 'ORD-77'
    expect(await store.onlyMatch()).toBeNull()
    expect(store.total).toBe(2)
    store.filters.text = 'INV-2'
    expect(await store.onlyMatch()).toBe(2)
  })

  it('moves the selection through the list and stops at both ends', async () => {
    const { store, detail } = await loadStore([row(1), row(2), row(3)])
    await store.init()
    expect(await detail.neighbour(1)).toBe(1)
    detail.selectedPk = 1
    expect(await detail.neighbour(-1)).toBeNull()
    expect(await detail.neighbour(1)).toBe(2)
    detail.selectedPk = 3
    expect(await detail.neighbour(1)).toBeNull()
  })

  it('goes on from where a decided plan was when it has left the list, not from the top', async () => {
    const rows = [row(1), row(2), row(3), row(4), row(5), row(6)]
    const { store, detail } = await loadStore(rows)
    await store.init()
    detail.selectedPk = 4
    expect(await detail.planAfter(4)).toBe(5)
    expect(await detail.neighbour(1)).toBe(5)
    // Plan 4 was decided and left the (filtered) list: the plan now in its place is next, the one before it previous.
    rows.splice(3, 1)
    await store.refresh()
    expect(store.rows.map((r) => r?.pk)).toEqual([1, 2, 3, 5, 6])
    expect(await detail.neighbour(1)).toBe(5)
    expect(await detail.neighbour(-1)).toBe(3)
    expect(await detail.planAfter(6)).toBeNull()
    expect(await detail.planAfter(99)).toBeNull()
  })

  it('keeps a decision asked for while the plan loads, and an Enter pressed before its confirmation showed', async () => {
    const { store, detail } = await loadStore([row(1), row(2)])
    await store.init()
    detail.detailOpen = true
    detail.selectedPk = 2
    // The detail of plan 2 is not here yet: the request waits for it.
    detail.requestDecision('approved')
    expect(detail.decisionWaiting()).toBe(true)
    detail.confirmWaiting()
    const req = detail.decisionRequest!
    expect(req).toMatchObject({ pk: 2, status: 'approved', confirmed: true, taken: false })
    expect(detail.takeDecision(req.seq)).toMatchObject({ pk: 2, confirmed: true })
    expect(detail.decisionWaiting()).toBe(false)
    // Taken once only.
    expect(detail.takeDecision(req.seq)).toBeNull()
  })

  it('asks for a decision only on the open plan', async () => {
    const { store, detail } = await loadStore([row(1)])
    await store.init()
    detail.requestDecision('approved')
    expect(detail.decisionRequest).toBeNull()
    detail.detailOpen = true
    detail.selectedPk = 1
    detail.requestDecision('approved')
    expect(detail.decisionRequest).toMatchObject({ pk: 1, status: 'approved', seq: 1 })
    detail.requestDecision(null)
    expect(detail.decisionRequest).toMatchObject({ pk: 1, status: null, seq: 2 })
  })
})
