/**
 * The contract's plain values without its zod schemas, for renderer code that needs a value at
 * run time (a select's options): importing preload/contract.ts for them would bundle zod into
 * the window. Types come from contract.ts as before.
 */
import type { EventName } from './contract'

export {
  CHANNEL_TYPES,
  LABELS,
  PLAN_STATUSES,
  PLAN_TYPES,
  codeLabel,
  itemsInPaymentPlan,
  paymentPlanLines,
  refundTotal,
  userName,
  type LabelKind,
  type PaymentPlanView,
} from '../main/domain'
export { OUTBOX_STATES, OUTBOX_STATE_TABLE, OPEN_STATES, WAITING_STATES, allows, isOpen } from '../main/outbox/states'

/** A bulk decision covers at most this many plans: one decision should not silently become tens of thousands. */
export const MAX_BULK = 5000

/** Every event main pushes to the renderer. */
export const EVENTS: EventName[] = [
  'sync:progress',
  'sync:finished',
  'connection:changed',
  'plans:changed',
  'outbox:changed',
  'storage:changed',
  'export:progress',
  'app:notices',
]

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENTS as string[]).includes(name)
}
