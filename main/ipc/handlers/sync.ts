import type { Handlers } from '../dispatch'
import type { AppRuntime } from './runtime'

export function syncHandlers(rt: AppRuntime): Pick<Handlers, 'sync:start' | 'sync:cancel' | 'sync:state'> {
  return {
    'sync:start': (args) => rt.sync(args ?? {}),
    'sync:cancel': () => rt.session().cancelSync(),
    'sync:state': () => rt.syncState(),
  }
}
