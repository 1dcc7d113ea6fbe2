/**
 * A server plan readied for the cache: everything PlanWriter writes of a new or changed plan
 * (its columns, item rows, search text, who last changed it, the hash of its JSON text and the
 * compressed record of that text). Sync readies each page's plans this way on a worker thread
 * as the pages arrive (main/sync/page-reader.ts), so the thread that writes them never parses,
 * hashes or compresses; a plan that arrives without it is readied at the write.
 */
import { createHash } from 'node:crypto'
import { userName } from '../domain'
import { type ItemRow, type PlanRow, planItems, planRow, searchText } from './extract'
import { paymentTypesOf } from './knowledge'
import { encodeRecord } from './record'
import type { PlanInput } from './types'

export interface PreparedPlan {
  row: PlanRow
  items: ItemRow[]
  /** The plan's text in the full-text index (extract.ts searchText). */
  text: string
  /** The server's `last_updated_by`, as a name: who made a status change the cache records. */
  changedBy: string | null
  /** The transaction types of its payment plan (knowledge.ts paymentTypesOf). */
  paymentTypes: string[]
  /** hashJson of the kept JSON text. */
  hash: string
  /** The stored record of the kept JSON text (record.ts). */
  record: Buffer
}

/** The hash of a kept JSON text (of its UTF-8 bytes), which tells an unchanged copy from a changed one. */
export function hashJson(json: string | Uint8Array): string {
  return createHash('sha1').update(json).digest('hex')
}

/** The JSON text the cache keeps of a plan: the server's own when the client had it, else `raw` written out. */
export function jsonOf(plan: PlanInput): string {
  return plan.json ?? JSON.stringify(plan.raw)
}

/** Readies a plan from its server object (`json`: the text kept of it, when already at hand as bytes). */
export function preparePlan(plan: PlanInput, json: string | Uint8Array = jsonOf(plan)): PreparedPlan {
  // One encoding of the text for both the hash and the record.
  const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json
  const items = planItems(plan.raw)
  const row = planRow(plan, items)
  return {
    row,
    items,
    text: searchText(plan, row, items),
    changedBy: userName(plan.raw.last_updated_by),
    paymentTypes: paymentTypesOf(plan.raw.payment_plan),
    hash: hashJson(bytes),
    record: encodeRecord(bytes),
  }
}
