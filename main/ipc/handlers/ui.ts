import type { Handlers } from '../dispatch'
import type { AppRuntime } from './runtime'

/** The review workspace the renderer keeps between launches: last route, search, saved views, theme. */
export function uiHandlers(rt: AppRuntime): Pick<Handlers, 'ui:get' | 'ui:set'> {
  return {
    'ui:get': () => rt.ui.get(),
    'ui:set': (patch) => rt.ui.update(patch),
  }
}
