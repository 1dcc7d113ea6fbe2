/**
 * Fills the database with generated plans, or reuses a file database generated earlier with the
 * same seed and plan count (so a demo database keeps its edits across restarts). Plans are
 * inserted in batches, one transaction each, with prepared statements; indexes come last.
 */
import { PlanGenerator } from './data/generator'
import { RefStore } from './data/refs'
import { createIndexes, dropIndexes, type PlanTable } from './db'

const BATCH = 2000
/** Bumped whenever generated data changes shape, so stale simulator files are regenerated. */
const DATA_VERSION = '3'

export interface Populated {
  generator: PlanGenerator
  refs: RefStore
  /** The instant the data is anchored to (persisted with a file database). */
  anchorUs: number
  reused: boolean
}

export function populate(table: PlanTable, opts: { seed: number; plans: number; nowUs: number }): Populated {
  const { db } = table
  const signature = JSON.stringify({ seed: opts.seed, plans: opts.plans, v: DATA_VERSION })
  if (table.getMeta('signature') === signature) {
    const anchorUs = Number(table.getMeta('anchor_us'))
    const generator = new PlanGenerator(opts.seed, anchorUs, opts.plans)
    const refs = new RefStore()
    for (const row of db.prepare('SELECT key, json FROM refs').all() as { key: string; json: string }[]) {
      refs.setJson(row.key, row.json)
    }
    return { generator, refs, anchorUs, reused: true }
  }

  dropIndexes(db)
  // New data, new users: tokens of the old ones go too.
  db.exec('DELETE FROM plans; DELETE FROM plan_json; DELETE FROM plan_tags; DELETE FROM audit; DELETE FROM refs; DELETE FROM meta; DELETE FROM tokens;')
  const generator = new PlanGenerator(opts.seed, opts.nowUs, opts.plans)
  const refs = generator.reference.refs
  const times = generator.createdTimes(opts.plans)
  // Related plans always point back to an earlier pk, so their type is known by then.
  const planTypes = new Map<number, string>()
  const insertBatch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const pk = i + 1
      const { plan, tags } = generator.generate(pk, times[i])
      const relatedType = plan.related_cancellation_plan === null ? null : planTypes.get(plan.related_cancellation_plan) ?? null
      if (plan.plan_type === 'cancel') planTypes.set(pk, plan.plan_type)
      table.insertGenerated(plan, relatedType, tags)
    }
  })
  for (let from = 0; from < opts.plans; from += BATCH) insertBatch(from, Math.min(opts.plans, from + BATCH))

  const insertRef = db.prepare('INSERT OR REPLACE INTO refs (key, json) VALUES (?, ?)')
  db.transaction(() => {
    for (const [key, json] of refs.entries()) insertRef.run(key, json)
  })()
  createIndexes(db)
  table.setMeta('signature', signature)
  table.setMeta('anchor_us', String(opts.nowUs))
  return { generator, refs, anchorUs: opts.nowUs, reused: false }
}
