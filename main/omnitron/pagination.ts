/**
 * Page-number pagination over the list endpoint, bounded by `count` and `limit`.
 *
 * Page numbers are computed here (the page size is the one the server actually uses: some cap
 * `limit`); `next` is only a hint that more pages exist and is never followed, least of all to
 * another origin (a foreign `next` is noted and ignored). Anything odd (an empty or repeated
 * page, a negative or absurd count, a page past the end) ends the walk with a warning in words
 * instead of looping or crashing.
 *
 * Pages are fetched ahead (at most `prefetch` requests in flight, a new one as soon as one
 * answers, up to `hold` pages beyond the one being used, and never past the last page the count
 * promises), so the next pages travel while the caller writes this one; they are still handed
 * over one at a time, in order, each able to say whether the next one has arrived (a caller may
 * then write both in one transaction), and a walk that stops leaves the pages fetched ahead
 * unused.
 */
import { OmnitronError } from './errors'
import type { ListPage } from './parse'
import { sameOrigin } from './url'

/** More plans than any store has; a count above this is treated as bogus. */
export const ABSURD_COUNT = 10_000_000
/** Walks without a usable count stop here (with a warning) rather than run forever. */
export const MAX_PAGES_WITHOUT_COUNT = 100_000

export interface FetchedPage extends ListPage {
  /** The response's Date header as ISO, when sent (the server's clock, for sync cursors). */
  serverDate: string | null
}

export interface WalkedPage extends FetchedPage {
  page: number
  /**
   * When the page was asked for (ISO, this computer's clock; before the request and any retry
   * inside fetchPage): a cached plan an edit applied to after it keeps its copy (ApplyOptions.readAt).
   */
  askedAt: string
  /** Pages expected from the latest usable count, or null when unknown. */
  pagesTotal: number | null
  /** Whether the next page has arrived (or failed) by now: taking it costs no wait. */
  nextArrived: () => boolean
}

export interface WalkOptions {
  baseUrl: string
  limit: number
  startPage?: number
  /** Receives each reason the walk ended early. */
  warn: (message: string) => void
  /** Receives remarks that do not end the walk (e.g. a foreign next link, which is ignored). */
  note?: (message: string) => void
  /** Requests in flight ahead of the page in use; default 2, 0 for none. */
  prefetch?: number
  /** Pages held ahead of the page in use, arrived or in flight; default HOLD_AHEAD (never fewer than `prefetch`). */
  hold?: number
}

/** Requests in flight ahead of the page the caller is writing (the load one walk puts on the server). */
export const DEFAULT_PREFETCH = 2
/**
 * Pages held ahead of the page the caller is writing, arrived or on their way (bounded: each is
 * a page in memory). More than the requests in flight, so that a caller slower than the server
 * finds several pages waiting and may write them in one transaction.
 */
export const HOLD_AHEAD = 8

type AskedPage = FetchedPage & Pick<WalkedPage, 'askedAt'>

export async function* walkPages(
  fetchPage: (page: number) => Promise<FetchedPage>,
  opts: WalkOptions,
): AsyncGenerator<WalkedPage, void, void> {
  const ask = (n: number): Promise<AskedPage> => {
    const askedAt = new Date().toISOString()
    return fetchPage(n).then((got) => ({ ...got, askedAt }))
  }
  const { limit, warn } = opts
  const seen = new Set<number>()
  let page = Math.max(1, opts.startPage ?? 1)
  let maxCount = 0
  // The server may cap `limit` (or ignore it): a page that is not the last shows the real size.
  let perPage = limit
  let notedForeignNext = false
  const depth = Math.max(0, opts.prefetch ?? DEFAULT_PREFETCH)
  const hold = depth === 0 ? 0 : Math.max(depth, opts.hold ?? HOLD_AHEAD)
  const ahead = new Map<number, Promise<AskedPage>>()
  /** Pages fetched ahead whose request is still out. */
  const inFlight = new Set<number>()
  /** Pages fetched ahead that answered (or failed). */
  const arrived = new Set<number>()
  /** The last page the latest count promises (fetching ahead never goes past it). */
  let last = 0
  let stopped = false
  const take = (n: number): Promise<AskedPage> => {
    const p = ahead.get(n)
    ahead.delete(n)
    arrived.delete(n)
    return p ?? ask(n)
  }
  const fetchAhead = (): void => {
    for (let n = page + 1; n <= Math.min(last, page + hold) && inFlight.size < depth && !stopped; n++) {
      if (ahead.has(n)) continue
      const p = ask(n)
      inFlight.add(n)
      // Looked at when (if) the walk gets there; a walk that stops first never asks again.
      const settled = () => {
        inFlight.delete(n)
        if (ahead.get(n) === p) arrived.add(n)
        fetchAhead()
      }
      p.then(settled, settled)
      ahead.set(n, p)
    }
  }
  try {
    for (;;) {
      let got: AskedPage
      try {
        got = await take(page)
      } catch (e) {
        // Django answers 404 for a page past the end: the list shrank while we walked it.
        if (e instanceof OmnitronError && e.kind === 'not_found') {
          warn(`Page ${page} is past the end of the list (HTTP 404); the list ended there.`)
          return
        }
        throw e
      }
      if (got.badCount !== undefined) {
        warn(`The server sent an unusable count (${JSON.stringify(got.badCount)}); the walk stopped at page ${page}.`)
        yield { ...got, page, pagesTotal: null, nextArrived: () => false }
        return
      }
      if (got.count !== null && got.count > ABSURD_COUNT) {
        warn(`The server claims ${got.count} plans, which is not believable; the walk stopped at page ${page}.`)
        yield { ...got, page, pagesTotal: null, nextArrived: () => false }
        return
      }
      if (got.count !== null) maxCount = Math.max(maxCount, got.count)
      if (got.next !== null && got.resultSize > 0 && got.resultSize !== perPage && page === (opts.startPage ?? 1)) {
        if (page > 1) {
          // Resuming with another page size than the interrupted walk used would skip or repeat.
          warn(`The server sends ${got.resultSize} plans per page instead of ${limit}; resumed walks cannot trust page numbers, so the walk stopped.`)
          return
        }
        perPage = got.resultSize
      }
      const pagesTotal = got.count === null ? null : Math.max(1, Math.ceil(maxCount / perPage))

      if (got.resultSize === 0) {
        if (got.count !== null && got.count > 0 && page <= (pagesTotal ?? 0)) {
          warn(`Page ${page} came back empty although the server counts ${got.count} plans; the walk stopped.`)
        }
        return
      }
      const pks = [...got.plans.map((p) => p.pk), ...got.rejected.flatMap((r) => (r.pk === null ? [] : [r.pk]))]
      if (page > 1 && pks.length > 0 && pks.every((pk) => seen.has(pk))) {
        warn(`Page ${page} repeated plans already received; the server ignored the page number and the walk stopped.`)
        return
      }
      for (const pk of pks) seen.add(pk)
      // The pages this one says exist travel while the caller writes it.
      if (got.next !== null) {
        last = pagesTotal ?? page + 1
        fetchAhead()
      }
      const after = page + 1
      yield { ...got, page, pagesTotal, nextArrived: () => arrived.has(after) || (ahead.has(after) && !inFlight.has(after)) }

      if (got.next !== null && !sameOrigin(got.next, opts.baseUrl) && !notedForeignNext) {
        // Harmless here (links are never followed; pages are asked of baseUrl by number), and
        // common behind TLS-terminating proxies, so it is reported without ending the walk.
        notedForeignNext = true
        opts.note?.(`The server's next link points to another origin (${safeOrigin(got.next)}); it was not followed, pages were asked of ${new URL(opts.baseUrl).origin} by number.`)
      }
      if (isLastPage(got.next, page, pagesTotal, maxCount, warn)) return
      page += 1
    }
  } finally {
    // A walk that stops (or is abandoned by its caller) asks for nothing more.
    stopped = true
  }
}

function safeOrigin(link: string): string {
  try {
    return new URL(link).origin
  } catch {
    return 'an invalid address'
  }
}

/** Whether the walk ends after this page: the count's last page, or no next link (with a warning where more was promised). */
function isLastPage(next: string | null, page: number, pagesTotal: number | null, maxCount: number, warn: (message: string) => void): boolean {
  if (pagesTotal !== null) {
    if (page >= pagesTotal) return true
    if (next === null) warn(`The server counts ${maxCount} plans (${pagesTotal} pages) but gave no next link after page ${page}; the walk stopped.`)
    return next === null
  }
  if (next === null) return true
  if (page < MAX_PAGES_WITHOUT_COUNT) return false
  warn(`Stopped after ${page} pages: the server sends no count and its list does not end.`)
  return true
}
