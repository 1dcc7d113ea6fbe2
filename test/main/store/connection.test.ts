import { describe, expect, it } from 'vitest'
import type { ReadableDB } from '../../../main/store/connection'
import { PlanQueries } from '../../../main/store/search'
import { memoryStore } from './helpers'

describe('the read side of the cache cannot write', () => {
  it('refuses at compile time: a read path has no run(), exec() or pragma()', () => {
    const store = memoryStore([{ pk: 1, status: 'waiting' }])
    const read: ReadableDB = store.db
    const st = read.prepare<[number], { status: string }>('SELECT status FROM plans WHERE pk = ?')
    expect(st.get(1)?.status).toBe('waiting')
    // @ts-expect-error a read statement has no run()
    expect(typeof st.run).toBe('function')
    // @ts-expect-error a read connection has no exec()
    expect(typeof read.exec).toBe('function')
    // @ts-expect-error nor pragma()
    expect(typeof read.pragma).toBe('function')
    store.close()
  })

  it('and at run time: a statement that changes rows cannot be read from, so it never runs', () => {
    const store = memoryStore([{ pk: 1, status: 'waiting' }, { pk: 2, status: 'approved' }])
    const read: ReadableDB = store.db
    expect(() => read.prepare('DELETE FROM plans').all()).toThrow(/does not return data/)
    expect(() => read.prepare("UPDATE plans SET status = 'rejected'").get()).toThrow(/does not return data/)
    expect(new PlanQueries(read).search({ limit: 10 }).total).toBe(2)
    store.close()
  })
})
