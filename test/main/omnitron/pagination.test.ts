import { describe, expect, it } from 'vitest'
import { OmnitronError } from '../../../main/omnitron/errors'
import { type FetchedPage, walkPages } from '../../../main/omnitron/pagination'
import { readListPage } from '../../../main/omnitron/parse'
import { makePlan } from '../store/fixtures'

const BASE = 'http://127.0.0.1:5000'

function page(pks: number[], count: unknown, next: string | null): FetchedPage {
  return { ...readListPage({ count, next, previous: null, results: pks.map((pk) => makePlan({ pk })) }), serverDate: null }
}

async function walk(fetchPage: (p: number) => Promise<FetchedPage>, limit = 2, startPage = 1, notes: string[] = []) {
  const warnings: string[] = []
  const pages: number[] = []
  const pks: number[] = []
  for await (const p of walkPages(fetchPage, { baseUrl: BASE, limit, startPage, warn: (w) => warnings.push(w), note: (n) => notes.push(n) })) {
    pages.push(p.page)
    pks.push(...p.plans.map((x) => x.pk))
  }
  return { warnings, pages, pks }
}

const nextOf = (p: number) => `${BASE}/api/v1/cancellation_plans/?page=${p + 1}`

describe('walkPages', () => {
  it('walks page numbers bounded by count and limit', async () => {
    const r = await walk(async (p) => page([p * 2 - 1, p * 2].filter((x) => x <= 5), 5, p < 3 ? nextOf(p) : null))
    expect(r).toEqual({ warnings: [], pages: [1, 2, 3], pks: [1, 2, 3, 4, 5] })
  })

  it('starts at a given page', async () => {
    const r = await walk(async (p) => page([p * 2 - 1, p * 2], 6, p < 3 ? nextOf(p) : null), 2, 2)
    expect(r.pages).toEqual([2, 3])
  })

  it('stops at the count even if next keeps coming', async () => {
    let calls = 0
    const r = await walk(async (p) => (calls++, page([p * 2 - 1, p * 2], 4, nextOf(p))))
    expect(r.pages).toEqual([1, 2])
    expect(calls).toBe(2)
  })

  it('never follows next to another origin: pages are asked of the base URL by number', async () => {
    const notes: string[] = []
    const asked: number[] = []
    const r = await walk(
      async (p) => (asked.push(p), page([p * 2 - 1, p * 2], 6, p < 3 ? 'https://evil.example/api/v1/cancellation_plans/?page=2' : null)),
      2,
      1,
      notes,
    )
    expect(r).toEqual({ warnings: [], pages: [1, 2, 3], pks: [1, 2, 3, 4, 5, 6] })
    expect(asked).toEqual([1, 2, 3])
    expect(notes).toEqual([expect.stringMatching(/another origin \(https:\/\/evil.example\); it was not followed/)])
  })

  it('ends on a repeated page (server ignores the page number)', async () => {
    const r = await walk(async () => page([1, 2], 10, nextOf(1)))
    expect(r.pages).toEqual([1])
    expect(r.warnings[0]).toMatch(/repeated/)
  })

  it('ends on an empty page the count says should not be empty', async () => {
    const r = await walk(async (p) => (p === 1 ? page([1, 2], 6, nextOf(1)) : page([], 6, nextOf(p))))
    expect(r.pages).toEqual([1])
    expect(r.warnings[0]).toMatch(/came back empty/)
  })

  it('ends on a negative or absurd count after applying the first page', async () => {
    const neg = await walk(async (p) => page([p], -1, nextOf(p)))
    expect(neg.pages).toEqual([1])
    expect(neg.warnings[0]).toMatch(/unusable count \(-1\)/)
    const huge = await walk(async (p) => page([p], 1e12, nextOf(p)))
    expect(huge.pages).toEqual([1])
    expect(huge.warnings[0]).toMatch(/not believable/)
  })

  it('treats a 404 past the end as the end of the list', async () => {
    const r = await walk(async (p) => {
      if (p === 3) throw new OmnitronError('not_found', 'Invalid page.', { status: 404 })
      return page([p * 2 - 1, p * 2], 6, nextOf(p))
    })
    expect(r.pages).toEqual([1, 2])
    expect(r.warnings[0]).toMatch(/past the end/)
  })

  it('stops when next is null although the count promises more', async () => {
    const r = await walk(async (p) => page([p * 2 - 1, p * 2], 10, null))
    expect(r.pages).toEqual([1])
    expect(r.warnings[0]).toMatch(/no next link/)
  })

  it('follows next (same origin) when no count is sent', async () => {
    const r = await walk(async (p) => page([p * 2 - 1, p * 2], undefined, p < 4 ? nextOf(p) : null))
    expect(r).toEqual({ warnings: [], pages: [1, 2, 3, 4], pks: [1, 2, 3, 4, 5, 6, 7, 8] })
  })

  it('uses the page size the server actually applies when it caps limit', async () => {
    // asked for 4 per page, the server sends 2: 10 plans are 5 pages, not 3
    const r = await walk(async (p) => page([p * 2 - 1, p * 2], 10, p < 5 ? nextOf(p) : null), 4)
    expect(r).toEqual({ warnings: [], pages: [1, 2, 3, 4, 5], pks: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] })
  })

  it('stops a resumed walk when the server page size differs from the limit', async () => {
    const r = await walk(async (p) => page([p * 2 - 1, p * 2], 10, nextOf(p)), 4, 2)
    expect(r.pages).toEqual([])
    expect(r.warnings[0]).toMatch(/2 plans per page instead of 4/)
  })

  it('rethrows other errors', async () => {
    await expect(walk(async () => Promise.reject(new OmnitronError('server', 'boom', { status: 500 })))).rejects.toMatchObject({ kind: 'server' })
  })
})

describe('walkPages fetching ahead', () => {
  /** A server whose pages answer only when the test says so; records what was asked when. */
  function slowServer(total: number, fail: number[] = []) {
    const asked: number[] = []
    const waiting = new Map<number, () => void>()
    const fetchPage = (p: number): Promise<FetchedPage> => {
      asked.push(p)
      return new Promise((ok, bad) => {
        waiting.set(p, () =>
          fail.includes(p) ? bad(new OmnitronError('server', `page ${p} failed`)) : ok(page([p * 2 - 1, p * 2], total * 2, p < total ? nextOf(p) : null)),
        )
      })
    }
    const answer = (p: number): void => {
      waiting.get(p)?.()
      waiting.delete(p)
    }
    return { asked, fetchPage, answer }
  }
  const tick = () => new Promise((r) => setImmediate(r))

  it('asks for the next two pages while the caller holds this one, in order, never past the count', async () => {
    const server = slowServer(4)
    const it = walkPages(server.fetchPage, { baseUrl: BASE, limit: 2, warn: () => undefined })
    const first = it.next()
    server.answer(1)
    expect((await first).value?.page).toBe(1)
    // The caller is writing page 1: pages 2 and 3 are already on their way, 4 not yet.
    expect(server.asked).toEqual([1, 2, 3])
    server.answer(3)
    server.answer(2)
    expect((await it.next()).value?.page).toBe(2)
    expect(server.asked).toEqual([1, 2, 3, 4])
    expect((await it.next()).value?.page).toBe(3)
    server.answer(4)
    expect((await it.next()).value?.page).toBe(4)
    expect((await it.next()).done).toBe(true)
    // Four pages counted: nothing asked beyond them.
    expect(server.asked).toEqual([1, 2, 3, 4])
  })

  it('keeps two requests in flight, holds up to `hold` pages ahead, and says whether the next page has arrived', async () => {
    const server = slowServer(6)
    const it = walkPages(server.fetchPage, { baseUrl: BASE, limit: 2, warn: () => undefined, hold: 3 })
    const first = it.next()
    server.answer(1)
    const one = (await first).value!
    expect(server.asked).toEqual([1, 2, 3])
    expect(one.nextArrived()).toBe(false)
    server.answer(2)
    await tick()
    expect(one.nextArrived()).toBe(true)
    // Page 2 answered while page 1 is in use: another request goes out, up to three pages ahead.
    expect(server.asked).toEqual([1, 2, 3, 4])
    server.answer(3)
    await tick()
    expect(server.asked).toEqual([1, 2, 3, 4])
    const two = (await it.next()).value!
    expect(two.page).toBe(2)
    expect(two.nextArrived()).toBe(true)
    await tick()
    expect(server.asked).toEqual([1, 2, 3, 4, 5])
    for (const p of [4, 5, 6]) server.answer(p)
    const rest: number[] = []
    for (let r = await it.next(); !r.done; r = await it.next()) {
      rest.push(r.value.page)
      server.answer(6)
    }
    expect(rest).toEqual([3, 4, 5, 6])
    expect(server.asked).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('fetches one page at a time with prefetch 0', async () => {
    const server = slowServer(3)
    const it = walkPages(server.fetchPage, { baseUrl: BASE, limit: 2, warn: () => undefined, prefetch: 0 })
    const first = it.next()
    server.answer(1)
    await first
    await tick()
    expect(server.asked).toEqual([1])
  })

  it('a page fetched ahead that fails is reported when the walk reaches it, and one never reached is dropped quietly', async () => {
    const server = slowServer(5, [3])
    const seen: number[] = []
    const walking = (async () => {
      for await (const p of walkPages(server.fetchPage, { baseUrl: BASE, limit: 2, warn: () => undefined })) seen.push(p.page)
    })()
    server.answer(1)
    await tick()
    server.answer(3) // fails while page 1 is still in use: nothing happens yet
    await tick()
    server.answer(2)
    await expect(walking).rejects.toThrow('page 3 failed')
    expect(seen).toEqual([1, 2])
    // Page 4 was asked ahead and is simply never used.
    server.answer(4)
    await tick()
  })
})
