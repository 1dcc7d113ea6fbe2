/**
 * One list page read from the bytes of its answer and readied for the cache, as the page worker
 * does it (page-worker.ts) and as the page reader does it itself when it has no worker
 * (page-reader.ts): decoded, parsed and checked as the client reads a page (omnitron
 * readListBody), then each plan readied for the write (store preparePlan). Also the page's form
 * on its way between threads: the plans without their server objects, and their records in one
 * buffer.
 */
import { OmnitronError, readListBody, type ListPage, type PlanCheckOptions } from '../omnitron'
import { type PreparedPlan, preparePlan } from '../store/prepare'
import { LeaseLostError, type LeaseName } from '../store/lease'

/** A plan of a read page: what sync reads of it and what the cache writes. */
export interface ReadPlan {
  pk: number
  status: string
  modifiedDate: string
  prepared: PreparedPlan
}

export function readPage(bytes: Uint8Array, check: PlanCheckOptions): ListPage<ReadPlan> {
  const page = readListBody(bytes, check)
  return {
    ...page,
    plans: page.plans.map((plan) => ({ pk: plan.pk, status: plan.status, modifiedDate: plan.modifiedDate, prepared: preparePlan(plan, plan.bytes) })),
  }
}

/** A read page between threads: each plan's record is a range of `records`, which travels without a copy. */
export interface PageOnTheWire extends Omit<ListPage<ReadPlan>, 'plans'> {
  plans: Array<Omit<ReadPlan, 'prepared'> & { prepared: Omit<PreparedPlan, 'record'> }>
  records: Uint8Array
  /** Where each plan's record ends in `records`. */
  ends: number[]
}

export function toWire(page: ListPage<ReadPlan>): PageOnTheWire {
  const plans = page.plans.map(({ prepared: { record: _record, ...rest }, ...plan }) => ({ ...plan, prepared: rest }))
  return { ...page, plans, ...packRecords(page.plans.map((p) => p.prepared.record)) }
}

export function fromWire(wire: PageOnTheWire): ListPage<ReadPlan> {
  const { records, ends, ...page } = wire
  const each = unpackRecords(records, ends)
  return { ...page, plans: wire.plans.map((plan, i) => ({ ...plan, prepared: { ...plan.prepared, record: each[i] } })) }
}

/**
 * A page whose readied plans went to the writer thread (walk-writer.ts): the sync's thread gets
 * only what it reads of each plan.
 */
export interface LightOnTheWire extends Omit<ListPage<ReadPlan>, 'plans'> {
  plans: Array<Omit<ReadPlan, 'prepared'>>
}

export function toLight(page: ListPage<ReadPlan>): LightOnTheWire {
  return { ...page, plans: page.plans.map(({ pk, status, modifiedDate }) => ({ pk, status, modifiedDate })) }
}

/** Records in one buffer, which a message between threads moves without a copy; `ends` says where each ends. */
export function packRecords(list: readonly Uint8Array[]): { records: Uint8Array; ends: number[] } {
  const records = new Uint8Array(list.reduce((n, r) => n + r.length, 0))
  const ends: number[] = []
  let at = 0
  for (const r of list) {
    records.set(r, at)
    ends.push((at += r.length))
  }
  return { records, ends }
}

/** The records packRecords put in one buffer, as views of it. */
export function unpackRecords(records: Uint8Array, ends: readonly number[]): Buffer[] {
  const all = Buffer.from(records.buffer, records.byteOffset, records.byteLength)
  return ends.map((end, i) => all.subarray(i === 0 ? 0 : ends[i - 1], end))
}

/**
 * An error between threads: the client's own kind kept, so it is worded and retried as if read
 * here; SQLite's code kept (a full disk, a damaged file); a lost lease stays one.
 */
export interface ErrorOnTheWire {
  name: string
  message: string
  kind?: OmnitronError['kind']
  code?: string
  lease?: LeaseName
}

export function errorToWire(e: unknown): ErrorOnTheWire {
  if (e instanceof OmnitronError) return { name: e.name, message: e.message, kind: e.kind }
  if (e instanceof LeaseLostError) return { name: e.name, message: e.message, lease: e.lease }
  const code = (e as { code?: unknown } | null)?.code
  return { name: (e as Error)?.name ?? 'Error', message: (e as Error)?.message ?? String(e), ...(typeof code === 'string' ? { code } : {}) }
}

export function errorFromWire(w: ErrorOnTheWire): Error {
  if (w.kind !== undefined) return new OmnitronError(w.kind, w.message)
  if (w.lease !== undefined) return new LeaseLostError(w.lease)
  const e = new Error(w.message) as Error & { code?: string }
  e.name = w.name
  if (w.code !== undefined) e.code = w.code
  return e
}
