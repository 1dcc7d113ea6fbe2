/**
 * Every IPC channel's handler, one module per domain, each registered against the running app
 * (see runtime.ts). The contract stays the one source of truth: `Handlers` is derived from it,
 * so a channel without a handler (or a handler of the wrong shape) does not compile.
 */
import type { Handlers } from '../dispatch'
import { appHandlers } from './app'
import { authHandlers } from './auth'
import { connectionHandlers } from './connection'
import { outboxHandlers } from './outbox'
import { planHandlers } from './plans'
import type { AppRuntime } from './runtime'
import { syncHandlers } from './sync'
import { uiHandlers } from './ui'

export type { AppRuntime } from './runtime'

export function createHandlers(rt: AppRuntime): Handlers {
  return {
    ...appHandlers(rt),
    ...authHandlers(rt),
    ...connectionHandlers(rt),
    ...planHandlers(rt),
    ...syncHandlers(rt),
    ...outboxHandlers(rt),
    ...uiHandlers(rt),
  }
}
