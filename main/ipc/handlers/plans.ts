import { AppError } from '../errors'
import type { Handlers } from '../dispatch'
import type { AppRuntime } from './runtime'

export function planHandlers(rt: AppRuntime): Pick<Handlers, 'plans:search' | 'plans:get' | 'plans:statuses' | 'plans:overview' | 'plans:export'> {
  return {
    'plans:search': (q) => rt.session().store.searchPlans(q),
    'plans:get': ({ pk }) => {
      const plan = rt.session().store.getPlan(pk)
      if (!plan) throw new AppError('not_found', `Plan ${pk} is not in the local cache.`)
      return plan
    },
    'plans:statuses': () => rt.session().store.statuses(),
    // issue 12: the overview's numbers, and the current search written to a file by main
    'plans:overview': (q) => rt.session().store.overview(q),
    'plans:export': (args) => rt.exportPlans(args),
  }
}
