/** Opens an in-memory store with fixture plans, and writes outbox rows directly (not a test file itself). */
import type { Database } from 'better-sqlite3'
import { openStore, type PlanStore } from '../../../main/store'
import { makePlan, planInput, type PlanFixture } from './fixtures'

export function memoryStore(fixtures: PlanFixture[] = []): PlanStore {
  const { store } = openStore({ file: ':memory:' })
  if (fixtures.length > 0) store.applyPlans(fixtures.map((f) => planInput(makePlan(f))), 1)
  return store
}

export interface EditFixture {
  /** kind status (default): the status the edit asks for. */
  targetStatus?: string
  kind?: 'status' | 'payment_plan'
  state?: 'pending' | 'sending' | 'applied' | 'failed' | 'conflict' | 'needs_checking' | 'discarded'
  lastError?: { code: string; message: string } | null
  server?: { status: string; modifiedDate: string; paymentPlan: unknown; by?: string | null } | null
}

/**
 * Writes one outbox row as the outbox would (raw SQL: these tests are about what the cache
 * shows over an edit, not about the outbox's own code). Returns the entry's id.
 */
export function addEdit(db: Database, planPk: number, e: EditFixture = {}): number {
  const kind = e.kind ?? 'status'
  const state = e.state ?? 'pending'
  const target = kind === 'status' ? (e.targetStatus ?? 'approved') : null
  const payload = kind === 'status' ? { status: target } : { transaction_type: 'refund', order_items: [1] }
  const at = '2026-03-01T00:00:00.000Z'
  const finished = state === 'applied' || state === 'discarded' ? at : null
  return Number(
    db
      .prepare(
        `INSERT INTO outbox (plan_pk, kind, payload, target_status, base_status, base_modified, author, created_at, state, updated_at, finished_at,
           last_error, server_snapshot)
         VALUES (?, ?, ?, ?, 'waiting', '2026-01-01T00:00:00.000Z', 'ayse', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        planPk, kind, JSON.stringify(payload), target, at, state, at, finished,
        e.lastError ? JSON.stringify(e.lastError) : null, e.server ? JSON.stringify(e.server) : null,
      ).lastInsertRowid,
  )
}
