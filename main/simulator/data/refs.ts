/**
 * Shared objects (users, products, reasons, price and stock lists, ...) appear in thousands of
 * plans. Each plan is stored with placeholders ("@ref:<kind>:<id>") instead of copies, and the
 * placeholders are spliced back as pre-serialised JSON when a plan is served. That keeps 100,000
 * plans small enough to generate and store quickly and makes a 500-row page a string join rather
 * than a parse-and-stringify of megabytes.
 */
export type RefKind = 'u' | 'r' | 'p' | 'pl' | 'sl' | 'es' | 'sog'

export function ref(kind: RefKind, id: number): string {
  return `@ref:${kind}:${id}`
}

const REF_IN_JSON = /"@ref:([a-z]+):(\d+)"/g
const MARK = Buffer.from('"@ref:')
const QUOTE = 0x22
const REF_TEXT = /^@ref:([a-z]+):(\d+)$/

/** Id of a placeholder string, or null when the value is not one. */
export function refId(value: unknown, kind: RefKind): number | null {
  if (typeof value !== 'string') return null
  const m = REF_TEXT.exec(value)
  return m && m[1] === kind ? Number(m[2]) : null
}

export class RefStore {
  private readonly json = new Map<string, string>()
  /** The same JSON, UTF-8 encoded once: pages are assembled from bytes (see expandBytes). */
  private readonly bytes = new Map<string, Buffer>()

  set(kind: RefKind, id: number, value: unknown): void {
    this.setJson(`${kind}:${id}`, JSON.stringify(value))
  }

  setJson(key: string, json: string): void {
    this.json.set(key, json)
    this.bytes.set(key, Buffer.from(json, 'utf8'))
  }

  get(kind: RefKind, id: number): unknown {
    const text = this.json.get(`${kind}:${id}`)
    return text === undefined ? null : JSON.parse(text)
  }

  entries(): IterableIterator<[string, string]> {
    return this.json.entries()
  }

  /**
   * Byte-level expand for list pages: appends slices of the stored plan and the shared objects'
   * bytes to `out`, without building (and UTF-8 encoding) a multi-megabyte string — encoding a
   * 500-plan page as one string cost more than everything else put together.
   */
  expandBytes(compact: Buffer, out: Buffer[]): void {
    let pos = 0
    for (;;) {
      const start = compact.indexOf(MARK, pos)
      if (start < 0) break
      const end = compact.indexOf(QUOTE, start + MARK.length)
      if (end < 0) break
      out.push(compact.subarray(pos, start))
      out.push(this.bytes.get(compact.toString('latin1', start + MARK.length, end)) ?? NULL_BYTES)
      pos = end + 1
    }
    out.push(pos === 0 ? compact : compact.subarray(pos))
  }

  /** Replaces every placeholder in a stored plan's JSON by the shared object's JSON. */
  expand(compactJson: string): string {
    return compactJson.replace(REF_IN_JSON, (whole, kind: string, id: string) => {
      return this.json.get(`${kind}:${id}`) ?? 'null'
    })
  }
}

const NULL_BYTES = Buffer.from('null')
