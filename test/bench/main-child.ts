/**
 * PlanDesk's main process as the benchmarks drive it (not a benchmark itself): a ServerSession
 * on a data folder, in a process of its own so its RSS is a figure (B7) and nothing of the
 * harness, the simulator or Playwright counts in it. Each command times its own work.
 */
import { statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { openSession, type ServerSession } from '../../main/app/session'
import { findDamagedRecords } from '../../main/store/search'
import type { SearchQuery } from '../../preload/contract'
import { rssMb, serveCommands } from './lib/child'
import { appIngest, bareIngest, fetchPages, type IngestMode, leanIngest } from './lib/ingest'
import { floorSql, sampleCache, type MixQuery } from './lib/queries'

let session: ServerSession | null = null
let cacheFile = ''
const s = (): ServerSession => {
  if (!session) throw new Error('no session open')
  return session
}

/** Times each call of `fn` over `items`, `runs` times after `warmups` untimed passes; milliseconds per run per item. */
function timeEach<T>(items: readonly T[], runs: number, warmups: number, fn: (item: T) => void): number[][] {
  for (let w = 0; w < warmups; w++) for (const it of items) fn(it)
  const out: number[][] = []
  for (let r = 0; r < runs; r++) {
    const times: number[] = []
    for (const it of items) {
      const t = performance.now()
      fn(it)
      times.push(performance.now() - t)
    }
    out.push(times)
  }
  return out
}

serveCommands(
  {
    open(args: { dataDir: string; url: string; username: string; token: string }) {
      session = openSession({
        dataDir: args.dataDir,
        target: { demo: false, serverUrl: args.url },
        credentials: { username: args.username, token: args.token, verified: 'password' },
        purpose: 'benchmark',
      })
      cacheFile = session.store.file
      return { cacheFile, rssMb: rssMb() }
    },
    async syncFull() {
      const t = performance.now()
      const r = await s().sync({ full: true }, { wait: true })
      const ms = performance.now() - t
      // maxRSS: the process's peak (each first sync runs in a fresh process), worker threads included.
      return { ms, added: r.added, complete: r.complete, rssMb: rssMb(), peakRssMb: process.resourceUsage().maxRSS / 1024 }
    },
    /** One search as plans:search runs it, timed by the caller from its request to this answer (it waits behind whatever holds the event loop). */
    searchOnce(args: { q: SearchQuery }) {
      const t = performance.now()
      const rows = s().store.searchPlans(args.q).rows.length
      return { rows, ms: performance.now() - t }
    },
    async syncIncremental() {
      const t = performance.now()
      const r = await s().sync({}, { wait: true })
      return { ms: performance.now() - t, added: r.added, updated: r.updated, unchanged: r.unchanged }
    },
    /** Bytes of the cache file once the WAL is folded back in, and per table (dbstat). */
    cacheSize() {
      const db = s().store.db
      db.pragma('wal_checkpoint(TRUNCATE)')
      const tables = db
        .prepare("SELECT CASE WHEN name LIKE 'plans_fts%' THEN 'plans_fts' ELSE name END AS t, sum(pgsize) AS bytes FROM dbstat GROUP BY t ORDER BY bytes DESC")
        .all() as Array<{ t: string; bytes: number }>
      return { bytes: statSync(cacheFile).size, plans: s().store.planCount(), tables: Object.fromEntries(tables.map((r) => [r.t, r.bytes])) }
    },
    sample() {
      return sampleCache(s().store.db)
    },
    /** B3: the mix through the query API and as hand-written SQL on a connection of its own to the same file. */
    searchMix(args: { queries: MixQuery[]; runs: number; warmups: number }) {
      const store = s().store
      const raw = new Database(cacheFile, { readonly: true })
      try {
        const stmts = new Map<string, Database.Statement>()
        const prep = (sql: string) => {
          let st = stmts.get(sql)
          if (!st) stmts.set(sql, (st = raw.prepare(sql)))
          return st
        }
        // The cache's currencies, most plans first: the order a refund sort lists them in.
        const currencies = raw.prepare('SELECT currency FROM plans WHERE currency IS NOT NULL GROUP BY currency ORDER BY count(*) DESC, currency').pluck().all() as string[]
        const floors = args.queries.map((m) => floorSql(m.q, currencies))
        // The two must answer alike, or the comparison means nothing.
        args.queries.forEach((m, i) => {
          const api = store.searchPlans(m.q)
          const f = floors[i]
          const total = prep(f.count).pluck().get(...f.params) as number
          const pks = (prep(f.rows).all(...f.params) as Array<{ pk: number }>).map((r) => r.pk)
          if (api.total !== total || api.rows.map((r) => r.pk).join() !== pks.join()) {
            throw new Error(`query ${i} ${JSON.stringify(m.q)}: the API answered ${api.total} / [${api.rows.slice(0, 5).map((r) => r.pk)}…], the SQL ${total} / [${pks.slice(0, 5)}…]`)
          }
        })
        const api = timeEach(args.queries, args.runs, args.warmups, (m) => store.searchPlans(m.q))
        const floor = timeEach(floors, args.runs, args.warmups, (f) => {
          prep(f.count).pluck().get(...f.params)
          prep(f.rows).all(...f.params)
        })
        return { api, floor, rssMb: rssMb() }
      } finally {
        raw.close()
      }
    },
    /** B3, deep scrolling: pages of `pageSize` rows walked to `depth`, by offset and by the keyset cursor when the API has one. */
    scroll(args: { depth: number; pageSize: number; sort: string }) {
      const store = s().store
      const q = { sort: args.sort as never, limit: args.pageSize }
      const t0 = performance.now()
      for (let offset = 0; offset < args.depth; offset += args.pageSize) store.searchPlans({ ...q, offset })
      const byOffset = performance.now() - t0
      const t1 = performance.now()
      let cursor: string | undefined
      for (let seen = 0; seen < args.depth; ) {
        const r = store.searchPlans({ ...q, cursor })
        seen += r.rows.length
        cursor = r.nextCursor
        if (cursor === undefined) break
      }
      return { byOffset, byCursor: performance.now() - t1, pages: Math.ceil(args.depth / args.pageSize) }
    },
    /** The plan numbers a query answers (for choosing inputs that change what the list shows). */
    searchPks(args: { q: SearchQuery }) {
      return s().store.searchPlans(args.q).rows.map((r) => r.pk)
    },
    openPlans(args: { pks: number[]; runs: number; warmups: number }) {
      const store = s().store
      return timeEach(args.pks, args.runs, args.warmups, (pk) => {
        if (!store.getPlan(pk)) throw new Error(`plan ${pk} is not cached`)
      })
    },
    /** The record check the app runs at open (search.ts findDamagedRecords), timed. */
    recordCheck() {
      const t = performance.now()
      const damaged = findDamagedRecords(s().store.db)
      return { ms: performance.now() - t, damaged: damaged.length }
    },
    rss() {
      return rssMb()
    },
    gc() {
      ;(globalThis as { gc?: () => void }).gc?.()
      return rssMb()
    },
    async close() {
      await session?.close()
      session = null
      return true
    },
    fetchPages: (args: { url: string; token: string; pageSize: number; dir: string | null }) => fetchPages(args),
    ingest(args: { mode: IngestMode; dir: string; file: string }) {
      return { app: appIngest, bare: bareIngest, lean: leanIngest }[args.mode](args.dir, args.file)
    },
  },
  async () => {
    await session?.close()
  },
)
