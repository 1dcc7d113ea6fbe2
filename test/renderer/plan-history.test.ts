import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick, reactive } from 'vue'
import { createPinia, setActivePinia } from 'pinia'

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }

/** A bridge double whose answers the test releases one by one, in any order. */
function slowBridge() {
  const pending: Array<{ channel: string; pk: number; answer: (r: Reply) => void }> = []
  return {
    pending,
    bridge: {
      host: 'web',
      on: () => () => {},
      invoke: vi.fn(
        (channel: string, arg: { pk: number }) => new Promise<Reply>((answer) => pending.push({ channel, pk: arg.pk, answer })),
      ),
    },
    /** Answers every call asked for this plan: its timeline and related plans, named after it. */
    release(pk: number, fail = false) {
      for (const p of pending.filter((q) => q.pk === pk)) {
        pending.splice(pending.indexOf(p), 1)
        p.answer(fail ? { ok: false, error: { code: 'not_found', message: `Plan ${pk} is not in the local cache.` } } : { ok: true, value: [{ channel: p.channel, pk }] })
      }
    },
  }
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await nextTick()
}

async function load() {
  vi.resetModules()
  const fake = slowBridge()
  vi.stubGlobal('window', { plandesk: fake.bridge })
  const { usePlanHistory } = await import('../../renderer/src/lib/use-plan-history')
  const state = reactive({ pk: null as number | null, open: false, changed: 0 })
  const history = usePlanHistory(() => ({ pk: state.pk, open: state.open, changed: state.changed }))
  return { fake, state, history }
}

afterEach(() => vi.unstubAllGlobals())

describe('usePlanHistory', () => {
  it('loads the open plan’s timeline and related plans, and again when something changed', async () => {
    const { fake, state, history } = await load()
    expect(fake.bridge.invoke).not.toHaveBeenCalled()
    Object.assign(state, { pk: 7, open: true })
    await flush()
    expect(fake.pending.map((p) => p.channel).sort()).toEqual(['plans:related', 'plans:timeline'])
    fake.release(7)
    await flush()
    expect(history.timeline.value).toEqual([{ channel: 'plans:timeline', pk: 7 }])
    expect(history.related.value).toEqual([{ channel: 'plans:related', pk: 7 }])
    state.changed++
    await flush()
    expect(fake.pending).toHaveLength(2)
  })

  it('never shows another plan’s answer, nor an older answer over a newer one', async () => {
    const { fake, state, history } = await load()
    Object.assign(state, { pk: 7, open: true })
    await flush()
    state.pk = 8
    await flush()
    // Plan 7's slow answer arrives after plan 8 was opened: dropped.
    fake.release(7)
    await flush()
    expect(history.timeline.value).toEqual([])
    fake.release(8)
    await flush()
    expect(history.timeline.value).toEqual([{ channel: 'plans:timeline', pk: 8 }])
    // Two reloads of plan 8: the first one's answer, arriving last, does not win.
    state.changed++
    await flush()
    const first = fake.pending.splice(0)
    state.changed++
    await flush()
    fake.release(8, true)
    await flush()
    expect(history.error.value).toBe('Plan 8 is not in the local cache.')
    for (const p of first) p.answer({ ok: true, value: [{ stale: true }] })
    await flush()
    expect(history.timeline.value).toEqual([{ channel: 'plans:timeline', pk: 8 }])
    expect(history.error.value).toBe('Plan 8 is not in the local cache.')
  })

  it('asks nothing while the detail is closed', async () => {
    const { fake, state } = await load()
    Object.assign(state, { pk: 7, open: false })
    state.changed++
    await flush()
    expect(fake.bridge.invoke).not.toHaveBeenCalled()
  })
})

describe('one person, one name', () => {
  it('names a username as the plans name that person, and keeps the username until it knows better', async () => {
    setActivePinia(createPinia())
    const { usePeopleStore } = await import('../../renderer/src/stores/people')
    const people = usePeopleStore()
    expect(people.displayName('demo')).toBe('demo')
    people.learn({ created_by: { username: 'kerem.aydemir', first_name: 'Kerem', last_name: 'Aydemir' }, last_updated_by: { username: 'demo', first_name: 'Deniz', last_name: 'Aksoy' } })
    expect(people.displayName('demo')).toBe('Deniz Aksoy')
    expect(people.displayName('kerem.aydemir')).toBe('Kerem Aydemir')
    // A user object without a name teaches nothing; an unknown one stays as recorded.
    people.learn({ last_updated_by: { username: 'ayse' } })
    expect(people.displayName('ayse')).toBe('ayse')
    const { translateKnown } = await import('../../renderer/src/lib/messages')
    const ctx = { t: (key: string, named?: Record<string, unknown>) => `${key} ${JSON.stringify(named ?? {})}`, locale: 'en', statusLabel: (k: string) => k, person: people.displayName }
    expect(translateKnown('Discarded by demo.', ctx)).toBe('messages.discardedBy {"who":"Deniz Aksoy"}')
  })
})
