import type { Handlers } from '../dispatch'
import type { AppRuntime } from './runtime'

export function authHandlers(rt: AppRuntime): Pick<Handlers, 'auth:status' | 'auth:login' | 'auth:logout'> {
  return {
    'auth:status': () => rt.authStatus(),
    'auth:login': (args) => rt.login(args),
    'auth:logout': (args) => rt.logout(args ?? {}),
  }
}
