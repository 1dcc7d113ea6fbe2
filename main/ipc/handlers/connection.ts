import type { Handlers } from '../dispatch'
import type { AppRuntime } from './runtime'

export function connectionHandlers(rt: AppRuntime): Pick<Handlers, 'connection:get' | 'connection:check'> {
  return {
    'connection:get': () => rt.connectivity.current,
    'connection:check': () => rt.connectivity.check(),
  }
}
