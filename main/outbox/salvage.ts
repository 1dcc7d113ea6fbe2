/**
 * Reading what can still be read from a damaged SQLite file, without SQLite: every b-tree leaf
 * page of the file (with the committed frames of its WAL laid over it) is decoded on its own,
 * so a damaged root, interior page, schema page or header costs only the rows that sat on the
 * damaged pages themselves. SQLite's recovery extension would do this, but better-sqlite3 does
 * not expose it. The file format is SQLite's documented one (https://www.sqlite.org/fileformat.html).
 *
 * What it returns is raw records; the caller decides which table a record belongs to by its
 * shape (the outbox's rows have a shape no other table has). Pages on the freelist are skipped,
 * so rows deleted long ago do not come back; the outbox's file runs with secure_delete, so a
 * deleted row's bytes are zeroed anyway.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs'

export type SqlValue = number | bigint | string | Buffer | null

export interface SalvagedRecord {
  /** Table leaf records: the rowid. Index leaf records: null (the rowid, if any, is the last value). */
  rowid: number | null
  values: SqlValue[]
  /** The page it was read from. */
  page: number
}

export interface SalvageResult {
  pageSize: number
  /** Records of table b-tree leaf pages (rowid tables). */
  tableRecords: SalvagedRecord[]
  /** Records of index b-tree leaf pages (indexes and WITHOUT ROWID tables). */
  indexRecords: SalvagedRecord[]
  /** Pages that were neither a readable b-tree page nor known to be free or overflow. */
  unreadablePages: number
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const WAL_MAGIC_LE = 0x377f0682
const WAL_MAGIC_BE = 0x377f0683
/** Larger files are read only up to this size (the outbox is far smaller; a damaged cache is read for its old outbox rows). */
const MAX_BYTES = 2 * 1024 * 1024 * 1024

function readFile(path: string): Buffer | null {
  if (!existsSync(path)) return null
  const fd = openSync(path, 'r')
  try {
    const size = Math.min(fstatSync(fd).size, MAX_BYTES)
    const buf = Buffer.alloc(size)
    let off = 0
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off)
      if (n <= 0) break
      off += n
    }
    return buf.subarray(0, off)
  } finally {
    closeSync(fd)
  }
}

function validPageSize(n: number): boolean {
  return n >= 512 && n <= 65536 && (n & (n - 1)) === 0
}

/** The header's page size (1 means 65536), or null when the header does not hold one. */
function headerPageSize(db: Buffer): number | null {
  if (db.length < 100 || !db.subarray(0, 16).equals(MAGIC)) return null
  const raw = db.readUInt16BE(16)
  const size = raw === 1 ? 65536 : raw
  return validPageSize(size) ? size : null
}

/** WAL checksum over `data` (a multiple of 8 bytes), continuing from s0/s1. */
function walChecksum(data: Buffer, bigEndian: boolean, s0: number, s1: number): [number, number] {
  for (let i = 0; i + 8 <= data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i)
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4)
    s0 = (s0 + x0 + s1) >>> 0
    s1 = (s1 + x1 + s0) >>> 0
  }
  return [s0, s1]
}

/**
 * The committed frames of a WAL: for each page its newest committed copy, and the database's
 * size in pages after the last commit. Stops at the first frame that does not belong (other
 * salts, a wrong checksum): what follows it was never committed, or cannot be trusted.
 */
function walPages(wal: Buffer | null, pageSize: number | null): { pageSize: number; pages: Map<number, Buffer>; dbPages: number | null } | null {
  if (!wal || wal.length < 32) return null
  const magic = wal.readUInt32BE(0)
  if (magic !== WAL_MAGIC_LE && magic !== WAL_MAGIC_BE) return null
  const bigEndian = magic === WAL_MAGIC_BE
  const size = wal.readUInt32BE(8)
  if (!validPageSize(size) || (pageSize !== null && size !== pageSize)) return null
  let [s0, s1] = walChecksum(wal.subarray(0, 24), bigEndian, 0, 0)
  if (s0 !== wal.readUInt32BE(24) || s1 !== wal.readUInt32BE(28)) return null
  const salt1 = wal.readUInt32BE(16)
  const salt2 = wal.readUInt32BE(20)
  const pending = new Map<number, Buffer>()
  const pages = new Map<number, Buffer>()
  let dbPages: number | null = null
  for (let off = 32; off + 24 + size <= wal.length; off += 24 + size) {
    const frame = wal.subarray(off, off + 24)
    if (frame.readUInt32BE(8) !== salt1 || frame.readUInt32BE(12) !== salt2) break
    ;[s0, s1] = walChecksum(frame.subarray(0, 8), bigEndian, s0, s1)
    const page = wal.subarray(off + 24, off + 24 + size)
    ;[s0, s1] = walChecksum(page, bigEndian, s0, s1)
    if (s0 !== frame.readUInt32BE(16) || s1 !== frame.readUInt32BE(20)) break
    pending.set(frame.readUInt32BE(0), page)
    const commit = frame.readUInt32BE(4)
    if (commit !== 0) {
      for (const [n, p] of pending) pages.set(n, p)
      pending.clear()
      dbPages = commit
    }
  }
  return { pageSize: size, pages, dbPages }
}

/** A varint at `off`: its value (as a number; rowids fit) and its length. */
function varint(b: Buffer, off: number): [number, number] {
  let v = 0
  for (let i = 0; i < 8; i++) {
    if (off + i >= b.length) throw new RangeError('varint past the end')
    const c = b[off + i]
    v = v * 128 + (c & 0x7f)
    if ((c & 0x80) === 0) return [v, i + 1]
  }
  if (off + 8 >= b.length) throw new RangeError('varint past the end')
  return [v * 256 + b[off + 8], 9]
}

function decodeRecord(payload: Buffer): SqlValue[] {
  const [headerSize, h0] = varint(payload, 0)
  if (headerSize > payload.length || headerSize < h0) throw new RangeError('bad record header')
  const types: number[] = []
  for (let off = h0; off < headerSize; ) {
    const [t, n] = varint(payload, off)
    types.push(t)
    off += n
  }
  const values: SqlValue[] = []
  let off = headerSize
  for (const t of types) {
    let len: number
    if (t === 0 || t === 8 || t === 9) len = 0
    else if (t >= 1 && t <= 4) len = t
    else if (t === 5) len = 6
    else if (t === 6 || t === 7) len = 8
    else if (t >= 12) len = Math.floor((t - 12) / 2)
    else throw new RangeError('reserved serial type')
    if (off + len > payload.length) throw new RangeError('record past its payload')
    const v = payload.subarray(off, off + len)
    if (t === 0) values.push(null)
    else if (t === 8) values.push(0)
    else if (t === 9) values.push(1)
    else if (t <= 6) {
      const big = v.length === 8 ? v.readBigInt64BE(0) : BigInt.asIntN(len * 8, BigInt(`0x${v.toString('hex')}`))
      values.push(big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big)
    } else if (t === 7) values.push(v.readDoubleBE(0))
    else if (t % 2 === 0) values.push(Buffer.from(v))
    else values.push(v.toString('utf8'))
    off += len
  }
  return values
}

/**
 * Reads every leaf record of a database file (and its WAL, `<file>-wal`, when present) that can
 * be decoded. Never throws for damage: what cannot be read is counted.
 */
export function salvageRecords(file: string): SalvageResult {
  const db = readFile(file) ?? Buffer.alloc(0)
  const walBuf = readFile(`${file}-wal`)
  const fromHeader = headerPageSize(db)
  const wal = walPages(walBuf, fromHeader)
  const candidates = fromHeader ? [fromHeader] : wal ? [wal.pageSize] : [4096, 1024, 2048, 8192, 16384, 32768, 65536, 512]
  let best: SalvageResult | null = null
  for (const size of candidates) {
    const result = readWithPageSize(db, size, wal && wal.pageSize === size ? wal : null)
    if (!best || result.tableRecords.length + result.indexRecords.length > best.tableRecords.length + best.indexRecords.length) best = result
  }
  return best!
}

function readWithPageSize(db: Buffer, pageSize: number, wal: ReturnType<typeof walPages>): SalvageResult {
  // Reserved bytes at the end of each page (header offset 20), when the header can be read.
  const reserved = db.length >= 100 && db.subarray(0, 16).equals(MAGIC) ? db[20] : 0
  const usable = pageSize - reserved
  const filePages = Math.floor(db.length / pageSize)
  const walMax = wal ? Math.max(0, ...wal.pages.keys()) : 0
  const total = wal?.dbPages ?? Math.max(filePages, walMax)
  const page = (n: number): Buffer | null => {
    if (n < 1 || n > total) return null
    const fromWal = wal?.pages.get(n)
    if (fromWal) return fromWal
    if (n > filePages) return null
    return db.subarray((n - 1) * pageSize, n * pageSize)
  }
  const skip = new Set<number>()
  // The freelist: its trunk pages and the leaves they list hold nothing live.
  const first = page(1)
  if (first && first.subarray(0, 16).equals(MAGIC)) {
    let trunk = first.readUInt32BE(32)
    for (let guard = 0; trunk !== 0 && guard < total && !skip.has(trunk); guard++) {
      const t = page(trunk)
      if (!t) break
      skip.add(trunk)
      const leaves = t.readUInt32BE(4)
      for (let i = 0; i < leaves && 8 + i * 4 + 4 <= t.length; i++) skip.add(t.readUInt32BE(8 + i * 4))
      trunk = t.readUInt32BE(0)
    }
  }
  const tableRecords: SalvagedRecord[] = []
  const indexRecords: SalvagedRecord[] = []
  let unreadablePages = 0
  const overflowOf = (startPage: number, need: number, into: Buffer[], seen: Set<number>): boolean => {
    let next = startPage
    let got = 0
    while (got < need) {
      if (next === 0 || seen.has(next)) return false
      const p = page(next)
      if (!p) return false
      seen.add(next)
      const chunk = p.subarray(4, Math.min(usable, 4 + (need - got)))
      into.push(chunk)
      got += chunk.length
      next = p.readUInt32BE(0)
    }
    return true
  }
  for (let n = 1; n <= total; n++) {
    if (skip.has(n)) continue
    const p = page(n)
    if (!p) continue
    const h = n === 1 ? 100 : 0
    const type = p[h]
    if (type !== 0x0d && type !== 0x0a) {
      // Interior pages hold no rows; a zero first byte is an overflow page or an unused one.
      if (type !== 0x05 && type !== 0x02 && type !== 0) unreadablePages++
      continue
    }
    const cells = p.readUInt16BE(h + 3)
    const isTable = type === 0x0d
    const maxLocal = isTable ? usable - 35 : Math.floor(((usable - 12) * 64) / 255) - 23
    const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23
    let bad = false
    for (let i = 0; i < cells; i++) {
      try {
        const ptrAt = h + 8 + i * 2
        if (ptrAt + 2 > usable) throw new RangeError('cell pointer past the page')
        let off = p.readUInt16BE(ptrAt)
        if (off < h + 8 || off >= usable) throw new RangeError('cell outside the page')
        const [size, a] = varint(p, off)
        off += a
        let rowid: number | null = null
        if (isTable) {
          const [r, b] = varint(p, off)
          rowid = r
          off += b
        }
        let payload: Buffer
        if (size <= maxLocal) {
          if (off + size > usable) throw new RangeError('payload past the page')
          payload = p.subarray(off, off + size)
        } else {
          const k = minLocal + ((size - minLocal) % (usable - 4))
          const local = k <= maxLocal ? k : minLocal
          if (off + local + 4 > usable) throw new RangeError('payload past the page')
          const parts = [p.subarray(off, off + local)]
          if (!overflowOf(p.readUInt32BE(off + local), size - local, parts, new Set())) throw new RangeError('overflow chain broken')
          payload = Buffer.concat(parts)
        }
        const values = decodeRecord(payload)
        ;(isTable ? tableRecords : indexRecords).push({ rowid, values, page: n })
      } catch {
        bad = true
      }
    }
    if (bad) unreadablePages++
  }
  return { pageSize, tableRecords, indexRecords, unreadablePages }
}
