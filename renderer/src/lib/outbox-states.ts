/** The outbox's states as the renderer groups and colours them (which are open or waiting: the outbox's one state table). */
import type { OutboxState } from '../../../preload/contract'
import { OPEN_STATES, WAITING_STATES } from '../../../preload/domain'

/** The colour of each state's tag, wherever an entry's state is shown. */
export const STATE_TAG: Record<OutboxState, 'primary' | 'success' | 'danger' | 'warning' | 'info'> = {
  pending: 'primary',
  sending: 'primary',
  applied: 'success',
  failed: 'danger',
  conflict: 'warning',
  needs_checking: 'warning',
  discarded: 'info',
}

/** The Changes view's tabs and the states each shows. */
export const OUTBOX_VIEWS = {
  all: null,
  open: OPEN_STATES,
  waiting: WAITING_STATES,
  failed: ['failed'],
  conflict: ['conflict'],
  needs_checking: ['needs_checking'],
  applied: ['applied'],
  discarded: ['discarded'],
} as const satisfies Record<string, readonly OutboxState[] | null>
export type OutboxView = keyof typeof OUTBOX_VIEWS
