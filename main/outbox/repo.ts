/**
 * The outbox's SQL: offline edits written durably with the plan's server state they were made
 * against, their replay states and attempts, and the history. Knows SQLite and nothing of HTTP;
 * the replay (replay.ts) decides, this file records. Every state change is one IMMEDIATE
 * transaction, committed (synchronous = FULL) before the caller goes on.
 */
import type { Statement } from 'better-sqlite3'
import type { WritableDB } from '../store/connection'
import type {
  IpcError,
  OutboxEntry,
  OutboxListQuery,
  OutboxPage,
  OutboxState,
  PaymentPlanLine,
  PlanServerState,
  WaitReason,
} from '../../preload/contract'
import { assertOutboxInPlace, OutboxReplacedError } from './file'
import { isOpen, OPEN_STATES_SQL, OUTBOX_STATES, WAITING_STATES, WAITING_STATES_SQL } from './states'
import { type QueueHead, type WaitContext, waitReason } from './wait-reason'

export interface OutboxRow {
  id: number
  plan_pk: number
  kind: 'status' | 'payment_plan'
  payload: string
  target_status: string | null
  base_status: string
  base_modified: string
  base_payment_plan: string | null
  author: string
  created_at: string
  state: OutboxState
  attempts: number
  read_failures: number
  next_attempt_at: string | null
  last_error: string | null
  server_snapshot: string | null
  result: string | null
  updated_at: string
  finished_at: string | null
  /** The bulk decision it was made in, or null. */
  batch: string | null
}

/** The request body an entry sends (a payment plan queued by an older PlanDesk may also carry a refund_amount, which is never sent). */
export type OutboxPayload = { status: string } | { payment_plan: Array<{ transaction_type: string; order_items: number[] }> }

export interface NewEntry {
  planPk: number
  kind: 'status' | 'payment_plan'
  payload: OutboxPayload
  targetStatus: string | null
  base: PlanServerState
  author: string
  /** The bulk decision it is part of. */
  batch?: string | null
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null
  try {
    return JSON.parse(text) as T
  } catch {
    return null
  }
}

export function toLines(payload: OutboxPayload): PaymentPlanLine[] | null {
  if (!('payment_plan' in payload)) return null
  return payload.payment_plan.map((l) => ({ transactionType: l.transaction_type, orderItems: l.order_items }))
}

export function toEntry(r: OutboxRow, currentAuthor: string | null, wait: WaitReason | null = null): OutboxEntry {
  const payload = parseJson<OutboxPayload>(r.payload) ?? { status: r.target_status ?? '' }
  const open = isOpen(r.state)
  return {
    id: r.id,
    planPk: r.plan_pk,
    kind: r.kind,
    targetStatus: r.target_status,
    paymentPlan: toLines(payload),
    base: { status: r.base_status, modifiedDate: r.base_modified, paymentPlan: parseJson(r.base_payment_plan) },
    author: r.author,
    createdAt: r.created_at,
    state: r.state,
    attempts: r.attempts,
    readFailures: r.read_failures,
    nextAttemptAt: r.next_attempt_at,
    lastError: parseJson<IpcError>(r.last_error),
    server: parseJson<PlanServerState>(r.server_snapshot),
    result: r.result,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    waitingFor: open && r.author !== currentAuthor ? r.author : null,
    waitReason: wait,
    batch: r.batch,
  }
}

export class OutboxRepo {
  private readonly ins: Statement
  private readonly byId: Statement<[number], OutboxRow>
  private readonly openOfPlan: Statement<[number], OutboxRow>
  private readonly insAttempt: Statement
  private readonly endAttempt: Statement
  private readonly countAttempts: Statement<[number], { n: number }>

  constructor(
    private readonly db: WritableDB,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.ins = db.prepare(`
      INSERT INTO outbox (plan_pk, kind, payload, target_status, base_status, base_modified, base_payment_plan,
        author, created_at, state, updated_at, batch)
      VALUES (@plan_pk, @kind, @payload, @target_status, @base_status, @base_modified, @base_payment_plan,
        @author, @at, 'pending', @at, @batch)`)
    this.byId = db.prepare('SELECT * FROM outbox WHERE id = ?')
    this.openOfPlan = db.prepare(`SELECT * FROM outbox WHERE plan_pk = ? AND state IN ${OPEN_STATES_SQL} ORDER BY id`)
    this.insAttempt = db.prepare(`
      INSERT INTO outbox_attempts (entry_id, n, kind, started_at, owner) VALUES (@entry_id, @n, @kind, @at, @owner)`)
    this.endAttempt = db.prepare(`
      UPDATE outbox_attempts SET finished_at = @at, outcome = @outcome, error = @error WHERE entry_id = @entry_id AND n = @n`)
    this.countAttempts = db.prepare('SELECT count(*) AS n FROM outbox_attempts WHERE entry_id = ?')
  }

  private iso(): string {
    return this.now().toISOString()
  }

  /**
   * Runs fn in one IMMEDIATE write transaction (nested: a savepoint). First of all it checks
   * that the outbox's file is still the one at its path: another process may have moved a
   * damaged one aside, and a decision written to the old one would be lost.
   */
  tx<T>(fn: () => T): T {
    try {
      return this.db
        .transaction(() => {
          assertOutboxInPlace(this.db)
          return fn()
        })
        .immediate()
    } catch (e) {
      // SQLite may notice first (a file renamed under a WAL connection is an I/O error): say what happened.
      if (!(e instanceof OutboxReplacedError)) assertOutboxInPlace(this.db)
      throw e
    }
  }

  /** Writes a new edit; durable when this returns (synchronous = FULL). */
  add(e: NewEntry): OutboxRow {
    return this.tx(() => {
      const info = this.ins.run({
        plan_pk: e.planPk,
        kind: e.kind,
        payload: JSON.stringify(e.payload),
        target_status: e.targetStatus,
        base_status: e.base.status,
        base_modified: e.base.modifiedDate,
        base_payment_plan: e.base.paymentPlan === null || e.base.paymentPlan === undefined ? null : JSON.stringify(e.base.paymentPlan),
        author: e.author,
        at: this.iso(),
        batch: e.batch ?? null,
      })
      return this.byId.get(Number(info.lastInsertRowid))!
    })
  }

  get(id: number): OutboxRow | null {
    return this.byId.get(id) ?? null
  }

  /** The open edits of a plan, oldest first (the order they replay in). */
  openForPlan(pk: number): OutboxRow[] {
    return this.openOfPlan.all(pk)
  }

  list(q: OutboxListQuery = {}): { total: number; rows: OutboxRow[] } {
    const where: string[] = []
    const params: unknown[] = []
    if (q.states && q.states.length > 0) {
      where.push(`state IN (${q.states.map(() => '?').join(', ')})`)
      params.push(...q.states)
    }
    if (q.planPk !== undefined) {
      where.push('plan_pk = ?')
      params.push(q.planPk)
    }
    if (q.batch !== undefined) {
      where.push('batch = ?')
      params.push(q.batch)
    }
    const w = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
    return this.db
      .transaction(() => {
        const total = (this.db.prepare(`SELECT count(*) AS n FROM outbox ${w}`).get(...params) as { n: number }).n
        const rows = this.db.prepare(`SELECT * FROM outbox ${w} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...params, q.limit ?? 200, q.offset ?? 0) as OutboxRow[]
        return { total, rows }
      })
      .deferred()
  }

  page(q: OutboxListQuery, ctx: Omit<WaitContext, 'now'>): OutboxPage {
    const { total, rows } = this.list(q)
    return { total, entries: this.entries(rows, ctx) }
  }

  /** Rows as the contract's entries, each waiting one with why it waits (wait-reason.ts). */
  entries(rows: readonly OutboxRow[], ctx: Omit<WaitContext, 'now'>): OutboxEntry[] {
    const heads = this.headsOf([...new Set(rows.filter((r) => r.state === 'pending').map((r) => r.plan_pk))])
    const full = { ...ctx, now: this.now() }
    return rows.map((r) => toEntry(r, ctx.author, waitReason(r, heads.get(r.plan_pk) ?? null, full)))
  }

  /** The first open change of each of these plans (what each plan's queue waits on). */
  private headsOf(pks: readonly number[]): Map<number, QueueHead> {
    const out = new Map<number, QueueHead>()
    for (let i = 0; i < pks.length; i += 500) {
      const chunk = pks.slice(i, i + 500)
      const rows = this.db
        .prepare(
          `SELECT o.id, o.plan_pk, o.state, o.author FROM outbox o
            WHERE o.id IN (SELECT min(id) FROM outbox WHERE state IN ${OPEN_STATES_SQL} AND plan_pk IN (${chunk.map(() => '?').join(', ')}) GROUP BY plan_pk)`,
        )
        .all(...chunk) as Array<QueueHead & { plan_pk: number }>
      for (const r of rows) out.set(r.plan_pk, { id: r.id, state: r.state, author: r.author })
    }
    return out
  }

  counts(): Record<OutboxState, number> {
    const out = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>
    for (const r of this.db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as Array<{ state: OutboxState; n: number }>) {
      out[r.state] = r.n
    }
    return out
  }

  oldestOpenAt(): string | null {
    const r = this.db.prepare(`SELECT min(created_at) AS at FROM outbox WHERE state IN ${OPEN_STATES_SQL}`).get() as { at: string | null }
    return r.at
  }

  openOfOthers(author: string | null): number {
    const r = this.db.prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ${OPEN_STATES_SQL} AND author IS NOT ?`).get(author) as { n: number }
    return r.n
  }

  /**
   * The plans whose first open edit is this author's and may be tried now: the head of each
   * plan's queue, when it is pending (or was left sending by a process that died) and due.
   * A plan whose head is failed, in conflict, needs checking or belongs to someone else waits.
   */
  dueHeads(author: string, at: string = this.iso(), limit = 10_000): OutboxRow[] {
    return this.db
      .prepare(
        `SELECT o.* FROM outbox o
          WHERE o.id IN (SELECT min(id) FROM outbox WHERE state IN ${OPEN_STATES_SQL} GROUP BY plan_pk)
            AND o.author = ? AND o.state IN ${WAITING_STATES_SQL}
            AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
          ORDER BY o.id LIMIT ?`,
      )
      .all(author, at, limit) as OutboxRow[]
  }

  /** When this author's next waiting edit is due (null: nothing waits). */
  nextDueAt(author: string): string | null {
    const r = this.db
      .prepare(
        `SELECT min(coalesce(o.next_attempt_at, o.created_at)) AS at FROM outbox o
          WHERE o.id IN (SELECT min(id) FROM outbox WHERE state IN ${OPEN_STATES_SQL} GROUP BY plan_pk)
            AND o.author = ? AND o.state IN ${WAITING_STATES_SQL}`,
      )
      .get(author) as { at: string | null }
    return r.at
  }

  /**
   * Marks an entry as being sent, BEFORE the request leaves: a crash from here on leaves it
   * `sending` with attempts counted, so the next replay reads the plan back first.
   * Returns the attempt number, or null when the entry no longer waits (it was discarded meanwhile).
   */
  beginSend(id: number, owner: string, guard?: () => void): number | null {
    return this.tx(() => {
      guard?.()
      const row = this.byId.get(id)
      // Discarded (or settled by another path) since it was picked: not sent.
      if (!row || !WAITING_STATES.includes(row.state)) return null
      const at = this.iso()
      // A new attempt: the last one's error no longer says how the change stands.
      this.statement("UPDATE outbox SET state = 'sending', attempts = attempts + 1, last_error = NULL, updated_at = ? WHERE id = ?").run(at, id)
      const n = this.countAttempts.get(id)!.n + 1
      this.insAttempt.run({ entry_id: id, n, kind: 'send', at, owner })
      return n
    })
  }

  endAttemptRow(id: number, n: number, outcome: string, error: IpcError | null): void {
    this.endAttempt.run({ entry_id: id, n, at: this.iso(), outcome, error: error ? JSON.stringify(error) : null })
  }

  /**
   * Moves an entry to a new state with what decided it; its last error becomes `lastError` (none
   * when not given). `attempt` closes that attempt row in the same transaction.
   */
  settle(
    id: number,
    change: {
      state: OutboxState
      result?: string | null
      lastError?: IpcError | null
      server?: PlanServerState | null
      nextAttemptAt?: string | null
      attempt?: { n: number; outcome: string }
    },
    guard?: () => void,
    /** The states the entry may be in for this change; otherwise nothing is written and null returned (it moved on meanwhile). */
    from?: readonly OutboxState[],
  ): OutboxRow | null {
    const settled = this.tx(() => {
      guard?.()
      if (from) {
        const now = this.byId.get(id)
        if (!now || !from.includes(now.state)) return null
      }
      const at = this.iso()
      const finished = change.state === 'applied' || change.state === 'discarded'
      // A settled decision means the plan was read (or answered): the read-failure streak ends.
      const sets = ['state = @state', 'updated_at = @at', 'read_failures = 0']
      const params: Record<string, unknown> = { id, state: change.state, at }
      if (change.result !== undefined) {
        sets.push('result = @result')
        params.result = change.result
      }
      // Every outcome says how the change stands now: an error from before it (a failed read, an
      // earlier attempt) is cleared unless this outcome is itself an error.
      sets.push('last_error = @last_error')
      params.last_error = change.lastError ? JSON.stringify(change.lastError) : null
      if (change.server !== undefined) {
        sets.push('server_snapshot = @server')
        params.server = change.server ? JSON.stringify(change.server) : null
      }
      if (change.nextAttemptAt !== undefined) {
        sets.push('next_attempt_at = @next')
        params.next = change.nextAttemptAt
      }
      sets.push(finished ? 'finished_at = @at' : 'finished_at = NULL')
      this.statement(`UPDATE outbox SET ${sets.join(', ')} WHERE id = @id`).run(params)
      if (change.state === 'applied') this.rebaseSuccessor(id)
      if (change.attempt) this.endAttemptRow(id, change.attempt.n, change.attempt.outcome, change.lastError ?? null)
      return this.byId.get(id)!
    })
    if (settled?.state === 'applied') this.showApplied(settled.plan_pk)
    return settled
  }

  /**
   * The server has the new status: the cached copy's status column says so at once (its JSON
   * follows with the next read of the plan), so the plan never shows the old value. A cache
   * write of its own, after the outbox's commit (one transaction over the two files would not
   * be atomic across a crash): what it writes follows from the outbox alone, so the next open
   * writes it again if it was lost (showAppliedStatuses). A cache that cannot take it (damaged,
   * a full disk) leaves it to the next sync.
   */
  private showApplied(planPk: number): void {
    try {
      this.showAppliedStatuses(planPk)
    } catch {
      // Derived data: the outbox holds what decides it.
    }
  }

  /**
   * Writes into the cache the status of each change applied after the plan's cached copy was
   * written (the newest one per plan), where the cached status differs; of one plan, or of all.
   */
  showAppliedStatuses(planPk?: number): number {
    const rows = this.db
      .prepare(
        `SELECT o.plan_pk AS pk, o.target_status AS status FROM outbox o JOIN plans p ON p.pk = o.plan_pk
          WHERE o.kind = 'status' AND o.state = 'applied' AND o.finished_at > p.synced_at ${planPk === undefined ? '' : 'AND o.plan_pk = @pk'}
          ORDER BY o.finished_at, o.id`,
      )
      .all(planPk === undefined ? {} : { pk: planPk }) as Array<{ pk: number; status: string }>
    if (rows.length === 0) return 0
    const last = new Map(rows.map((r) => [r.pk, r.status]))
    const st = this.statement('UPDATE plans SET status = ? WHERE pk = ? AND status <> ?')
    let n = 0
    this.db.transaction(() => {
      for (const [pk, status] of last) n += st.run(status, pk, status).changes
    }).immediate()
    return n
  }

  /**
   * The plan's next open edit was made against the server state before this one applied: in
   * the same transaction, its base becomes "the status this one set, at an unknown time", so
   * a replay that resumes after a crash compares it with that rather than seeing a conflict.
   * (The replay re-bases it precisely once it has read the plan back.)
   */
  private rebaseSuccessor(id: number): void {
    this.statement(
        `UPDATE outbox SET base_status = COALESCE((SELECT target_status FROM outbox WHERE id = @id), base_status), base_modified = '', updated_at = @at
          WHERE id = (SELECT min(n.id) FROM outbox n JOIN outbox o ON o.id = @id
                       WHERE n.plan_pk = o.plan_pk AND n.id > o.id AND n.state IN ${OPEN_STATES_SQL})`,
    ).run({ id, at: this.iso() })
  }

  /** Statements built from a few variants (settle's field sets): prepared once each. */
  private readonly statements = new Map<string, Statement>()
  private statement(sql: string): Statement {
    let st = this.statements.get(sql)
    if (!st) {
      st = this.db.prepare(sql)
      this.statements.set(sql, st)
    }
    return st
  }

  /** A new base for an entry (the server state it now applies to): after its predecessor applied, or "apply mine anyway". */
  rebase(id: number, base: PlanServerState, guard?: () => void): void {
    this.tx(() => {
      guard?.()
      this.statement('UPDATE outbox SET base_status = ?, base_modified = ?, base_payment_plan = ?, updated_at = ? WHERE id = ?').run(base.status, base.modifiedDate, base.paymentPlan == null ? null : JSON.stringify(base.paymentPlan), this.iso(), id)
    })
  }

  /**
   * Entries left `sending` by a process that died mid-request (never ones this process is
   * sending now, `exclude`): the outcome is unknown, so they go back to pending with their
   * attempts counted, which makes the next replay read them back first.
   */
  recoverInFlight(author: string, exclude: ReadonlySet<number>, guard?: () => void): number {
    return this.tx(() => {
      guard?.()
      let n = 0
      for (const row of this.db.prepare("SELECT id FROM outbox WHERE state = 'sending' AND author = ?").all(author) as Array<{ id: number }>) {
        if (exclude.has(row.id)) continue
        n += this.statement("UPDATE outbox SET state = 'pending', next_attempt_at = NULL, updated_at = ? WHERE id = ?").run(this.iso(), row.id).changes
      }
      return n
    })
  }

  /** A read-back before a send failed: recorded as an attempt, the streak counted, the next try scheduled. */
  noteReadFailure(id: number, owner: string, error: IpcError, nextAttemptAt: string | null, guard?: () => void): OutboxRow | null {
    return this.tx(() => {
      guard?.()
      const row = this.byId.get(id)
      if (!row || !WAITING_STATES.includes(row.state)) return null
      const at = this.iso()
      const n = this.countAttempts.get(id)!.n + 1
      this.insAttempt.run({ entry_id: id, n, kind: 'read_back', at, owner })
      this.endAttemptRow(id, n, 'failed', error)
      this.statement(
        "UPDATE outbox SET state = 'pending', read_failures = read_failures + 1, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?",
      ).run(JSON.stringify(error), nextAttemptAt, at, id)
      return this.byId.get(id)!
    })
  }

  /** The connection is back: this author's waiting edits are due now, whatever their backoff said. */
  makeDue(author: string): number {
    return this.tx(() => this.statement("UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending' AND author = ? AND next_attempt_at IS NOT NULL").run(author).changes)
  }

  /**
   * Of this author's changes that wait to be sent: when the next is tried by itself (the soonest
   * backoff), and why the soonest one that failed has not gone out (its last error).
   */
  waiting(author: string | null): { nextTryAt: string | null; waitingBecause: IpcError | null } {
    if (author === null) return { nextTryAt: null, waitingBecause: null }
    const next = this.db
      .prepare(`SELECT min(next_attempt_at) AS at FROM outbox WHERE author = ? AND state IN ${WAITING_STATES_SQL} AND next_attempt_at IS NOT NULL`)
      .get(author) as { at: string | null }
    const why = this.db
      .prepare(
        `SELECT last_error FROM outbox WHERE author = ? AND state IN ${WAITING_STATES_SQL} AND last_error IS NOT NULL
          ORDER BY coalesce(next_attempt_at, updated_at), id LIMIT 1`,
      )
      .get(author) as { last_error: string } | undefined
    return { nextTryAt: next.at, waitingBecause: why ? parseJson<IpcError>(why.last_error) : null }
  }

  /** This author's edits that still wait to be sent (pending or sending). */
  waitingOf(author: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ${WAITING_STATES_SQL} AND author = ?`).get(author) as { n: number }).n
  }

  /** Deletes history (applied and discarded entries) finished before the cut-off. */
  prune(before: string): number {
    return this.tx(() => this.db.prepare('DELETE FROM outbox WHERE finished_at IS NOT NULL AND finished_at < ?').run(before).changes)
  }

  attempts(id: number): Array<{ n: number; kind: string; startedAt: string; finishedAt: string | null; outcome: string | null; owner: string }> {
    return this.db
      .prepare('SELECT n, kind, started_at AS startedAt, finished_at AS finishedAt, outcome, owner FROM outbox_attempts WHERE entry_id = ? ORDER BY n')
      .all(id) as Array<{ n: number; kind: string; startedAt: string; finishedAt: string | null; outcome: string | null; owner: string }>
  }
}
