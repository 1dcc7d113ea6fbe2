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
  const records = new Uint8Array(page.plans.reduce((n, p) => n + p.prepared.record.length, 0))
  const ends: number[] = []
  let at = 0
  const plans = page.plans.map(({ prepared: { record, ...rest }, ...plan }) => {
    records.set(record, at)
    ends.push((at += record.length))
    return { ...plan, prepared: rest }
  })
  return { ...page, plans, records, ends }
}

export function fromWire(wire: PageOnTheWire): ListPage<ReadPlan> {
  const { records, ends, ...page } = wire
  const all = Buffer.from(records.buffer, records.byteOffset, records.byteLength)
  return {
    ...page,
    plans: wire.plans.map((plan, i) => ({ ...plan, prepared: { ...plan.prepared, record: all.subarray(i === 0 ? 0 : ends[i - 1], ends[i]) } })),
  }
}

/** An error between threads: the client's own kind kept, so it is worded and retried as if read here. */
export interface ErrorOnTheWire {
  name: string
  message: string
  kind?: OmnitronError['kind']
}

export function errorToWire(e: unknown): ErrorOnTheWire {
  if (e instanceof OmnitronError) return { name: e.name, message: e.message, kind: e.kind }
  return { name: (e as Error)?.name ?? 'Error', message: (e as Error)?.message ?? String(e) }
}

export function errorFromWire(w: ErrorOnTheWire): Error {
  if (w.kind !== undefined) return new OmnitronError(w.kind, w.message)
  const e = new Error(w.message)
  e.name = w.name
  return e
}
