/**
 * Page-number pagination over the list endpoint, bounded by `count` and `limit`.
 *
 * Page numbers are computed here (the page size is the one the server actually uses: some cap
 * `limit`); `next` is only a hint that more pages exist and is never followed, least of all to
 * another origin (a foreign `next` is noted and ignored). Anything odd (an empty or repeated
 * page, a negative or absurd count, a page past the end) ends the walk with a warning in words
 * instead of looping or crashing.
 *
 * Pages are fetched ahead (at most `prefetch` beyond the one being used, and never past the
 * last page the count promises), so the next pages travel while the caller writes this one;
 * they are still handed over one at a time, in order, and a walk that stops leaves the pages
 * fetched ahead unused.
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
}

export interface WalkOptions {
  baseUrl: string
  limit: number
  startPage?: number
  /** Receives each reason the walk ended early. */
  warn: (message: string) => void
  /** Receives remarks that do not end the walk (e.g. a foreign next link, which is ignored). */
  note?: (message: string) => void
  /** Pages fetched ahead of the one in use; default 2, 0 for none. */
  prefetch?: number
}

/** Pages in flight ahead of the one the caller is writing (bounded: each holds a parsed page in memory). */
export const DEFAULT_PREFETCH = 2

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
  const ahead = new Map<number, Promise<AskedPage>>()
  const take = (n: number): Promise<AskedPage> => {
    const p = ahead.get(n)
    ahead.delete(n)
    return p ?? ask(n)
  }
  const fetchAhead = (last: number): void => {
    for (let n = page + 1; n <= Math.min(last, page + depth); n++) {
      if (ahead.has(n)) continue
      const p = ask(n)
      // Looked at when (if) the walk gets there; a walk that stops first never asks.
      p.catch(() => undefined)
      ahead.set(n, p)
    }
  }
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
      yield { ...got, page, pagesTotal: null }
      return
    }
    if (got.count !== null && got.count > ABSURD_COUNT) {
      warn(`The server claims ${got.count} plans, which is not believable; the walk stopped at page ${page}.`)
      yield { ...got, page, pagesTotal: null }
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
    if (got.next !== null) fetchAhead(pagesTotal ?? page + 1)
    yield { ...got, page, pagesTotal }

    if (got.next !== null && !sameOrigin(got.next, opts.baseUrl) && !notedForeignNext) {
      // Harmless here (links are never followed; pages are asked of baseUrl by number), and
      // common behind TLS-terminating proxies, so it is reported without ending the walk.
      notedForeignNext = true
      opts.note?.(`The server's next link points to another origin (${safeOrigin(got.next)}); it was not followed, pages were asked of ${new URL(opts.baseUrl).origin} by number.`)
    }
    if (pagesTotal !== null) {
      if (page >= pagesTotal) return
      if (got.next === null) {
        warn(`The server counts ${maxCount} plans (${pagesTotal} pages) but gave no next link after page ${page}; the walk stopped.`)
        return
      }
    } else {
      if (got.next === null) return
      if (page >= MAX_PAGES_WITHOUT_COUNT) {
        warn(`Stopped after ${page} pages: the server sends no count and its list does not end.`)
        return
      }
    }
    page += 1
  }
}

function safeOrigin(link: string): string {
  try {
    return new URL(link).origin
  } catch {
    return 'an invalid address'
  }
}
