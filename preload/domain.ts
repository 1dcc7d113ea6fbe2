/**
 * The contract's plain values without its zod schemas, for renderer code that needs a value at
 * run time (a select's options): importing preload/contract.ts for them would bundle zod into
 * the window. Types come from contract.ts as before.
 */
export { CHANNEL_TYPES, PLAN_STATUSES, PLAN_TYPES } from '../main/domain'
