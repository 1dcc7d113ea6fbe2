/**
 * Hostile server data. A raw node:http server (not the simulator) answers a real
 * sync — openSession, the path the app and the CLI take — with one kind of garbage at a time.
 * For every case: the sync ends with a report a store employee can read (an error naming what
 * was wrong and which request, or a finished sync with the bad plans skipped by pk and reason),
 * nothing crashes or hangs, no request leaves for another origin, the cache passes
 * `PRAGMA integrity_check`, nothing cached before is lost, and the next sync against a good
 * server succeeds and leaves the cache equal to it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type MockInstance, afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { SyncResult } from '../../../preload/contract'
import { openSession, type ServerSession } from '../../../main/app/session'
import { CHANNEL_TYPES } from '../../../main/domain'
import { OmnitronError } from '../../../main/omnitron'
import type { PlanStore } from '../../../main/store'
import { cli, tempDataDir } from '../cli/harness'
import { type FakeServer, json, listHandler, startFakeServer } from '../omnitron/fake-server'
import { makePlan } from '../store/fixtures'
import { cachedPlans } from './sim-helpers'

const TOKEN = 'hostile-test-token-9f8e7d'
const LIST = '/api/v1/cancellation_plans/'
const PAGE_2 = `GET ${LIST}?page=2`
/** 30 plans, 10 a page: the hostile answer is page 2, after page 1 committed. */
const GOOD = Array.from({ length: 30 }, (_, i) => makePlan({ pk: i + 1 }))
const good = (pk: number) => structuredClone(GOOD[pk - 1])
const pagePlans = (page: number) => GOOD.slice((page - 1) * 10, page * 10).map((p) => structuredClone(p))

/** How the hostile server answers a page of the walk; false lets the good server answer it. */
type Serve = (page: number, res: ServerResponse, req: IncomingMessage) => boolean

let serve: Serve | null = null
/** How the hostile server answers a reconciliation's pk__in query; false lets the good server answer. */
let serveByPk: ((res: ServerResponse, pks: number[]) => boolean) | null = null
let server: FakeServer
let elsewhere: FakeServer
let fetchSpy: MockInstance<typeof fetch>

const goodList = listHandler(() => GOOD)

beforeAll(async () => {
  // Every request the client makes goes through the global fetch: one leaving for another origin shows here.
  fetchSpy = vi.spyOn(globalThis, 'fetch')
  elsewhere = await startFakeServer((_req, res) => json(res, 200, { count: 0, next: null, previous: null, results: [] }))
  server = await startFakeServer((req, res, url, body) => {
    const page = Number(url.searchParams.get('page') ?? '1')
    const walk = url.pathname === LIST && !url.searchParams.has('pk__in') && !url.searchParams.has('channel_id__in')
    if (walk && serve?.(page, res, req)) return
    const pkIn = url.searchParams.get('pk__in')
    if (pkIn !== null && serveByPk?.(res, pkIn.split(',').map(Number))) return
    if (url.searchParams.has('channel_type')) {
      // Channel learning: every plan's channel is of the first type (a server that filters properly).
      const all = url.searchParams.get('channel_type') === CHANNEL_TYPES[0]
      return json(res, 200, { count: all ? GOOD.length : 0, next: null, previous: null, results: all ? [good(1)] : [] })
    }
    return goodList(req, res, url, body)
  })
})
afterAll(async () => {
  fetchSpy.mockRestore()
  await server?.close()
  await elsewhere?.close()
})

const sessions: ServerSession[] = []
afterEach(async () => {
  serve = null
  serveByPk = null
  for (const s of sessions.splice(0)) await s.close()
})

function open(timeoutMs: number): ServerSession {
  const s = openSession({
    dataDir: mkdtempSync(join(tmpdir(), 'pd-hostile-')),
    target: { demo: false, serverUrl: server.url },
    credentials: { username: 'clerk', token: TOKEN },
    purpose: 'the hostile-server test',
    pageSize: 10,
    timeoutMs,
    // One retry, at once: enough to see a bad answer is tried again, short enough for a test.
    pullRetry: { attempts: 2, policy: { baseMs: 1, capMs: 2, random: () => 0 } },
  })
  sessions.push(s)
  return s
}

// --- answers ------------------------------------------------------------------------------------

function listBody(page: number, results: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const next = page < 3 ? `${server.url}${LIST}?page=${page + 1}&limit=10` : null
  return { count: GOOD.length, next, previous: null, results, ...extra }
}

function send(res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(text)), ...headers })
  res.end(text)
  return true
}

/** Page 2 answered with this JSON text (application/json), the other pages by the good server. */
const page2Text = (text: () => string): Serve => (page, res) => page === 2 && send(res, 200, 'application/json', text())
/** Page 2 with these plans in place of the good ones. */
const page2Plans = (results: () => unknown[]): Serve => page2Text(() => JSON.stringify(listBody(2, results())))

// --- checks -------------------------------------------------------------------------------------

type Outcome = { result: SyncResult; error?: undefined } | { error: unknown; result?: undefined }

/** The sync failed with a message that says what was wrong and which request, and that progress is kept. */
function failedWith(o: Outcome, what: RegExp, request = PAGE_2): OmnitronError {
  expect(o.error, o.result && JSON.stringify(o.result)).toBeInstanceOf(OmnitronError)
  const e = o.error as OmnitronError
  expect(e.message).toMatch(what)
  expect(e.message).toContain(request)
  expect(e.message).toMatch(/What was synced so far is kept/)
  expect(e.message).not.toContain(TOKEN)
  expect(e.message.length).toBeLessThan(700)
  return e
}

/** The sync finished, reported as incomplete, with these plans skipped and these warnings. */
function finishedWith(o: Outcome, skipped: Array<[number | null, RegExp]>, warnings: RegExp[] = []): SyncResult {
  expect(o.error).toBeUndefined()
  const r = o.result!
  expect(r.complete).toBe(false)
  expect(r.skipped).toEqual(skipped.map(([pk, reason]) => ({ pk, reason: expect.stringMatching(reason) })))
  for (const w of warnings) expect(r.warnings.join('\n')).toMatch(w)
  return r
}

/** SQLite's whole-file check, and every cached plan reads back as the server's JSON (the store's own record format). */
function integrity(store: PlanStore): { check: unknown; unreadable: number[] } {
  const unreadable = store.allPks().filter((pk) => typeof store.getPlan(pk)?.server?.pk !== 'number')
  return { check: store.db.pragma('integrity_check', { simple: true }), unreadable }
}

function listRequests(page?: number) {
  return server.requests.filter(
    (r) => r.url.pathname === LIST && !r.url.searchParams.has('pk__in') && !r.url.searchParams.has('channel_id__in') && (page === undefined || r.url.searchParams.get('page') === String(page)),
  )
}

interface Case {
  name: string
  serve: Serve
  check: (o: Outcome, store: PlanStore) => void
  /** Plans the hostile answer legitimately changed (accepted as sent); every other cached plan must stay as it was. */
  changed?: number[]
  timeoutMs?: number
}

async function runCase(c: Case): Promise<void> {
  const session = open(c.timeoutMs ?? 5_000)
  const store = session.store
  const first = await session.sync({}, { wait: false })
  expect(first).toMatchObject({ complete: true, added: 30 })
  const before = cachedPlans(store)
  const origin = new URL(server.url).origin
  const fetchesBefore = fetchSpy.mock.calls.length
  server.requests.length = 0

  serve = c.serve
  const started = Date.now()
  const outcome: Outcome = await session.sync({ full: true }, { wait: false }).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  )
  serve = null
  expect(Date.now() - started).toBeLessThan(15_000)
  c.check(outcome, store)

  // No request left for another origin.
  const urls = fetchSpy.mock.calls.slice(fetchesBefore).map((call) => String(call[0]))
  expect(urls.length).toBeGreaterThan(0)
  expect(urls.filter((u) => new URL(u).origin !== origin)).toEqual([])
  expect(elsewhere.requests).toEqual([])
  // The cache is sound and kept everything it had.
  expect(integrity(store)).toEqual({ check: 'ok', unreadable: [] })
  const after = cachedPlans(store)
  for (const [pk, plan] of before) {
    expect(after.has(pk), `plan ${pk} was lost`).toBe(true)
    if (!c.changed?.includes(pk)) expect(after.get(pk), `plan ${pk} changed`).toEqual(plan)
  }

  // The next sync against a good server succeeds and leaves the cache equal to the server.
  const next = await session.sync({ full: true }, { wait: false })
  expect(next, JSON.stringify(next.warnings)).toMatchObject({ complete: true, skipped: [] })
  expect(cachedPlans(store)).toEqual(new Map(GOOD.map((p) => [p.pk as number, p])))
  expect(integrity(store)).toEqual({ check: 'ok', unreadable: [] })
}

// --- the cases ----------------------------------------------------------------------------------

const CASES: Case[] = [
  {
    name: 'malformed JSON',
    serve: page2Text(() => JSON.stringify(listBody(2, pagePlans(2))).slice(0, 300)),
    check: (o) => {
      failedWith(o, /^Page 2 of the plan list \(GET \/api\/v1\/cancellation_plans\/\?page=2\): the server answered with something that is not JSON \(tried 2 times\)\. What/)
      expect(listRequests(2)).toHaveLength(2) // tried again once, then stopped
    },
  },
  {
    name: 'a wrong Content-Type (JSON sent as text/plain)',
    serve: (page, res) => page === 2 && send(res, 200, 'text/plain; charset=utf-8', JSON.stringify(listBody(2, pagePlans(2)))),
    check: (o) => void failedWith(o, /the server answered with text\/plain; charset=utf-8 instead of JSON/),
  },
  {
    name: 'an HTML page where JSON belongs (a network sign-in page, 200)',
    serve: (page, res) => page === 2 && send(res, 200, 'text/html', '<html><body><form>Sign in to the guest Wi-Fi</form></body></html>'),
    check: (o) => void failedWith(o, /the server answered with an HTML page instead of JSON \(a proxy, a gateway or a network sign-in page/),
  },
  {
    name: 'an HTML error page from a proxy (502)',
    serve: (page, res) =>
      page === 2 &&
      send(res, 502, 'text/html', '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'),
    check: (o) => {
      const e = failedWith(o, /^The server failed \(HTTP 502\) answering GET \/api\/v1\/cancellation_plans\/\?page=2: Bad Gateway \(an HTML error page: a proxy or gateway/)
      expect(e).toMatchObject({ kind: 'server', status: 502 })
      expect(e.message).not.toMatch(/<html|nginx/)
    },
  },
  {
    name: 'a 503 whose message is 1 MB long',
    serve: (page, res) => page === 2 && send(res, 503, 'application/json', JSON.stringify({ detail: `Maintenance ${'z'.repeat(1_000_000)}` })),
    check: (o) => void failedWith(o, /^The server failed \(HTTP 503\) answering GET \/api\/v1\/cancellation_plans\/\?page=2: Maintenance z+… \(tried 2 times\)/),
  },
  {
    name: 'plan fields of the wrong type',
    serve: page2Plans(() => {
      const plans = pagePlans(2)
      plans[0].status = 42
      plans[1].pk = '12'
      plans[2].modified_date = 12345
      plans[3].order = 'ORD-14'
      plans[4].cancellationplanorderitem_set = { 0: {} }
      plans[5].plan_type = ['refund']
      return plans
    }),
    check: (o) =>
      void finishedWith(
        o,
        [
          [11, /^status is missing or not a string \(42\)$/],
          [null, /^pk is not a positive integer \("12"\)$/],
          [13, /^modified_date is not a date \(12345\)$/],
          [14, /^order is not an object$/],
          [15, /^cancellationplanorderitem_set is not a list$/],
          [16, /^plan_type is not a string \(\["refund"\]\)$/],
        ],
        [/1 plan\(s\) arrived without a usable pk, so PlanDesk cannot tell which cached plans the server no longer lists; nothing was removed/],
      ),
  },
  {
    name: 'page fields of the wrong type (results is not a list)',
    serve: page2Text(() => JSON.stringify({ count: '30', next: 7, previous: [], results: { 11: good(11) } })),
    check: (o) => void failedWith(o, /\(GET \/api\/v1\/cancellation_plans\/\?page=2\): the server sent a plan list without a results array/),
  },
  {
    name: 'a plan without pk',
    serve: page2Plans(() => {
      const plans = pagePlans(2)
      delete plans[2].pk
      return plans
    }),
    check: (o) => void finishedWith(o, [[null, /^pk is not a positive integer \(missing\)$/]], [/nothing was removed/]),
  },
  {
    name: 'duplicate pks in a page',
    serve: page2Plans(() => {
      const plans = pagePlans(2)
      plans[2] = { ...plans[1], status: 'approved' } // 12 twice, 13 pushed out
      return plans
    }),
    check: (o, store) => {
      finishedWith(o, [[12, /^sent more than once on the same page; the first copy was kept$/]], [/The server sent plan 12 twice on one page .*nothing was removed and the next sync reads it again/])
      expect(store.getPlan(12)?.summary.status).toBe('waiting')
      expect(store.syncState().cursor).not.toBeNull() // the first sync's cursor stays
    },
  },
  {
    name: 'absurd numbers (1e308, 1e999, negative amounts, NaN-like strings)',
    changed: [12, 13, 14, 17],
    serve: page2Text(() => {
      const plans = pagePlans(2)
      plans[0].pk = 1e308
      plans[1].refund_amount = 1e308
      plans[2].refund_amount = -250
      plans[3].refund_amount = 'NaN'
      ;(plans[4].order as Record<string, unknown>).channel = 'Infinity'
      plans[6].refund_amount = '__HUGE__'
      return JSON.stringify(listBody(2, plans)).replace('"__HUGE__"', '1e999')
    }),
    check: (o, store) => {
      finishedWith(o, [[null, /^pk is not a positive integer \(1e\+308\)$/], [15, /^order\.channel is not an integer \("Infinity"\)$/]], [/nothing was removed/])
      // Amounts are the server's to state: shown as sent; what is not a finite number shows as none.
      expect(store.getPlan(12)?.summary.refundAmount).toBe(1e308)
      expect(store.getPlan(13)?.summary.refundAmount).toBe(-250)
      expect(store.getPlan(14)?.summary.refundAmount).toBeNull()
      expect(store.getPlan(17)?.summary.refundAmount).toBeNull()
      expect(store.getPlan(11)?.server).toEqual(good(11)) // its last good copy
    },
  },
  {
    name: 'dates in 1890 and 2999 (and no Date header, so plan dates would carry the cursor)',
    serve: (page, res) => {
      const plans = pagePlans(page)
      if (page === 2) {
        plans[0].modified_date = '2999-01-01T00:00:00Z'
        plans[1].created_date = '1890-05-01T09:00:00+02:00'
      }
      res.sendDate = false
      return send(res, 200, 'application/json', JSON.stringify(listBody(page, plans)))
    },
    check: (o, store) => {
      finishedWith(o, [
        [11, /^modified_date 2999-01-01 lies in the future \(the server's clock says \d{4}-\d\d-\d\d\)$/],
        [12, /^created_date 1890-05-01 is before 2000, not a believable date$/],
      ])
      // Without a Date header the cursor comes from plan dates: never from one in the future.
      expect(Date.parse(store.syncState().cursor!)).toBeLessThan(Date.now())
    },
  },
  {
    name: '1 MB strings',
    serve: page2Plans(() => {
      const plans = pagePlans(2)
      plans[0].note = 'n'.repeat(1_048_576)
      plans[1].status = 's'.repeat(1_048_576)
      return plans
    }),
    check: (o) =>
      void finishedWith(o, [
        [11, /^the plan is 1 MB as JSON, more than the 512 KB PlanDesk keeps of one plan$/],
        [12, /^the plan is 1 MB as JSON, more than the 512 KB PlanDesk keeps of one plan$/],
      ]),
  },
  {
    name: 'deep nesting (10,000 nested arrays)',
    serve: page2Text(() => {
      const plans: unknown[] = pagePlans(2)
      plans[0] = { ...(plans[0] as object), extra: '__DEEP__' }
      return JSON.stringify(listBody(2, plans)).replace('"__DEEP__"', `${'['.repeat(10_000)}${']'.repeat(10_000)}`)
    }),
    check: (o) => void failedWith(o, /: the answer nests lists or objects more than 64 levels deep, which no Omnitron answer does; it was not read \(tried 2 times\)/),
  },
  {
    name: 'a 20 MB page (announced by Content-Length)',
    serve: page2Text(() => JSON.stringify(listBody(2, bigPlans()))),
    check: (o) => void failedWith(o, /: the answer is larger than 16 MB \(it announced 19\.\d MB\), more than PlanDesk reads at once; it was not read further \(tried 2 times\)/),
  },
  {
    name: 'a 20 MB page (sent in chunks, size not announced)',
    serve: (page, res) => {
      if (page !== 2) return false
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const text = JSON.stringify(listBody(2, bigPlans()))
      res.on('error', () => {}) // the client hangs up part-way: expected
      for (let i = 0; i < text.length; i += 1 << 20) res.write(text.slice(i, i + (1 << 20)))
      res.end()
      return true
    },
    check: (o) => void failedWith(o, /: the answer is larger than 16 MB, more than PlanDesk reads at once; it was not read further \(tried 2 times\)/),
  },
  {
    name: 'a next link on another origin',
    serve: (page, res) => {
      const body = listBody(page, pagePlans(page))
      if (body.next !== null) body.next = `${elsewhere.url}${LIST}?page=${page + 1}&limit=10`
      return send(res, 200, 'application/json', JSON.stringify(body))
    },
    check: (o) => {
      expect(o.result).toMatchObject({ complete: true, skipped: [] })
      expect(o.result!.warnings).toEqual([expect.stringMatching(/^The server's next link points to another origin \(http:\/\/127\.0\.0\.1:\d+\); it was not followed/)])
    },
  },
  {
    name: 'a redirect to another origin',
    serve: (page, res) => page === 2 && send(res, 302, 'text/plain', '', { Location: `${elsewhere.url}${LIST}?page=2&limit=10` }),
    check: (o) => void failedWith(o, /^Page 2 of the plan list \(GET \/api\/v1\/cancellation_plans\/\?page=2\): the server answered with a redirect \(HTTP 302\), which PlanDesk does not follow \(tried 2 times\)/),
  },
  {
    name: 'a next link back to the same page (and no count)',
    serve: (page, res) => {
      const body = { next: `${server.url}${LIST}?page=${page}&limit=10`, previous: null, results: pagePlans(1) }
      return send(res, 200, 'application/json', JSON.stringify(body))
    },
    check: (o) => {
      finishedWith(o, [], [/Page 2 repeated plans already received; the server ignored the page number and the walk stopped/])
      expect(listRequests()).toHaveLength(2)
    },
  },
  {
    name: 'a negative count',
    serve: page2Text(() => JSON.stringify(listBody(2, pagePlans(2), { count: -30 }))),
    check: (o) => void finishedWith(o, [], [/unusable count \(-30\); the walk stopped at page 2/, /nothing was removed/]),
  },
  {
    name: 'a body cut in the middle (the connection closes)',
    serve: (page, res) => {
      if (page !== 2) return false
      const text = JSON.stringify(listBody(2, pagePlans(2)))
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) })
      res.write(text.slice(0, text.length >> 1))
      setTimeout(() => res.socket?.destroy(), 20)
      return true
    },
    check: (o) => void failedWith(o, /: cannot reach 127\.0\.0\.1:\d+: the connection was cut \(tried 2 times\)/),
  },
  {
    name: 'a body cut in the middle (the answer ends early)',
    serve: (page, res) => {
      if (page !== 2) return false
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(listBody(2, pagePlans(2))).slice(0, 500))
      return true
    },
    check: (o) => void failedWith(o, /: the server answered with something that is not JSON \(tried 2 times\)/),
  },
  {
    name: 'a response that never ends',
    // Long enough for the answered requests on a busy machine; the test waits it out twice.
    timeoutMs: 1500,
    serve: (page, res) => {
      if (page !== 2) return false
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"count": 30, "results": [')
      return true
    },
    check: (o) => void failedWith(o, /: the server stopped sending its answer \(not complete within 1\.5 s\) \(tried 2 times\)/),
  },
  {
    name: 'a response that never starts',
    timeoutMs: 1500,
    serve: (page) => page === 2,
    check: (o) => void failedWith(o, /: the server did not answer within 1\.5 s \(tried 2 times\)/),
  },
]

/** 50 plans of about 400 KB each (each under the per-plan limit): 20 MB in one page. */
let big: Array<Record<string, unknown>> | null = null
function bigPlans(): Array<Record<string, unknown>> {
  big ??= Array.from({ length: 50 }, (_, i) => ({ ...makePlan({ pk: 11 + i }), note: 'b'.repeat(400_000) }))
  return big
}

describe('a sync against a hostile server', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c)
  }, 30_000)
})

describe('a reconciliation against a hostile server', () => {
  it('removes nothing for a chunk answered with a plan without pk (it may be any of the plans asked for)', async () => {
    // (Reconciliation asks pk__in in chunks of the page size: plans 1–10, 11–20, 21–30.)
    const session = open(5_000)
    expect(await session.sync({}, { wait: false })).toMatchObject({ complete: true, added: 30 })
    serveByPk = (res, pks) => {
      const plans = GOOD.filter((p) => pks.includes(p.pk as number)).map((p) => structuredClone(p))
      for (const p of plans) if (p.pk === 5) delete p.pk
      json(res, 200, { count: plans.length, next: null, previous: null, results: plans })
      return true
    }
    const r = await session.sync({ reconcile: true }, { wait: false })
    expect(r).toMatchObject({ kind: 'reconcile', removed: 0, complete: false, skipped: [{ pk: null, reason: expect.stringMatching(/pk is not a positive integer \(missing\)/) }] })
    expect(r.warnings.join('\n')).toMatch(/Reconciliation: The server answered with a plan without a usable pk\. Nothing was removed for plans 1–10\./)
    expect(session.store.planCount()).toBe(30)
    expect(integrity(session.store)).toEqual({ check: 'ok', unreadable: [] })
    serveByPk = null
    expect(await session.sync({ reconcile: true }, { wait: false })).toMatchObject({ complete: true, removed: 0 })
  })
})

describe('plandesk sync against a hostile server', () => {
  it('says what failed and where, exits 1, and the next sync against a good server exits 0', async () => {
    const dataDir = tempDataDir()
    expect((await cli(['login', '--server', server.url, '--token', TOKEN], { dataDir })).code).toBe(0)
    expect((await cli(['sync', '--page-size', '10'], { dataDir })).code).toBe(0)
    serve = CASES.find((c) => c.name.startsWith('an HTML error page'))!.serve
    const bad = await cli(['sync', '--full', '--page-size', '10', '--retries', '1'], { dataDir })
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/^plandesk: The server failed \(HTTP 502\) answering GET \/api\/v1\/cancellation_plans\/\?page=2: Bad Gateway \(an HTML error page: [^()]*\) \(tried 1 time\)\. What was synced so far is kept: the next sync continues from there\.\n$/)
    serve = CASES.find((c) => c.name === 'plan fields of the wrong type')!.serve
    const skipped = await cli(['sync', '--full', '--page-size', '10'], { dataDir })
    expect(skipped.code).toBe(1)
    expect(skipped.err).toMatch(/^skipped plan 11: status is missing or not a string \(42\)$/m)
    expect(skipped.err).toMatch(/^skipped plan \(no pk\): pk is not a positive integer \("12"\)$/m)
    serve = null
    const again = await cli(['sync', '--full', '--page-size', '10', '--json'], { dataDir })
    expect(again.code).toBe(0)
    expect(JSON.parse(again.out)).toMatchObject({ complete: true, skipped: [] })
  })
})
