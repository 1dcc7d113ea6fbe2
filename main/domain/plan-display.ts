/**
 * The ONE rule for what a plan shows while changes made here are open:
 *
 * - the person's value only while the change can still land (waiting, sending, to check);
 * - a refused change: the server's value, with the server's reason beside it;
 * - a conflict: the server's value, with the person's beside it (and who changed the plan, when);
 * - settled changes (applied, discarded) show nothing of their own.
 *
 * Which state shows what is a column of the outbox's state table (`shows`, main/outbox/states.ts).
 * Everything that shows a plan follows this: the list, the detail, the counts, saved views, the
 * overview, exports and the CLI get their summaries from the store, which applies planShown()
 * to each plan with open changes; the SQL the store filters, sorts and counts with (the
 * `plan_local` view, main/outbox/local-view.ts) is built from the same column, and a test holds
 * the two to the same answers.
 *
 * Plain TypeScript (types only from the contract): the renderer bundles it.
 */
import type { IpcError, PlanServerState } from '../../preload/contract'
import { isOpen, LOCAL_STATE_BY_SEVERITY, stateRule, type LocalState, type OutboxState } from '../outbox/states'

/** One of a plan's changes made here, as the rule needs it. */
export interface PlanChange {
  id: number
  state: OutboxState
  kind: 'status' | 'payment_plan'
  /** kind status: the status asked for. */
  targetStatus: string | null
  /** The server's answer to the last attempt (a refusal's words). */
  lastError: IpcError | null
  /** What decided the state, in words (a refusal's words when the server sent no error body). */
  result: string | null
  /** The server's copy read back at a conflict or check. */
  server: PlanServerState | null
}

/** Why a plan shows what it shows, told by its most urgent open change. */
export interface PlanChangeNote {
  /** The outbox entry. */
  entryId: number
  state: LocalState
  kind: 'status' | 'payment_plan'
  /** kind status: the person's value (shown only while it can land; otherwise beside the server's). */
  mine: string | null
  /** Refused: the server's reason, in its words. */
  reason: IpcError | null
  /** Conflict or check: the server's copy as read back (its status, and who changed it when). */
  server: PlanServerState | null
}

export interface PlanShown {
  /** The status the plan shows. */
  status: string
  /** The server's status (the cached copy's). */
  serverStatus: string
  /** Open changes. */
  pendingEdits: number
  /** The most urgent open state among them (sending counts as pending), or null. */
  localState: LocalState | null
  /** The most urgent open change (the newest among equals), or null. */
  note: PlanChangeNote | null
}

function severity(state: OutboxState): number {
  return stateRule(state).severity
}

/** The state a change stands for among a plan's markers (sending is shown as waiting). */
function localOf(state: OutboxState): LocalState {
  return LOCAL_STATE_BY_SEVERITY.get(severity(state)) ?? 'pending'
}

/**
 * What a plan shows, given its server status and its changes made here (any order; settled
 * ones are ignored).
 */
export function planShown(serverStatus: string, changes: readonly PlanChange[]): PlanShown {
  const open = changes.filter((c) => isOpen(c.state)).sort((a, b) => a.id - b.id)
  let status = serverStatus
  let focus: PlanChange | null = null
  for (const c of open) {
    if (c.kind === 'status' && c.targetStatus !== null && stateRule(c.state).shows === 'mine') status = c.targetStatus
    if (focus === null || severity(c.state) >= severity(focus.state)) focus = c
  }
  return {
    status,
    serverStatus,
    pendingEdits: open.length,
    localState: focus === null ? null : localOf(focus.state),
    note: focus === null ? null : noteOf(focus),
  }
}

function noteOf(c: PlanChange): PlanChangeNote {
  const shows = stateRule(c.state).shows
  return {
    entryId: c.id,
    state: localOf(c.state),
    kind: c.kind,
    mine: c.kind === 'status' ? c.targetStatus : null,
    reason: shows === 'refused' ? (c.lastError ?? (c.result ? { code: 'validation', message: c.result } : null)) : null,
    server: c.state === 'conflict' || c.state === 'needs_checking' ? c.server : null,
  }
}
