/**
 * The outbox's own database file (docs/design-rules.md §3.9), beside the cache it belongs to (`cache-….sqlite` →
 * `cache-….outbox.sqlite`; the CLI's --db file gets one beside it too). Unsent decisions are
 * not cache data: a damaged, emptied, deleted or rebuilt cache, a changed scope or an upgrade
 * of the cache never touches this file.
 *
 * The file is ATTACHed to the cache's connection as `outbox`, so the queries that join plans
 * with their open changes work as before (SQLite finds `outbox` in the attached file once the
 * cache has no table of that name). Every transaction that writes it writes nothing else that
 * matters: a transaction over two WAL files is not atomic across a crash, so the only cache
 * write that follows an outbox change (the status an applied change set, PlanStore) is one
 * that can be made again from the outbox at the next open.
 *
 * When the file itself is damaged, every row that can still be read is salvaged (salvage.ts,
 * reading the file's pages without SQLite) into a new file before the damaged one is moved
 * aside, and the person is told how many unsent decisions were kept and, for those that could
 * not be read, which plans they were for (from the file's index of plans, when it can be read).
 */
import { chmodSync, closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import Database from 'better-sqlite3'
import type { Database as DB } from 'better-sqlite3'
import { sqliteOptions } from '../native/sqlite'
import { BUSY_TIMEOUT_MS, useWal } from '../store/db'
import { isCorruptionError, moveAside, quickCheck } from '../store/integrity'
import { processRuns } from '../store/lease'
import { migrate } from '../store/migrations'
import { salvageRecords, type SalvagedRecord, type SqlValue } from './salvage'
import { OUTBOX_COLUMNS, OUTBOX_COLUMNS_V1, OUTBOX_MIGRATIONS } from './schema'
import { isOpen, OPEN_STATES_SQL, OUTBOX_STATES, type OutboxState } from './states'

/** The name the outbox's file has on the cache's connection. */
export const OUTBOX_SCHEMA = 'outbox'
const WHAT = 'The file of unsent decisions'

/** The outbox file that belongs to a cache file. */
export function outboxFileFor(cacheFile: string): string {
  if (cacheFile === ':memory:') return ':memory:'
  return cacheFile.endsWith('.sqlite') ? `${cacheFile.slice(0, -'.sqlite'.length)}.outbox.sqlite` : `${cacheFile}.outbox.sqlite`
}

/** A row of `outbox` as SQLite returns it (column name → value). */
export type OutboxRecord = Record<(typeof OUTBOX_COLUMNS)[number], SqlValue>

// --- attaching ------------------------------------------------------------------------------------

/** The file's identity when it was attached: a file moved aside or replaced since is noticed before any write. */
const attachedFiles = new WeakMap<DB, { file: string; dev: number; ino: number }>()

/**
 * Attaches the outbox file to a cache connection as `outbox` (creating it when missing), in
 * WAL mode with synchronous = FULL (a decision the person was told is queued survives a power
 * cut), secure_delete (a deleted row leaves no bytes behind that a salvage could bring back),
 * and migrated.
 */
export function attachOutbox(db: DB, file: string): void {
  if (file !== ':memory:') waitForSalvage(file)
  db.prepare(`ATTACH DATABASE ? AS ${OUTBOX_SCHEMA}`).run(file)
  useWal(db, OUTBOX_SCHEMA)
  db.pragma(`${OUTBOX_SCHEMA}.synchronous = FULL`)
  db.pragma(`${OUTBOX_SCHEMA}.secure_delete = ON`)
  db.pragma(`${OUTBOX_SCHEMA}.journal_size_limit = 4194304`)
  migrate(db, OUTBOX_MIGRATIONS, { schema: OUTBOX_SCHEMA, what: WHAT })
  if (file === ':memory:') return
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f)) chmodSync(f, 0o600)
  }
  const st = statSync(file)
  attachedFiles.set(db, { file, dev: st.dev, ino: st.ino })
}

/** The outbox file attached to this connection (null: in memory, or none). */
export function attachedOutboxFile(db: DB): string | null {
  return attachedFiles.get(db)?.file ?? null
}

/** Thrown before a write to an outbox file that another process moved aside (damaged) or that was deleted. */
export class OutboxReplacedError extends Error {
  override readonly name = 'OutboxReplacedError'
  readonly code = 'storage' as const
  constructor(file: string) {
    super(`The file of unsent decisions (${file}) was replaced or removed while PlanDesk had it open; nothing more is written to the old one. Start PlanDesk again.`)
  }
}

/** Throws OutboxReplacedError when the attached file is no longer the one at its path. */
export function assertOutboxInPlace(db: DB): void {
  const f = attachedFiles.get(db)
  if (!f) return
  let st: { dev: number; ino: number } | null = null
  try {
    st = statSync(f.file)
  } catch {
    st = null
  }
  if (!st || st.dev !== f.dev || st.ino !== f.ino) throw new OutboxReplacedError(f.file)
}

// --- checking, and salvaging a damaged file -----------------------------------------------------------

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')

/** Null when the file is missing, empty or healthy; otherwise what is wrong with it. */
export function outboxProblem(file: string): string | null {
  if (file === ':memory:' || !existsSync(file)) return null
  const head = Buffer.alloc(16)
  const fd = openSync(file, 'r')
  let n: number
  try {
    n = readSync(fd, head, 0, 16, 0)
  } finally {
    closeSync(fd)
  }
  if (n === 0) return null
  if (n < 16 || !head.equals(SQLITE_MAGIC)) return 'it is not an SQLite database'
  let db: DB | null = null
  try {
    db = new Database(file, sqliteOptions({ fileMustExist: true }))
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    return quickCheck(db)
  } catch (e) {
    if (isCorruptionError(e)) return (e as Error).message
    throw e
  } finally {
    try {
      db?.close()
    } catch {
      // already unusable
    }
  }
}

/**
 * Checks the outbox file before it is attached. A damaged one is salvaged: its readable rows go
 * into a new file, the damaged file is moved aside (never deleted), and the notice says what
 * was kept and what was not. Returns the notices (none for a healthy file).
 */
export function checkOutboxFile(file: string): string[] {
  if (outboxProblem(file) === null) return []
  const notice = withSalvageLock(file, () => {
    // Another PlanDesk may have salvaged it meanwhile.
    const problem = outboxProblem(file)
    return problem === null ? null : salvageOutbox(file, problem)
  })
  return notice ? [notice] : []
}

/** What a damaged outbox file still holds. */
export interface SalvagedOutbox {
  rows: OutboxRecord[]
  accounts: SqlValue[][]
  /** Decisions the file's indexes name but whose rows could not be read: open (or of unknown state), with their plan when known. */
  lost: Array<{ id: number; planPk: number | null }>
  /** The highest id the file ever gave (so no id is given twice). */
  maxId: number
}

const KINDS = new Set(['status', 'payment_plan'])
const STATES = new Set<string>(OUTBOX_STATES)
const isText = (v: SqlValue): v is string => typeof v === 'string'
const isInt = (v: SqlValue): v is number => typeof v === 'number' && Number.isInteger(v)
const textOrNull = (v: SqlValue) => v === null || isText(v)

/** A table record that is an `outbox` row (by its shape: no other table has it). */
export function outboxRecordOf(r: SalvagedRecord): OutboxRecord | null {
  const v = r.values
  // A row written before outbox 2 (or by a cache before 009) has no batch column in its record.
  if (r.rowid === null || (v.length !== OUTBOX_COLUMNS.length && v.length !== OUTBOX_COLUMNS_V1)) return null
  if (!(v[0] === null || v[0] === r.rowid)) return null
  if (!isInt(v[1]) || !isText(v[2]) || !KINDS.has(v[2]) || !isText(v[3]) || !textOrNull(v[4]) || !isText(v[5]) || !isText(v[6])) return null
  if (!textOrNull(v[7]) || !isText(v[8]) || !isText(v[9]) || !isText(v[10]) || !STATES.has(v[10]) || !isInt(v[11]) || !isInt(v[12])) return null
  if (!textOrNull(v[13]) || !textOrNull(v[14]) || !textOrNull(v[15]) || !textOrNull(v[16]) || !isText(v[17]) || !textOrNull(v[18])) return null
  if (v.length > OUTBOX_COLUMNS_V1 && !textOrNull(v[19])) return null
  const row = Object.fromEntries(OUTBOX_COLUMNS.map((c, i) => [c, v[i] ?? null])) as OutboxRecord
  row.id = r.rowid
  return row
}

/** Reads what can be read of an outbox file (or of a cache that held an outbox, before 009). */
export function readSalvage(file: string, opts: { indexes: boolean }): SalvagedOutbox {
  const found = salvageRecords(file)
  const byId = new Map<number, OutboxRecord>()
  for (const r of found.tableRecords) {
    const row = outboxRecordOf(r)
    if (!row) continue
    const had = byId.get(row.id as number)
    // The same row on two pages (one stale): the newer change wins.
    if (!had || String(row.updated_at) > String(had.updated_at)) byId.set(row.id as number, row)
  }
  let maxId = Math.max(0, ...byId.keys())
  for (const r of found.tableRecords) {
    if (r.values.length === 2 && r.values[0] === 'outbox' && isInt(r.values[1])) maxId = Math.max(maxId, r.values[1])
  }
  const accounts = found.indexRecords
    .map((r) => r.values)
    .filter((v) => v.length === 6 && isText(v[0]) && /^[0-9a-f]{64}$/.test(v[0]) && isText(v[1]) && (v[2] === 'confirmed' || v[2] === 'mismatch'))
  const lost: SalvagedOutbox['lost'] = []
  if (opts.indexes) {
    // idx_outbox_plan holds (plan_pk, id, rowid = id), idx_outbox_state (state,
    // next_attempt_at, rowid): ids whose rows are gone, with their plan and state when those
    // index pages can be read.
    const planOf = new Map<number, number>()
    const stateOf = new Map<number, OutboxState>()
    for (const r of found.indexRecords) {
      const v = r.values
      if (v.length === 3 && isInt(v[0]) && isInt(v[1]) && v[1] === v[2]) planOf.set(v[1], v[0])
      if (v.length === 3 && isText(v[0]) && STATES.has(v[0]) && textOrNull(v[1]) && isInt(v[2])) stateOf.set(v[2], v[0] as OutboxState)
    }
    for (const id of new Set([...planOf.keys(), ...stateOf.keys()])) {
      maxId = Math.max(maxId, id)
      if (byId.has(id)) continue
      const state = stateOf.get(id)
      if (state !== undefined && !isOpen(state)) continue
      lost.push({ id, planPk: planOf.get(id) ?? null })
    }
    lost.sort((a, b) => a.id - b.id)
  }
  return { rows: [...byId.values()].sort((a, b) => (a.id as number) - (b.id as number)), accounts, lost, maxId }
}

function openCount(rows: OutboxRecord[]): number {
  return rows.filter((r) => isOpen(r.state as OutboxState)).length
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** "plans 12, 15 and 19" */
function planList(pks: number[]): string {
  const list = [...new Set(pks)].sort((a, b) => a - b)
  if (list.length === 1) return `plan ${list[0]}`
  return `plans ${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`
}

/** In words: what a salvage kept and what it could not read. */
export function salvageWords(kept: number, lost: SalvagedOutbox['lost']): string {
  const keptText = kept === 0 ? 'No unsent decision could be read from it.' : `${plural(kept, 'unsent decision was', 'unsent decisions were')} read from it and kept; they are sent as usual.`
  if (lost.length === 0) return kept === 0 ? keptText : `${keptText} None was lost.`
  const known = lost.filter((l) => l.planPk !== null).map((l) => l.planPk as number)
  const unknown = lost.length - known.length
  const which =
    known.length === 0
      ? 'which plans they were for could not be read either'
      : `they were for ${planList(known)}${unknown > 0 ? ` (and ${plural(unknown, 'plan', 'plans')} that could not be read)` : ''}`
  return `${keptText} ${plural(lost.length, 'unsent decision', 'unsent decisions')} could not be read (${which}): make ${lost.length === 1 ? 'it' : 'them'} again.`
}

function salvageOutbox(file: string, problem: string): string {
  const found = readSalvage(file, { indexes: true })
  const temp = `${file}.salvaged-${process.pid}`
  removeDatabase(temp)
  writeSalvaged(temp, found)
  const aside = moveAside(file)
  renameSync(temp, file)
  return `The file of your unsent decisions was damaged (${problem}); it was moved aside to ${aside}. ${salvageWords(openCount(found.rows), found.lost)}`
}

/** Builds a new outbox file from salvaged rows (rollback journal: closed, it is one file, ready to be renamed into place). */
function writeSalvaged(file: string, found: SalvagedOutbox): void {
  const db = new Database(file, sqliteOptions())
  try {
    db.pragma('secure_delete = ON')
    migrate(db, OUTBOX_MIGRATIONS, { what: WHAT })
    const ins = db.prepare(`INSERT INTO outbox (${OUTBOX_COLUMNS.join(', ')}) VALUES (${OUTBOX_COLUMNS.map((c) => `@${c}`).join(', ')})`)
    const acc = db.prepare('INSERT OR REPLACE INTO accounts (token_digest, claimed, verdict, account, how, at) VALUES (?, ?, ?, ?, ?, ?)')
    db.transaction(() => {
      for (const r of found.rows) {
        try {
          ins.run(r)
        } catch {
          // A row whose values break a constraint: not an outbox row after all.
        }
      }
      for (const a of found.accounts) acc.run(...a)
      // No id is given twice: ids the damaged file gave stay used.
      db.prepare("INSERT OR REPLACE INTO sqlite_sequence (name, seq) VALUES ('outbox', max(?, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)))").run(found.maxId)
    })()
  } finally {
    db.close()
  }
}

function removeDatabase(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
}

// --- one salvage at a time across processes ----------------------------------------------------------

const LOCK_WAIT_MS = 60_000

function lockFile(file: string): string {
  return `${file}.salvage-lock`
}

/** True while another live process on this machine holds the salvage lock. */
function lockHeld(lock: string): boolean {
  let text: string
  try {
    text = readFileSync(lock, 'utf8')
  } catch {
    return false
  }
  const [host, pid] = text.trim().split(':')
  return host !== hostname() || (Number(pid) !== process.pid && processRuns(Number(pid)))
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

function withSalvageLock<T>(file: string, fn: () => T): T {
  const lock = lockFile(file)
  const deadline = Date.now() + LOCK_WAIT_MS
  for (;;) {
    try {
      writeFileSync(lock, `${hostname()}:${process.pid}`, { flag: 'wx', mode: 0o600 })
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      // Left by a process that died: taken over.
      if (!lockHeld(lock)) rmSync(lock, { force: true })
      else if (Date.now() > deadline) throw new Error(`Another PlanDesk is repairing ${file}; try again when it has finished.`)
      else sleepSync(100)
    }
  }
  try {
    return fn()
  } finally {
    rmSync(lock, { force: true })
  }
}

/** While another process salvages the file, its path may be empty for a moment: never create a new file there then. */
function waitForSalvage(file: string): void {
  const lock = lockFile(file)
  const deadline = Date.now() + LOCK_WAIT_MS
  while (existsSync(lock) && lockHeld(lock) && Date.now() < deadline) sleepSync(50)
}

// --- the upgrade: rows from a cache that held the outbox (before its migration 009) ---------------------

/**
 * Puts rows into the attached outbox file, in one transaction that writes only that file.
 * - `carry` (the cache's own outbox, before 009 drops it): a row already copied (same plan,
 *   kind, payload, author and creation time under the same id) takes the cache's newer state;
 *   an id the file already gave to another decision gets a new id.
 * - `salvage` (rows read from a damaged cache): only decisions the file does not have yet are
 *   added; nothing in the file is changed.
 * Returns how many open decisions the rows held.
 */
export function mergeOutboxRows(
  db: DB,
  rows: OutboxRecord[],
  mode: 'carry' | 'salvage',
  attempts: Map<number, Array<Record<string, SqlValue>>> = new Map(),
): number {
  const s = OUTBOX_SCHEMA
  const same = db.prepare(
    `SELECT id FROM ${s}.outbox WHERE plan_pk = @plan_pk AND kind = @kind AND payload = @payload AND author = @author AND created_at = @created_at`,
  )
  const byId = db.prepare(`SELECT id FROM ${s}.outbox WHERE id = ?`).pluck()
  const cols = OUTBOX_COLUMNS.filter((c) => c !== 'id')
  const insert = db.prepare(`INSERT INTO ${s}.outbox (${OUTBOX_COLUMNS.join(', ')}) VALUES (${OUTBOX_COLUMNS.map((c) => `@${c}`).join(', ')})`)
  const update = db.prepare(`UPDATE ${s}.outbox SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`)
  const attempt = db.prepare(
    `INSERT OR REPLACE INTO ${s}.outbox_attempts (entry_id, n, kind, started_at, finished_at, outcome, error, owner)
     VALUES (@entry_id, @n, @kind, @started_at, @finished_at, @outcome, @error, @owner)`,
  )
  let open = 0
  db.transaction(() => {
    for (const row of rows) {
      const twin = (same.all(row) as Array<{ id: number }>).map((r) => r.id)
      let id: number
      if (twin.includes(row.id as number) || (mode === 'salvage' && twin.length > 0)) {
        id = twin.includes(row.id as number) ? (row.id as number) : twin[0]
        if (mode === 'salvage') continue
        update.run({ ...row, id })
      } else {
        const taken = byId.get(row.id) !== undefined
        id = Number(insert.run({ ...row, id: taken ? null : row.id }).lastInsertRowid)
      }
      if (isOpen(row.state as OutboxState)) open++
      for (const a of attempts.get(row.id as number) ?? []) attempt.run({ ...a, entry_id: id })
    }
  }).immediate()
  return open
}

/**
 * The upgrade's copy: a cache that still has its own `outbox` table (written by a PlanDesk
 * before the outbox had a file) has its rows copied into the attached file, durably, before
 * migration 009 drops them from the cache. Copying twice (a crash between the two) finds them
 * there and copies nothing new. Returns how many open decisions were carried.
 */
export function carryCacheOutbox(db: DB): number {
  const legacy = db.prepare("SELECT count(*) AS n FROM main.sqlite_master WHERE type = 'table' AND name = 'outbox'").get() as { n: number }
  if (legacy.n === 0) return 0
  // A cache's own outbox predates the batch column (outbox 2): none of its rows has one.
  const rows = (db.prepare('SELECT * FROM main.outbox ORDER BY id').all() as OutboxRecord[]).map((r) => ({ ...r, batch: r.batch ?? null }))
  if (rows.length === 0) return 0
  const attempts = new Map<number, Array<Record<string, SqlValue>>>()
  for (const a of db.prepare('SELECT * FROM main.outbox_attempts ORDER BY entry_id, n').all() as Array<Record<string, SqlValue>>) {
    const list = attempts.get(a.entry_id as number) ?? []
    list.push(a)
    attempts.set(a.entry_id as number, list)
  }
  return mergeOutboxRows(db, rows, 'carry', attempts)
}

// --- facts for the person ---------------------------------------------------------------------------

/** Open decisions in the attached outbox. */
export function openDecisions(db: DB): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${OUTBOX_SCHEMA}.outbox WHERE state IN ${OPEN_STATES_SQL}`).get() as { n: number }).n
}

/**
 * Open decisions in an outbox file, counted without creating it (null: none there, or
 * unreadable). Read-write, though it only reads: a read-only connection to a WAL file leaves
 * its -wal and -shm files behind, which this one's close removes.
 */
export function openDecisionsIn(file: string): number | null {
  if (!existsSync(file)) return null
  let db: DB | null = null
  try {
    db = new Database(file, sqliteOptions({ fileMustExist: true }))
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    return (db.prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ${OPEN_STATES_SQL}`).get() as { n: number }).n
  } catch {
    return null
  } finally {
    try {
      db?.close()
    } catch {
      // already unusable
    }
  }
}

export function readMeta(db: DB, key: string): unknown {
  const r = db.prepare(`SELECT value FROM ${OUTBOX_SCHEMA}.outbox_meta WHERE key = ?`).get(key) as { value: unknown } | undefined
  return r?.value ?? null
}

export function writeMeta(db: DB, key: string, value: unknown): void {
  db.prepare(`INSERT OR REPLACE INTO ${OUTBOX_SCHEMA}.outbox_meta (key, value) VALUES (?, ?)`).run(key, value)
}

/** "Your 20 unsent decisions are kept." */
export function keptWords(open: number): string {
  if (open === 0) return 'No unsent decision was waiting.'
  return `Your ${plural(open, 'unsent decision is', 'unsent decisions are')} kept (they are stored apart from the cache) and ${open === 1 ? 'is' : 'are'} sent as usual.`
}

