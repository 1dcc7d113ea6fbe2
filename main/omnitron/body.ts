/**
 * Reading a response body defensively, before anything trusts it: a size cap enforced while
 * the bytes arrive (the rest is never downloaded), the Content-Type of a success, and a
 * nesting guard that runs before JSON.parse. V8 parses a 10,000-deep `[[[…]]]` happily, but
 * JSON.stringify (the cache writes a plan read on its own with it) then overflows the stack:
 * such an answer must never reach the cache.
 */

/** Bytes read of one answer at the most (a page of 100 ordinary plans is well under 1 MB). */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024
/** Arrays and objects nested deeper than this are refused (a plan list needs about ten). */
export const MAX_NESTING = 64

export type BodyProblem =
  | { kind: 'too_large'; limit: number; declared: number | null }
  | { kind: 'too_deep'; limit: number }
  | { kind: 'not_json'; contentType: string | null }

/** A body PlanDesk refuses to read or parse; the client words it with the request it answered. */
export class BodyRefused extends Error {
  override readonly name = 'BodyRefused'
  constructor(readonly problem: BodyProblem) {
    super(describeBodyProblem(problem))
  }
}

export function describeBodyProblem(p: BodyProblem): string {
  switch (p.kind) {
    case 'too_large':
      return `the answer is larger than ${megabytes(p.limit)}${p.declared !== null ? ` (it announced ${megabytes(p.declared)})` : ''}, more than PlanDesk reads at once; it was not read further`
    case 'too_deep':
      return `the answer nests lists or objects more than ${p.limit} levels deep, which no Omnitron answer does; it was not read`
    case 'not_json':
      return p.contentType !== null && /^text\/html\b/i.test(p.contentType)
        ? 'the server answered with an HTML page instead of JSON (a proxy, a gateway or a network sign-in page may stand in front of the server)'
        : `the server answered with ${p.contentType ?? 'an unknown type'} instead of JSON`
  }
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
}

/**
 * The body as text, reading at most `limit` bytes: a larger Content-Length is refused before
 * reading, and a body that grows past the limit is cancelled there. Transport failures (a cut
 * connection, an abort by a time-out) reject as they come, for the caller to word.
 */
export async function readCapped(response: Response, limit: number = MAX_RESPONSE_BYTES): Promise<string> {
  return (await readCappedBytes(response, limit)).toString('utf8')
}

/** The body's bytes, read as readCapped reads them. */
export async function readCappedBytes(response: Response, limit: number = MAX_RESPONSE_BYTES): Promise<Buffer> {
  const header = response.headers.get('content-length')
  const declared = header !== null && /^\d+$/.test(header.trim()) ? Number(header.trim()) : null
  if (declared !== null && declared > limit) {
    await response.body?.cancel().catch(() => {})
    throw new BodyRefused({ kind: 'too_large', limit, declared })
  }
  if (response.body === null) return Buffer.alloc(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > limit) {
      await reader.cancel().catch(() => {})
      throw new BodyRefused({ kind: 'too_large', limit, declared })
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, total)
}

/**
 * The text of a JSON answer for JSON.parse, decoded the cheap way where that reads the same:
 * byte for byte (as Latin-1: a copy, into the one-byte strings JSON.parse and the scan read
 * fastest), after which the strings holding bytes of 0x80 and above are decoded as the UTF-8
 * they are (redecodeStrings). That gives the very values of decoding the whole text as UTF-8 (a
 * string's quotes are ASCII, so no UTF-8 sequence spans two strings), unless the text escapes a
 * character of 0x80 or above (`\u00e7`, `\u0131`), which JSON.parse would then mix with raw bytes:
 * such a text is decoded as UTF-8 first (`bytewise` false). A page of 20,000 plans decoded and
 * parsed this way took 1.0–1.2 s against 1.4–1.7 s (this machine, one run each).
 */
export function decodeJson(bytes: Uint8Array): { text: string; bytewise: boolean } {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (escapesBeyondAscii(buf)) return { text: utf8.decode(buf), bytewise: false }
  return { text: buf.toString('latin1'), bytewise: true }
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

/** Whether the bytes hold `\u` and four hex digits of 0x80 or more (counting escaped backslashes too: a false alarm only costs time). */
function escapesBeyondAscii(buf: Buffer): boolean {
  for (let at = buf.indexOf('\\u'); at !== -1; at = buf.indexOf('\\u', at + 2)) {
    const hex = buf.toString('latin1', at + 2, at + 6)
    if (/^[0-9a-fA-F]{4}$/.test(hex) && parseInt(hex, 16) >= 0x80) return true
  }
  return false
}

const HIGH_BYTE = /[\x80-\xff]/

/** A value JSON.parse read from a byte-for-byte text (decodeJson), with its strings (and keys) decoded as UTF-8; arrays and objects are changed in place. */
export function redecodeStrings<T>(value: T): T {
  return redecode(value) as T
}

function redecode(v: unknown): unknown {
  if (typeof v === 'string') return HIGH_BYTE.test(v) ? Buffer.from(v, 'latin1').toString('utf8') : v
  if (typeof v !== 'object' || v === null) return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i]
      if (typeof x === 'string' || typeof x === 'object') v[i] = redecode(x)
    }
    return v
  }
  const o = v as Record<string, unknown>
  const keys = Object.keys(o)
  // A key with such bytes (none in Omnitron's answers): the object is made again, in its order.
  if (keys.some((k) => HIGH_BYTE.test(k))) return Object.fromEntries(keys.map((k) => [redecode(k) as string, redecode(o[k])]))
  for (const k of keys) {
    const x = o[k]
    if (typeof x === 'string' || typeof x === 'object') {
      const y = redecode(x)
      if (y !== x) o[k] = y
    }
  }
  return o
}

/** Whether a success's Content-Type may hold JSON: application/json, any +json type, or none said. */
export function isJsonType(contentType: string | null): boolean {
  if (contentType === null || contentType.trim() === '') return true
  const type = contentType.split(';')[0].trim().toLowerCase()
  return type === 'application/json' || type.endsWith('+json')
}

/** What one pass over an answer's text tells before it is parsed. */
export interface TextShape {
  /** Arrays and objects nest deeper than the limit somewhere. */
  tooDeep: boolean
  /**
   * Characters of the largest array or object on the third level: in a list page, the largest
   * plan (`{ "results": [ {plan}, … ] }`). Lets the per-plan size check skip ordinary pages.
   */
  largestEntry: number
  /**
   * Where each entry of the top-level object's `results` array lies in the text (the last such
   * array, as JSON.parse keeps the last of a repeated key), or null when there is none: entry i
   * is `text.slice(starts[i], ends[i])` when it is an array or object, and -1 in both when it is
   * a plain value. `count` is how many entries the array holds.
   */
  results: { starts: number[]; ends: number[]; count: number } | null
}

/**
 * One pass over the text without parsing it: how deep arrays and objects nest (brackets inside
 * strings do not count; the pass stops at the first excess), how large the third-level ones are,
 * and where the entries of a list page's `results` lie (so each plan's own text is at hand
 * without writing the parsed plan out again).
 */
export function scanText(text: string, limit: number = MAX_NESTING): TextShape {
  let depth = 0
  let entryStart = 0
  let largestEntry = 0
  // The last string met directly in the top-level value: the key of a `[` that follows it.
  let keyStart = -1
  let keyEnd = -1
  let results: TextShape['results'] = null
  let inResults = false
  let entry = 0
  let sawEntry = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // Most of an answer is strings: jump to the closing quote (one not escaped by an odd
      // number of backslashes). An unterminated string is JSON.parse's to report.
      let end = text.indexOf('"', i + 1)
      while (end !== -1 && escaped(text, end)) end = text.indexOf('"', end + 1)
      if (end === -1) break
      if (depth === 1) {
        keyStart = i
        keyEnd = end + 1
      } else if (inResults && depth === 2) sawEntry = true
      i = end
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return { tooDeep: true, largestEntry, results: null }
      if (depth === 3) {
        entryStart = i
        if (inResults) {
          results!.starts[entry] = i
          sawEntry = true
        }
      } else if (depth === 2 && c === 0x5b && isResultsKey(text, keyStart, keyEnd)) {
        inResults = true
        results = { starts: [], ends: [], count: 0 }
        entry = 0
        sawEntry = false
      }
    } else if (c === 0x5d || c === 0x7d) {
      if (depth === 3) {
        largestEntry = Math.max(largestEntry, i + 1 - entryStart)
        if (inResults) results!.ends[entry] = i + 1
      } else if (depth === 2 && inResults) {
        inResults = false
        results!.count = sawEntry ? entry + 1 : 0
      }
      depth--
    } else if (inResults && depth === 2) {
      if (c === 0x2c) entry++
      else if (c > 0x20) sawEntry = true
    }
  }
  // Entries that are plain values have no position: -1.
  if (results !== null) {
    for (let k = 0; k < results.count; k++) if (results.starts[k] === undefined) results.starts[k] = results.ends[k] = -1
  }
  return { tooDeep: false, largestEntry, results }
}

/** Whether arrays and objects nest deeper than `limit`. */
export function nestsDeeperThan(text: string, limit: number = MAX_NESTING): boolean {
  return scanText(text, limit).tooDeep
}

/**
 * Whether the string at [start, end) is the key "results", however it is spelled: JSON.parse
 * reads `"res\u0075lts"` as the same key, so a key with an escape in it is decoded to compare.
 */
function isResultsKey(text: string, start: number, end: number): boolean {
  if (end - start === 9 && text.startsWith('"results"', start)) return true
  if (start < 0 || text.lastIndexOf('\\', end - 1) < start) return false
  try {
    return JSON.parse(text.slice(start, end)) === 'results'
  } catch {
    return false
  }
}

/** Whether the character at `at` follows an odd number of backslashes. */
function escaped(text: string, at: number): boolean {
  let n = 0
  while (text.charCodeAt(at - 1 - n) === 0x5c) n++
  return n % 2 === 1
}

/** What parseGuarded read from an answer's text. */
export interface Parsed {
  /** `undefined` for text that is not JSON (so a caller can tell "null" from garbage). */
  value: unknown
  largestEntry: number
  /**
   * For an object with a `results` array: each entry's own text, as the server wrote it, where
   * the entry is an object (undefined for any other entry); null when the text could not be
   * matched to the parsed array entry for entry.
   */
  resultTexts: Array<string | undefined> | null
}

/**
 * JSON.parse behind the nesting guard, with the text's shape. A too-deep text throws BodyRefused.
 */
export function parseGuarded(text: string): Parsed {
  if (text.trim() === '') return { value: null, largestEntry: 0, resultTexts: null }
  const shape = scanText(text)
  if (shape.tooDeep) throw new BodyRefused({ kind: 'too_deep', limit: MAX_NESTING })
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch {
    return { value: undefined, largestEntry: shape.largestEntry, resultTexts: null }
  }
  return { value, largestEntry: shape.largestEntry, resultTexts: resultTexts(text, value, shape.results) }
}

/** The entries' texts, when the scan's entries line up with the parsed `results` one for one. */
function resultTexts(text: string, value: unknown, found: TextShape['results']): Array<string | undefined> | null {
  if (found === null || typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const parsed = (value as { results?: unknown }).results
  if (!Array.isArray(parsed) || parsed.length !== found.count) return null
  const out: Array<string | undefined> = new Array(found.count)
  for (let i = 0; i < found.count; i++) {
    const entry: unknown = parsed[i]
    const start = found.starts[i]
    const isObject = typeof entry === 'object' && entry !== null && !Array.isArray(entry)
    // An object entry must sit on a `{…}` of the text, and nothing else may: else the two disagree.
    if (isObject !== (start >= 0 && text.charCodeAt(start) === 0x7b)) return null
    out[i] = isObject ? text.slice(start, found.ends[i]) : undefined
  }
  return out
}
