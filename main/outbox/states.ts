/**
 * The outbox's states, in ONE table: which are open (the change has not reached the server and
 * was not dropped), which can still land as they are (the plan shows the change meanwhile),
 * how urgent each is among a plan's open changes, and what the person who made a change may do
 * about it in each state. The contract, the SQL (store queries, the plan_local view), the
 * renderer and the CLI all derive from it; no list of states is written anywhere else.
 *
 *     pending --read back--> applied (the server already shows it)
 *                         -> conflict (someone else changed the plan since the base)
 *                         -> needs_checking (the read-back cannot decide; never resent by itself)
 *                         -> failed (404: the plan no longer exists)
 *                         -> sending --answer--> applied | failed (400 / 403 / 404)
 *                                             -> pending (5xx, network, time-out: outcome unknown)
 *     any open state but sending -> discarded (by the person)
 *
 * Plain TypeScript, no Node, Electron or zod imports: the renderer bundles it through preload/.
 */

/** What the person who made a change may do with it. */
export type OutboxAction =
  /** send it now (a failed one again; one waiting for its backoff at once; an unchecked one on what the check read) */
  | 'retry'
  /** drop it; the plan shows the server's value again */
  | 'discard'
  /** conflict: send mine anyway, on the server's current state */
  | 'mine'
  /** conflict: keep the server's version, drop mine */
  | 'theirs'
  /** I checked: it is on the server (mark it applied) */
  | 'done'

/**
 * What a plan shows while one of its changes is in a state (main/domain/plan-display.ts applies it):
 * - `mine`: the change may still reach the server as it is, so the plan shows the person's value;
 * - `refused`: the server refused it: the plan shows the server's value, with the server's reason;
 * - `conflict`: someone else changed the plan first: the server's value, beside the person's;
 * - `server`: settled (applied or discarded): the server's value, nothing more.
 */
export type ShownAs = 'mine' | 'refused' | 'conflict' | 'server'

export interface OutboxStateRule {
  /** Not applied and not discarded: the plan has an open change. */
  readonly open: boolean
  /** What the plan shows meanwhile (ShownAs); `mine` is "the change can still land". */
  readonly shows: ShownAs
  /** The replay sends it by itself (when due); other open states wait for the person. */
  readonly replays: boolean
  /** Among a plan's open changes the most urgent decides its marker; 0 for settled ones. */
  readonly severity: number
  /** What the person may do, the main action first. */
  readonly actions: readonly OutboxAction[]
}

/** The table. Its key order is the order states are listed in (the CLI's help, counts). */
export const OUTBOX_STATE_TABLE = {
  pending: { open: true, shows: 'mine', replays: true, severity: 1, actions: ['retry', 'discard'] },
  // Its request may be on the wire: nothing can be done until the answer (or the crash) is known.
  sending: { open: true, shows: 'mine', replays: true, severity: 1, actions: [] },
  applied: { open: false, shows: 'server', replays: false, severity: 0, actions: [] },
  failed: { open: true, shows: 'refused', replays: false, severity: 3, actions: ['retry', 'discard'] },
  conflict: { open: true, shows: 'conflict', replays: false, severity: 4, actions: ['mine', 'theirs', 'discard'] },
  // It may already be on the server, or still be sent: the person's value until they decide.
  needs_checking: { open: true, shows: 'mine', replays: false, severity: 2, actions: ['retry', 'done', 'discard'] },
  discarded: { open: false, shows: 'server', replays: false, severity: 0, actions: [] },
} as const satisfies Record<string, OutboxStateRule>

export type OutboxState = keyof typeof OUTBOX_STATE_TABLE

/** A state whose change is still open. */
export type OpenOutboxState = { [S in OutboxState]: (typeof OUTBOX_STATE_TABLE)[S]['open'] extends true ? S : never }[OutboxState]

const STATES = Object.keys(OUTBOX_STATE_TABLE) as OutboxState[]

export const OUTBOX_STATES = STATES as readonly OutboxState[] as readonly [OutboxState, ...OutboxState[]]

export function stateRule(state: OutboxState): OutboxStateRule {
  return OUTBOX_STATE_TABLE[state]
}

/** Open states: not applied, not discarded. */
export const OPEN_STATES: readonly OpenOutboxState[] = STATES.filter((s) => OUTBOX_STATE_TABLE[s].open) as OpenOutboxState[]

/** States whose change may still land as it is (the plan shows it meanwhile). */
export const CAN_LAND_STATES: readonly OutboxState[] = STATES.filter((s) => OUTBOX_STATE_TABLE[s].shows === 'mine')

/** States the replay sends by itself: the changes that wait to be sent. */
export const WAITING_STATES: readonly OutboxState[] = STATES.filter((s) => OUTBOX_STATE_TABLE[s].replays)

export function isOpen(state: OutboxState): boolean {
  return OUTBOX_STATE_TABLE[state].open
}

/** Open, and not sent by the replay by itself: the change waits for the person (refused, in conflict, to check). */
export function waitsForPerson(state: OutboxState): boolean {
  return OUTBOX_STATE_TABLE[state].open && !OUTBOX_STATE_TABLE[state].replays
}

/** Whether the person may do this to a change in this state. */
export function allows(state: OutboxState, action: OutboxAction): boolean {
  return (OUTBOX_STATE_TABLE[state].actions as readonly OutboxAction[]).includes(action)
}

/** The states in which the person may do this. */
export function statesAllowing(action: OutboxAction): OutboxState[] {
  return STATES.filter((s) => allows(s, action))
}

/** A plan's marker: the open state standing for its most urgent open change (pending stands for sending too). */
export type LocalState = Exclude<OpenOutboxState, 'sending'>

/**
 * How a plan's open changes stand, named by the most urgent: one state per severity, the first
 * of the table's order with it (pending stands for pending and sending).
 */
export const LOCAL_STATE_BY_SEVERITY: ReadonlyMap<number, LocalState> = new Map(
  [...OPEN_STATES].reverse().map((s) => [OUTBOX_STATE_TABLE[s].severity, s as LocalState] as const),
)

// --- the same, as SQL ----------------------------------------------------------------------------

/** `('a', 'b')`: an SQL list of states, for `state IN ...`. */
export function sqlStates(states: readonly OutboxState[]): string {
  return `(${states.map((s) => `'${s}'`).join(', ')})`
}

export const OPEN_STATES_SQL = sqlStates(OPEN_STATES)
export const CAN_LAND_STATES_SQL = sqlStates(CAN_LAND_STATES)
export const WAITING_STATES_SQL = sqlStates(WAITING_STATES)

/** An SQL expression of a state column's severity. */
export function severitySql(column: string): string {
  const cases = STATES.filter((s) => OUTBOX_STATE_TABLE[s].severity > 0).map((s) => `WHEN '${s}' THEN ${OUTBOX_STATE_TABLE[s].severity}`)
  return `CASE ${column} ${cases.join(' ')} ELSE 0 END`
}
