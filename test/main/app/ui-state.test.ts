import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_UI_STATE, UI_STATE_FILE, UiStateStore } from '../../../main/app/ui-state'
import { uiHandlers } from '../../../main/ipc/handlers/ui'
import { dispatch, type Handlers } from '../../../main/ipc/dispatch'
import type { AppRuntime } from '../../../main/ipc/handlers/runtime'
import type { UiState } from '../../../preload/contract'

const dir = () => mkdtempSync(join(tmpdir(), 'plandesk-ui-'))

describe('UiStateStore', () => {
  it('offers the default views on first run and writes them at once, private to the person', () => {
    const d = dir()
    const s = new UiStateStore(d)
    expect(s.get()).toEqual(DEFAULT_UI_STATE)
    expect(s.get().views.map((v) => v.builtin)).toEqual(['waiting', 'waitingRefunds', 'localChanges', 'modifiedToday'])
    expect(statSync(join(d, UI_STATE_FILE)).mode & 0o777).toBe(0o600)
    // Deleting every view is remembered: the defaults are not offered again.
    s.update({ views: [] })
    expect(new UiStateStore(d).get().views).toEqual([])
  })

  it('keeps the last route, search, views and theme across restarts', () => {
    const d = dir()
    new UiStateStore(d).update({
      lastRoute: '/plans/1234',
      search: { text: 'ışık', statuses: ['waiting', 'approved'], createdPreset: 'last7', sort: 'pk' },
      views: [{ id: 'v1', name: 'Waiting refunds, my store', search: { statuses: ['waiting'], planType: 'refund', storeRemoteId: 'IST-01' } }],
      theme: 'dark',
    })
    const again = new UiStateStore(d).get()
    expect(again).toEqual<UiState>({
      lastRoute: '/plans/1234',
      search: { text: 'ışık', statuses: ['waiting', 'approved'], createdPreset: 'last7', sort: 'pk' },
      views: [{ id: 'v1', name: 'Waiting refunds, my store', search: { statuses: ['waiting'], planType: 'refund', storeRemoteId: 'IST-01' } }],
      theme: 'dark',
    })
    // A patch replaces only the fields it names.
    expect(new UiStateStore(d).update({ theme: 'light' }).lastRoute).toBe('/plans/1234')
  })

  it('refuses what is not a workspace: foreign routes, duplicate ids, nameless views, unknown filters', () => {
    const s = new UiStateStore(dir())
    expect(() => s.update({ lastRoute: 'https://evil.example/' })).toThrow(/route/)
    const view = { id: 'a', name: 'A', search: {} }
    expect(() => s.update({ views: [view, view] })).toThrow(/share the id/)
    expect(() => s.update({ views: [{ id: 'b', name: '', search: {} }] })).toThrow(/needs a name/)
    expect(() => s.update({ search: { offset: 10 } as never })).toThrow()
    expect(s.get()).toEqual(DEFAULT_UI_STATE)
  })

  it('keeps a damaged file aside, says so and starts from the defaults', () => {
    const d = dir()
    writeFileSync(join(d, UI_STATE_FILE), '{"version":1,"theme":"purple"')
    const s = new UiStateStore(d)
    expect(s.notices[0]).toMatch(/could not be read/)
    expect(s.get()).toEqual(DEFAULT_UI_STATE)
    const kept = readdirSync(d).find((f) => f.startsWith(`${UI_STATE_FILE}.broken-`))
    expect(readFileSync(join(d, kept!), 'utf8')).toBe('{"version":1,"theme":"purple"')
    expect(existsSync(join(d, UI_STATE_FILE))).toBe(true)
  })
})

describe('ui:get / ui:set through dispatch', () => {
  it('validates the patch with the contract and answers the stored state', async () => {
    const ui = new UiStateStore(dir())
    const handlers = uiHandlers({ ui } as unknown as AppRuntime) as unknown as Handlers
    const got = await dispatch(handlers, 'ui:get', undefined)
    expect(got).toEqual({ ok: true, value: DEFAULT_UI_STATE })
    const set = await dispatch(handlers, 'ui:set', { theme: 'dark', lastRoute: '/changes' })
    expect(set.ok && (set.value as UiState).theme).toBe('dark')
    const bad = await dispatch(handlers, 'ui:set', { theme: 'neon' })
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.error.code).toBe('validation')
    expect(ui.get().theme).toBe('dark')
  })
})
