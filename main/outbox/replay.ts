/**
 * The replay: sending the outbox to the server, exactly once, in order per plan. Runs under the
 * `push` lease, so the app and a CLI never replay one queue twice; replays only the signed-in person's edits (each is sent with its author's
 * credentials; other people's edits wait for them).
 *
 * One pass:
 * 1. Edits left `sending` by a process that died (not ones this process has in flight) go back
 *    to pending: their outcome is unknown.
 * 2. The head of each plan's queue that is due is read back first, just ahead of its send
 *    (`pk__in`, one request for a few plans, so a decision rests on a fresh read), and
 *    decided against the base it was made on (decide.ts):
 *    - the server already shows the change → applied (a lost response, a crash after the send,
 *      or someone made the same change), never sent again;
 *    - the plan changed since the base → conflict, kept beside the server's state for the person;
 *    - unchanged since the base → sent;
 *    - the read-back cannot tell → needs checking, never resent by itself.
 * 3. Sends run for several plans at once (bounded), one edit at a time per plan. An edit is
 *    marked `sending` (durably) before its request leaves. The answer is classified: 2xx
 *    applied; 400 failed with the server's messages (that plan's later edits wait behind it);
 *    403 failed (not allowed for this account); 404 failed, the plan no longer exists; 401
 *    pauses the whole queue until a new sign-in;
 *    anything else (5xx, network, time-out, a broken answer) has an unknown outcome and is
 *    retried after a backoff with full jitter (Retry-After honoured), read back first.
 * 4. When an edit applied and the same plan has more, the plan is read back; if it shows what
 *    the edit did, the next edit is re-based on it and sent in turn (otherwise decide() sees
 *    the conflict). A stopped replayer aborts its requests: their outcome is unknown too.
 */
import type { IpcError, OutboxState, OutboxSummary } from '../../preload/contract'
import { errorShape } from '../domain/errors'
import { type CheckedPlan, OmnitronError, type OmnitronClient } from '../omnitron'
import type { CacheLease } from '../store'
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from '../sync/retry'
import { userAccount } from '../domain'
import { conflictResult, decide, type ReadState, showsChange, snapshot, stateOf } from './decide'
import type { OutboxPayload, OutboxRepo, OutboxRow } from './repo'
import { OPEN_STATES, WAITING_STATES } from './states'

export interface ReplayerOptions {
  outbox: OutboxRepo
  client: OmnitronClient
  /** Whose edits this replayer sends (the signed-in person). */
  author: string
  lease: CacheLease
  /**
   * Plans replayed at once; default 8 (also the plans one read-back request asks for). Eight
   * requests in flight from one person is what a browser opens to one host; at 20 ms of server
   * latency four left a 1,000-edit replay bound by the round trips (B6: 9.3 to 9.7 s; eight: 5.6
   * to 7.4 s on the same machine). Exactly-once does not depend on it: each plan's edits still
   * go one at a time, each read back first.
   */
  concurrency?: number
  retry?: RetryPolicy
  now?: () => Date
  /** Something in the outbox changed state. */
  onChange?: () => void
  /** The server answered (online) or failed to (offline / server error): for the connection state. */
  onServerOk?: () => void
  onServerError?: (err: unknown) => void
  /** A pass applied edits: the app pulls what the server made of them. */
  onApplied?: (count: number) => void
  /** False while the cache cannot take writes (a full disk): nothing is sent, since no outcome could be recorded. */
  canWrite?: () => boolean
  /** A background replay failed outside the classified server answers (e.g. the disk is full). */
  onError?: (err: unknown) => void
  /** Fresh server copies of the plans whose edits applied, for the cache (so they do not show the old value until the next sync). */
  refresh?: (plans: CheckedPlan[]) => void
  /** Whose the token is, as far as known; without it every change goes out as if confirmed. */
  identity?: TokenIdentity
  /**
   * The server answered a status change X → Y it was sent: accepted (refused null) or refused as
   * invalid, with its words. What PlanDesk learns about the server's transitions (the seed defines none).
   */
  transition?: (t: { from: string; to: string; refused: IpcError | null; at: string }) => void
}

/**
 * Whose token the changes go out with. The server records who made each change (a plan's
 * last_updated_by): until it has recorded the author for a change sent with this token (or a
 * password sign-in gave the token), changes go out one at a time, each read back at once, so
 * a token of someone else sends at most one change before the queue stops.
 */
export interface TokenIdentity {
  /** The token's user is known to be the author. */
  confirmed(): boolean
  /** The account the token is known to belong to when it is not the author: nothing of the author's may go out with it. */
  otherAccount(): string | null
  /** The server recorded `account` for a change sent with the token: 'mismatch' when that is not the author. */
  observed(account: string): 'ok' | 'mismatch'
}

export interface ReplayResult {
  applied: number
  failed: number
  conflicts: number
  needsChecking: number
  /** Edits that will be tried again later (transient failures). */
  retrying: number
  /** The server no longer accepts the sign-in, or the token belongs to someone else: the queue waits for a new one. */
  paused: ReplayPause
  /** paused 'identity': the account the token belongs to. */
  tokenAccount?: string
  /** Another process holds the push lease (it is replaying this queue). */
  busy: boolean
}

const READ_CHUNK = 100
/** A time after every backoff: "due by then" is every waiting change. */
const ASKED_NOW = '9999-12-31T23:59:59.999Z'

export type ReplayPause = 'sign-in' | 'identity' | null

/** Thrown inside a pass to stop it when the server refuses the sign-in, or the token turns out to be someone else's. */
class PausedForAuth extends Error {}

export class OutboxReplayer {
  private pausedFor: ReplayPause = null
  /** paused 'identity': whose the token is. */
  private tokenAccount: string | null = null
  private running: Promise<ReplayResult> | null = null
  private timer: NodeJS.Timeout | null = null
  private stopped = true
  /** Aborted by stop(): ends waits and in-flight requests (an aborted send is an unknown outcome, read back next time). */
  private readonly halt = new AbortController()
  /** Entries whose request this process has in flight: never "recovered" as left over by a dead process. */
  private readonly inFlight = new Set<number>()
  private lastBusy = false
  private readonly concurrency: number
  private readonly retry: RetryPolicy
  private readonly now: () => Date

  constructor(private readonly opts: ReplayerOptions) {
    this.concurrency = opts.concurrency ?? 8
    this.retry = opts.retry ?? DEFAULT_RETRY
    this.now = opts.now ?? (() => new Date())
  }

  get paused(): ReplayPause {
    return this.pausedFor
  }

  /** When paused for identity: the account the token belongs to. */
  get pausedAccount(): string | null {
    return this.tokenAccount
  }

  get replaying(): boolean {
    return this.running !== null
  }

  /** Resolves when no replay runs in this process (for closing). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined)
  }

  /**
   * Replays what is due now. A call while a replay runs in this process joins it. `wait`:
   * wait for another process's replay of this cache instead of returning `busy`.
   */
  replay(opts: { wait?: boolean; signal?: AbortSignal; now?: boolean } = {}): Promise<ReplayResult> {
    // The person asked: what runs may leave out changes waiting for their backoff, so theirs runs after it.
    if (this.running && opts.now) return this.running.catch(() => undefined).then(() => this.replay(opts))
    if (this.running) return this.running
    const signal = opts.signal ? AbortSignal.any([opts.signal, this.halt.signal]) : this.halt.signal
    const run = this.replayNow({ wait: opts.wait, signal, now: opts.now }).finally(() => {
      this.running = null
      this.scheduleNext()
    })
    this.running = run
    return run
  }

  /** Keeps the queue draining by itself: now, and whenever the next waiting edit is due. */
  start(): void {
    this.stopped = false
    this.kick()
  }

  /** Stops the timer and what runs: waits for a lease end, requests in flight are aborted. */
  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.halt.abort()
  }

  /** Replays soon (an edit was queued, the connection came back). */
  kick(delayMs = 0): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.replay().catch((e: unknown) => {
        try {
          this.opts.onError?.(e)
        } catch {
          // A listener must not break the replay.
        }
      })
    }, delayMs)
    this.timer.unref?.()
  }

  private scheduleNext(): void {
    if (this.stopped || this.pausedFor) return
    let next: string | null = null
    try {
      next = this.opts.outbox.nextDueAt(this.opts.author)
    } catch {
      // Closed cache: nothing to schedule.
      return
    }
    // Edits of this person that wait (for a backoff, or for another process's replay to end)
    // are looked at again when due, and at least every 30 s; while another process replays,
    // every 2 s rather than at once.
    const floor = this.lastBusy ? 2_000 : 50
    const delay = next === null ? 30_000 : Math.min(30_000, Math.max(floor, Date.parse(next) - this.now().getTime()))
    this.kick(delay)
  }

  /**
   * `now`: the person asked (plandesk push, retry, "Send now"): every waiting change is tried
   * now, whatever its backoff said; a change that fails again gets its next automatic try from
   * the backoff as before (docs/design-rules.md §3.8).
   */
  private async replayNow(opts: { wait?: boolean; signal: AbortSignal; now?: boolean }): Promise<ReplayResult> {
    const result: ReplayResult = { applied: 0, failed: 0, conflicts: 0, needsChecking: 0, retrying: 0, paused: this.pausedFor, busy: false }
    const other = this.opts.identity?.otherAccount() ?? null
    if (other !== null) this.pauseForIdentity(other)
    if (this.pausedFor === 'identity') return { ...result, paused: 'identity', tokenAccount: this.tokenAccount ?? undefined }
    if (this.pausedFor || this.opts.canWrite?.() === false) return result
    const { lease, outbox, author } = this.opts
    try {
      const ran = await lease.run(
        async () => {
          if (outbox.recoverInFlight(author, this.inFlight, this.guard) > 0) this.changed()
          const tried = new Set<number>()
          for (;;) {
            if (opts.signal.aborted) break
            // Heads not yet tried in this replay: a head that failed and is due again at once
            // (Retry-After 0) waits for the next replay instead of spinning here.
            // Each change is tried once per replay (`tried`), so "now" never spins on a failing one.
            const dueBy = opts.now ? ASKED_NOW : this.now().toISOString()
            let heads = outbox.dueHeads(author, dueBy).filter((h) => !tried.has(h.id))
            if (heads.length === 0) break
            // A token whose user the server has not confirmed yet: one change at a time.
            if (!this.identityConfirmed()) heads = heads.slice(0, 1)
            for (const h of heads) tried.add(h.id)
            await this.pass(heads, result, opts.signal)
          }
          await this.refreshApplied(opts.signal)
          return true
        },
        { wait: opts.wait ?? false, signal: opts.signal },
      )
      this.lastBusy = ran === undefined && !opts.signal.aborted
      if (this.lastBusy) result.busy = true
    } catch (e) {
      if (e instanceof PausedForAuth) {
        result.paused = this.pausedFor
        if (this.pausedFor === 'identity') result.tokenAccount = this.tokenAccount ?? undefined
      }
      else if ((e as { code?: string }).code === 'busy' && !opts.wait) {
        result.busy = true
        this.lastBusy = true
      } else throw e
    }
    if (result.applied > 0) this.opts.onApplied?.(result.applied)
    return result
  }

  /** Plans whose edits applied in this replay, to refresh in the cache at its end. */
  private appliedPks = new Set<number>()

  private async refreshApplied(signal?: AbortSignal): Promise<void> {
    const pks = [...this.appliedPks]
    this.appliedPks.clear()
    if (!this.opts.refresh) return
    for (let i = 0; i < pks.length; i += READ_CHUNK) {
      const chunk = pks.slice(i, i + READ_CHUNK)
      try {
        const page = await this.opts.client.listPage({ pk__in: chunk }, 1, chunk.length, { signal })
        this.opts.refresh(page.plans.filter((p) => chunk.includes(p.pk)))
      } catch {
        // The next sync brings them; the edits themselves are settled.
      }
    }
    if (pks.length > 0) this.changed()
  }

  private identityConfirmed(): boolean {
    return this.opts.identity?.confirmed() ?? true
  }

  /**
   * Who the server recorded for a change this replay sent (the plan read back at once, while it
   * still shows the change): another account than the author stops the author's queue. Only
   * while the token is unconfirmed: later, another name there is a colleague's change made since.
   */
  private compareAuthor(row: OutboxRow, plan: CheckedPlan): void {
    const identity = this.opts.identity
    if (!identity || !showsChange(row, stateOf(plan))) return
    const account = userAccount(plan.raw.last_updated_by)
    if (account !== null && identity.observed(account) === 'mismatch') this.pauseForIdentity(account)
  }

  private pauseForIdentity(account: string): void {
    this.pausedFor = 'identity'
    this.tokenAccount = account
  }

  /** While the token is not confirmed: the change just applied is read back at once, before anything else goes out. */
  private async confirmIdentity(row: OutboxRow, signal: AbortSignal): Promise<void> {
    if (this.identityConfirmed()) return
    try {
      this.compareAuthor(row, await this.opts.client.getPlan(row.plan_pk, { signal }))
    } catch {
      // Not read: the token stays unconfirmed, and the next change is checked instead.
    }
    if (this.pausedFor === 'identity') throw new PausedForAuth()
  }

  private changed(): void {
    try {
      this.opts.onChange?.()
    } catch {
      // A listener must not break the replay.
    }
  }

  private guard = (): void => this.opts.lease.assertHeld()

  /**
   * Works through the due heads with a read-ahead: plans are read back a few at a time (one
   * request per `concurrency` plans), just ahead of the workers that send their edits, so a
   * decision rests on a read made about two round trips before its send (a colleague's change
   * made in that window can still be overwritten: the API has no conditional update). Workers
   * never wait for each other; one failing stops the others from starting new plans, and all
   * finish before the error is thrown.
   */
  private async pass(heads: OutboxRow[], result: ReplayResult, signal: AbortSignal): Promise<void> {
    const todo = [...heads]
    const ready: Array<{ row: OutboxRow; state: ReadState }> = []
    const window = this.concurrency * 2
    let reading: Promise<void> | null = null
    let failure: unknown = null
    const readMore = (): Promise<void> => {
      if (reading) return reading
      if (todo.length === 0) return Promise.resolve()
      const batch = todo.splice(0, this.concurrency)
      reading = this.readBack(batch, result, signal)
        .then((states) => {
          for (const row of batch) {
            const state = states.get(row.plan_pk)
            if (state) ready.push({ row, state })
          }
        })
        .catch((e: unknown) => {
          failure ??= e
        })
        .finally(() => {
          reading = null
        })
      return reading
    }
    const next = async (): Promise<{ row: OutboxRow; state: ReadState } | null> => {
      for (;;) {
        if (failure || signal.aborted || this.pausedFor) return null
        if (ready.length < window) void readMore()
        const item = ready.shift()
        if (item) return item
        if (!reading && todo.length === 0) return null
        await (reading ?? readMore())
      }
    }
    const worker = async (): Promise<void> => {
      for (let item = await next(); item; item = await next()) {
        try {
          await this.processPlan(item.row, item.state, result, signal)
        } catch (e) {
          failure ??= e
          return
        }
      }
    }
    await Promise.allSettled(Array.from({ length: Math.min(this.concurrency, heads.length) }, worker))
    await reading
    if (failure) throw failure
    if (this.pausedFor) throw new PausedForAuth()
  }

  /**
   * The server's current state of each head's plan. Plans the list does not return are asked
   * for one by one (a 404 there fails the edit). A failed read schedules the heads it was for
   * to try again later (the backoff grows with the failures in a row); a 401 pauses the queue.
   */
  private async readBack(heads: OutboxRow[], result: ReplayResult, signal: AbortSignal): Promise<Map<number, ReadState>> {
    const { client } = this.opts
    const out = new Map<number, ReadState>()
    const pks = [...new Set(heads.map((h) => h.plan_pk))]
    try {
      const page = await client.listPage({ pk__in: pks }, 1, pks.length, { signal })
      this.opts.onServerOk?.()
      for (const p of page.plans) if (pks.includes(p.pk)) out.set(p.pk, stateOf(p))
      for (const r of page.rejected) {
        if (r.pk === null || !pks.includes(r.pk)) continue
        for (const h of heads.filter((x) => x.plan_pk === r.pk)) {
          this.settleOne(h, { state: 'needs_checking', result: `The server sent this plan in a shape PlanDesk cannot read (${r.reason}), so it cannot tell whether the change is needed.` }, result, WAITING_STATES)
        }
      }
      for (const h of heads) {
        if (out.has(h.plan_pk) || page.rejected.some((r) => r.pk === h.plan_pk)) continue
        const one = await this.readOne(h, result, signal)
        if (one) out.set(h.plan_pk, one)
      }
    } catch (e) {
      if (e instanceof PausedForAuth) throw e
      // Stopping is not a failed read: the edits simply wait for the next replay.
      if (!signal.aborted) this.failedRead(heads, e, result)
    }
    return out
  }

  /** One plan by GET: its state, or null when the edit was settled (404) or rescheduled. */
  private async readOne(h: OutboxRow, result: ReplayResult, signal: AbortSignal): Promise<ReadState | null> {
    try {
      const plan = await this.opts.client.getPlan(h.plan_pk, { signal })
      this.opts.onServerOk?.()
      return stateOf(plan)
    } catch (e) {
      if (e instanceof OmnitronError && e.kind === 'not_found') {
        this.settleOne(h, { state: 'failed', result: GONE.message, lastError: GONE }, result, WAITING_STATES)
        return null
      }
      if (e instanceof OmnitronError && e.kind === 'malformed_response') {
        this.settleOne(h, { state: 'needs_checking', result: `${e.message} PlanDesk cannot tell whether the change is needed.` }, result, WAITING_STATES)
        return null
      }
      if (!signal.aborted) this.failedRead([h], e, result)
      return null
    }
  }

  /** Read-backs that failed: each edit waits (longer after each failure in a row); a 401 pauses everything. */
  private failedRead(rows: OutboxRow[], e: unknown, result: ReplayResult): void {
    if (e instanceof OmnitronError && e.kind === 'auth') this.pause(e)
    else this.opts.onServerError?.(e)
    const err = errorShape(e)
    for (const h of rows) {
      const at = this.pausedFor ? null : this.retryAt(h.attempts + h.read_failures + 1, e)
      if (this.opts.outbox.noteReadFailure(h.id, this.opts.lease.owner, err, at, this.guard)) {
        this.changed()
        if (!this.pausedFor) result.retrying++
      }
    }
    if (this.pausedFor) throw new PausedForAuth()
  }

  private pause(e: unknown): void {
    this.pausedFor = 'sign-in'
    this.opts.onServerError?.(e)
  }

  private retryAt(attempt: number, e: unknown): string {
    const retryAfter = e instanceof OmnitronError ? e.retryAfterMs : undefined
    return new Date(this.now().getTime() + backoffDelay(attempt, this.retry, retryAfter)).toISOString()
  }

  /** Records a state change if the entry is still in one of `from` (else it moved on: discarded meanwhile). */
  private settleOne(
    h: OutboxRow,
    change: Parameters<OutboxRepo['settle']>[1],
    result: ReplayResult,
    from: readonly OutboxState[],
    count = true,
  ): OutboxRow | null {
    const row = this.opts.outbox.settle(h.id, change, this.guard, from)
    if (!row) return null
    if (count) {
      if (change.state === 'applied') {
        result.applied++
        this.appliedPks.add(h.plan_pk)
      } else if (change.state === 'failed') result.failed++
      else if (change.state === 'conflict') result.conflicts++
      else if (change.state === 'needs_checking') result.needsChecking++
    }
    this.changed()
    return row
  }

  /** One plan's queue: the head, then (while edits apply) the ones behind it. */
  private async processPlan(head: OutboxRow, server: ReadState, result: ReplayResult, signal: AbortSignal): Promise<void> {
    const { outbox, client, author } = this.opts
    let row = head
    let state = server
    for (;;) {
      const done = await this.handle(row, state, result, signal)
      if (!done || signal.aborted) return
      const next = outbox.openForPlan(row.plan_pk)[0]
      if (!next || next.author !== author || next.state !== 'pending') return
      if (next.next_attempt_at !== null && next.next_attempt_at > this.now().toISOString()) return
      // The next edit was made against the server state before this one applied. Re-read the
      // plan: when it shows what this edit did, the next one is re-based on it; when it shows
      // something else, the status-only base the outbox gave it lets decide() see the conflict.
      try {
        state = stateOf(await client.getPlan(row.plan_pk, { signal }))
      } catch (e) {
        if (e instanceof OmnitronError && e.kind === 'not_found') {
          this.settleOne(next, { state: 'failed', result: GONE.message, lastError: GONE }, result, ['pending'])
          return
        }
        this.failedRead([next], e, result)
        return
      }
      if (showsChange(row, state)) outbox.rebase(next.id, snapshot(state), this.guard)
      row = outbox.get(next.id)!
    }
  }

  /** Decides and (if needed) sends one edit. True when it ended applied. */
  private async handle(row: OutboxRow, server: ReadState, result: ReplayResult, signal: AbortSignal): Promise<boolean> {
    const decision = decide(row, server)
    const from = WAITING_STATES
    if (decision.kind === 'applied') {
      return this.settleOne(row, { state: 'applied', result: decision.result, lastError: null, server: snapshot(server) }, result, from) !== null
    }
    if (decision.kind === 'conflict') {
      this.settleOne(row, { state: 'conflict', result: conflictResult(server), server: snapshot(server) }, result, from)
      return false
    }
    if (decision.kind === 'needs_checking') {
      this.settleOne(row, { state: 'needs_checking', result: decision.why, server: snapshot(server) }, result, from)
      return false
    }
    return this.send(row, result, signal)
  }

  private async send(row: OutboxRow, result: ReplayResult, signal: AbortSignal): Promise<boolean> {
    const { outbox, client, lease } = this.opts
    const n = outbox.beginSend(row.id, lease.owner, this.guard)
    if (n === null) return false // discarded since it was picked
    this.inFlight.add(row.id)
    this.changed()
    const payload = JSON.parse(row.payload) as OutboxPayload
    const sending = ['sending'] as const
    let applied: boolean
    try {
      const answer =
        'status' in payload
          ? await client.updateStatus(row.plan_pk, payload.status, { signal })
          : await client.createPaymentPlan(row.plan_pk, payload, { signal })
      this.opts.onServerOk?.()
      applied = this.settleOne(row, { state: 'applied', result: answer.message ?? 'Applied.', lastError: null, attempt: { n, outcome: 'applied' } }, result, sending) !== null
      this.learn(row, null)
    } catch (e) {
      const err = signal.aborted ? STOPPED : errorShape(e)
      if (e instanceof OmnitronError && (e.kind === 'validation' || e.kind === 'forbidden')) {
        // A refusal after an unanswered attempt may be the server refusing what it already did.
        if (row.attempts > 0 && (await this.confirmApplied(row, signal))) {
          this.settleOne(row, { state: 'applied', result: 'Applied (an earlier attempt had already reached the server).', lastError: null, attempt: { n, outcome: 'already_applied' } }, result, sending)
          return true
        }
        this.settleOne(row, { state: 'failed', result: `The server refused the change: ${err.message}`, lastError: err, attempt: { n, outcome: 'refused' } }, result, sending)
        // 403 is about this account, not the transition.
        if (e.kind === 'validation') this.learn(row, err)
        return false
      }
      if (e instanceof OmnitronError && e.kind === 'not_found') {
        this.settleOne(row, { state: 'failed', result: GONE.message, lastError: GONE, attempt: { n, outcome: 'not_found' } }, result, sending)
        return false
      }
      if (e instanceof OmnitronError && e.kind === 'auth') {
        this.pause(e)
        this.settleOne(row, { state: 'pending', lastError: err, attempt: { n, outcome: 'auth' } }, result, sending, false)
        return false
      }
      // 5xx, network, time-out, a broken answer, or this process stopping: the outcome is
      // unknown. Read back before any resend.
      if (!signal.aborted) this.opts.onServerError?.(e)
      this.settleOne(
        row,
        { state: 'pending', lastError: err, nextAttemptAt: this.retryAt(row.attempts + 1, e), attempt: { n, outcome: 'unknown' } },
        result,
        sending,
        false,
      )
      result.retrying++
      return false
    } finally {
      this.inFlight.delete(row.id)
    }
    if (applied) await this.confirmIdentity(row, signal)
    return applied
  }

  /**
   * A status change the server answered: from the status it was read back with just before the
   * send (an entry is sent only when the plan still showed its base) to its target.
   */
  private learn(row: OutboxRow, refused: IpcError | null): void {
    if (row.kind !== 'status' || row.target_status === null) return
    try {
      this.opts.transition?.({ from: row.base_status, to: row.target_status, refused, at: this.now().toISOString() })
    } catch {
      // What is learned is advice: it must never break the replay.
    }
  }

  /** After a refusal: does the server already show the change? (False when it cannot be read.) */
  private async confirmApplied(row: OutboxRow, signal: AbortSignal): Promise<boolean> {
    try {
      const s = stateOf(await this.opts.client.getPlan(row.plan_pk, { signal }))
      return decide({ ...row, base_modified: '' }, s).kind === 'applied'
    } catch {
      return false
    }
  }
}

const GONE: IpcError = { code: 'not_found', message: 'This plan no longer exists on the server.' }
const STOPPED: IpcError = { code: 'cancelled', message: 'PlanDesk stopped before the server answered; the change is checked and sent next time.' }

/** Counts and state for the person: the contract's OutboxSummary. */
export function outboxSummary(outbox: OutboxRepo, author: string | null, paused: ReplayPause, tokenAccount: string | null = null): OutboxSummary {
  const counts = outbox.counts()
  return {
    counts,
    open: OPEN_STATES.reduce((n, s) => n + counts[s], 0),
    oldestOpenAt: outbox.oldestOpenAt(),
    waitingForOthers: outbox.openOfOthers(author),
    paused,
    tokenAccount: paused === 'identity' ? tokenAccount : null,
    ...outbox.waiting(author),
  }
}
