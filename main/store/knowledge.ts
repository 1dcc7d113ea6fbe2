/**
 * What the cache learned about its server (migration 010): the status changes it refused, with
 * its words and when, and the transaction types its payment plans use. The cache belongs to one
 * server, so this is that server's.
 */
import type { Database, Statement } from 'better-sqlite3'
import type { LearnedRefusal } from '../../preload/contract'
import { paymentPlanLines, transactionTypeChoices } from '../domain'

/** The transaction types a server copy's payment plan uses (none empty). */
export function paymentTypesOf(paymentPlan: unknown): string[] {
  return (paymentPlanLines(paymentPlan) ?? []).map((line) => line.transactionType).filter((type) => type !== '')
}

export class ServerKnowledge {
  private readonly putRefusal: Statement<[string, string, string, string]>
  private readonly delRefusal: Statement<[string, string]>
  private readonly allRefusals: Statement<[], { from_status: string; to_status: string; message: string; learned_at: string }>
  private readonly putType: Statement<[string, string]>
  private readonly allTypes: Statement<[], string>

  constructor(db: Database) {
    this.putRefusal = db.prepare(
      `INSERT INTO learned_refusals (from_status, to_status, message, learned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (from_status, to_status) DO UPDATE SET message = excluded.message, learned_at = excluded.learned_at`,
    )
    this.delRefusal = db.prepare('DELETE FROM learned_refusals WHERE from_status = ? AND to_status = ?')
    this.allRefusals = db.prepare('SELECT from_status, to_status, message, learned_at FROM learned_refusals ORDER BY from_status, to_status')
    this.putType = db.prepare('INSERT OR IGNORE INTO payment_types (type, seen_at) VALUES (?, ?)')
    this.allTypes = db.prepare('SELECT type FROM payment_types').pluck() as Statement<[], string>
  }

  /** The server refused X → Y: kept (the newest words and date of a pair replace the older). */
  learnRefusal(from: string, to: string, message: string, at: string): void {
    this.putRefusal.run(from, to, message, at)
  }

  /** The server accepted X → Y: whatever it refused before no longer holds. */
  forgetRefusal(from: string, to: string): void {
    this.delRefusal.run(from, to)
  }

  /** What the server said when it refused X → Y, or null when it never did (or accepted it since). */
  refusal(from: string, to: string): LearnedRefusal | null {
    return this.refusals().find((r) => r.from === from && r.to === to) ?? null
  }

  refusals(): LearnedRefusal[] {
    return this.allRefusals.all().map((r) => ({ from: r.from_status, to: r.to_status, message: r.message, learnedAt: r.learned_at }))
  }

  /** The types of a server copy's payment plan, kept as the server uses them. */
  notePaymentPlan(paymentPlan: unknown, at: string): void {
    this.notePaymentTypes(paymentTypesOf(paymentPlan), at)
  }

  /** The types paymentTypesOf found in a server copy (readied away from the writing thread: store/prepare.ts). */
  notePaymentTypes(types: readonly string[], at: string): void {
    for (const type of types) this.putType.run(type, at)
  }

  /** The transaction types to choose from: the documented one first, then those the server's payment plans use. */
  transactionTypes(): string[] {
    return transactionTypeChoices(this.allTypes.all())
  }
}
