/**
 * The plans matching a very short search text, kept in memory while the cache does not change.
 *
 * Search runs as the person types, so every search starts with one letter, and a one-letter
 * prefix matches most plans ("p" matches all 100,000 of the demo's). SQLite answers such a
 * page by collecting every match from the full-text index into a temporary b-tree and then
 * walking the sort index, testing each plan against it: 20–45 ms at 100,000 plans, nearly all
 * of it the collecting, and the count reads the matches once more. Kept here as a set of plan
 * numbers, the same page is a walk of the sort index that tests each plan with a bit lookup
 * (stopping after the page's rows, a few hundred for a broad letter) and the count is the set's
 * size: 1–3 ms.
 *
 * The sets are exact, never stale: every lookup first reads the full-text index's structure
 * record (the row FTS5 keeps at id 10 of plans_fts_data, listing its segments and a count of
 * writes), which every change of the index rewrites, whichever connection or process made it,
 * in the same read transaction as the search; when it differs from the one the sets were built
 * under, they are all dropped. Other writes (sync state, the outbox, a status the text does not
 * hold) leave them in place. A set costs what SQLite's collecting costs to build, so only the
 * texts people type again and again are kept: one token of at most SHORT_TOKEN characters.
 */
import type { ReadableDB, ReadStatement } from './connection'
import { tokens } from './fold'

/** Texts of one token this long or shorter are kept (the first keystrokes of every search). */
export const SHORT_TOKEN = 2
/** How many texts are kept; the least recently used goes first. */
export const MAX_SETS = 64
/** The SQL function testing a plan against a kept set: `plandesk_short_text(match, pk)`. */
export const SET_FUNCTION = 'plandesk_short_text'

/** Whether a search text is short enough to keep its matches in memory. */
export function isShortText(text: string | undefined): boolean {
  if (text === undefined) return false
  const toks = tokens(text)
  return toks.length === 1 && [...toks[0]].length <= SHORT_TOKEN
}

/**
 * A set of plan numbers built from an ascending list: a bitmap over the list's range when that
 * is at most 8 bytes a member (plan numbers are mostly dense), otherwise the sorted list itself,
 * searched by halves.
 */
export class PkSet {
  private readonly base: number
  private readonly bits: Uint32Array | null
  private readonly sorted: Float64Array | null

  constructor(ascending: readonly number[]) {
    this.size = ascending.length
    this.base = ascending.length > 0 ? ascending[0] : 0
    const range = ascending.length > 0 ? ascending[ascending.length - 1] - this.base + 1 : 0
    if (range <= ascending.length * 64) {
      this.bits = new Uint32Array(Math.ceil(range / 32))
      this.sorted = null
      for (const pk of ascending) {
        const i = pk - this.base
        this.bits[i >>> 5] |= 1 << (i & 31)
      }
    } else {
      this.bits = null
      this.sorted = Float64Array.from(ascending)
    }
  }

  readonly size: number

  has(pk: number): boolean {
    if (this.bits !== null) {
      const i = pk - this.base
      return i >= 0 && i < this.bits.length * 32 && (this.bits[i >>> 5] & (1 << (i & 31))) !== 0
    }
    const a = this.sorted!
    let lo = 0
    let hi = a.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (a[mid] === pk) return true
      if (a[mid] < pk) lo = mid + 1
      else hi = mid - 1
    }
    return false
  }
}

const perConnection = new WeakMap<ReadableDB, ShortTextMatches>()

/**
 * The plans matching short texts, by MATCH expression; one per connection (its SQL function is
 * the connection's). Call `get` inside the search's read transaction.
 */
export class ShortTextMatches {
  static for(db: ReadableDB): ShortTextMatches {
    let kept = perConnection.get(db)
    if (kept === undefined) {
      kept = new ShortTextMatches(db)
      perConnection.set(db, kept)
    }
    return kept
  }

  private readonly sets = new Map<string, PkSet>()
  private version: Buffer | null = null
  /** What was kept before the index last changed, least recently used first (rebuildOne). */
  private dropped: string[] = []
  private readonly versionOf: ReadStatement<[], Buffer | undefined>
  private readonly matches: ReadStatement<[string], number>
  /** How many sets were built (not found kept); for tests. */
  builds = 0

  private constructor(db: ReadableDB) {
    this.versionOf = db.prepare('SELECT block FROM plans_fts_data WHERE id = 10').pluck() as ReadStatement<[], Buffer | undefined>
    this.matches = db.prepare('SELECT rowid FROM plans_fts WHERE plans_fts MATCH ? ORDER BY rowid').pluck() as ReadStatement<[string], number>
    db.function(SET_FUNCTION, { deterministic: true, directOnly: true }, (match: unknown, pk: unknown) => {
      const set = this.sets.get(match as string)
      // The search builds the set in the same synchronous call before it runs its SQL.
      if (set === undefined) throw new Error(`${SET_FUNCTION}: no kept set for ${String(match)}`)
      return set.has(pk as number) ? 1 : 0
    })
  }

  /** The plans matching `match` (an FTS5 MATCH expression) in the cache as it is now. */
  get(match: string): PkSet {
    this.checkVersion()
    let set = this.sets.get(match)
    if (set !== undefined) {
      // Most recently used last, so the first key is the one to drop.
      this.sets.delete(match)
    } else {
      set = new PkSet(this.matches.all(match))
      this.builds++
      if (this.sets.size >= MAX_SETS) this.sets.delete(this.sets.keys().next().value!)
    }
    this.sets.set(match, set)
    return set
  }

  /**
   * Builds again one of the sets the last change of the index dropped, the most recently used
   * first, so that the first keystroke after a sync does not pay for it. Returns whether any is
   * left to build. Call inside a read transaction, one call at a time between other work.
   */
  rebuildOne(): boolean {
    this.checkVersion()
    let match = this.dropped.pop()
    while (match !== undefined && this.sets.has(match)) match = this.dropped.pop()
    if (match !== undefined) this.get(match)
    return this.dropped.length > 0
  }

  /** Drops every set when the index is no longer the one they were built from, remembering which they were. */
  private checkVersion(): void {
    const version = this.versionOf.get() ?? Buffer.alloc(0)
    if (this.version !== null && version.equals(this.version)) return
    // Least recently used first, so pop() gives the most recently used.
    if (this.sets.size > 0) this.dropped = [...this.sets.keys()]
    this.sets.clear()
    this.version = version
  }
}
