import type { Handlers } from '../dispatch'
import type { AppRuntime } from './runtime'

export function appHandlers(rt: AppRuntime): Pick<Handlers, 'app:info' | 'settings:get' | 'settings:update'> {
  return {
    'app:info': () => rt.info(),
    'settings:get': () => rt.settings(),
    'settings:update': (patch) => rt.updateSettings(patch),
  }
}
