import type { Handlers } from '../dispatch'
import type { AppRuntime } from './runtime'

export function appHandlers(rt: AppRuntime): Pick<Handlers, 'app:info' | 'app:storage' | 'settings:get' | 'settings:update'> {
  return {
    'app:info': () => rt.info(),
    'app:storage': () => rt.storage(),
    'settings:get': () => rt.settings(),
    'settings:update': (patch) => rt.updateSettings(patch),
  }
}
