import { AppError } from '../../domain/errors'
import type { Handlers } from '../dispatch'
import type { AppRuntime } from './runtime'

type PlanChannels =
  | 'plans:search'
  | 'plans:get'
  | 'plans:statuses'
  | 'plans:refusals'
  | 'plans:transactionTypes'
  | 'plans:timeline'
  | 'plans:related'
  | 'plans:overview'
  | 'plans:facets'
  | 'plans:export'

/** What a plan's channel answers, or not_found when the plan is not in the cache. */
function cached<T>(value: T | null, pk: number): T {
  if (value === null) throw new AppError('not_found', `Plan ${pk} is not in the local cache.`)
  return value
}

export function planHandlers(rt: AppRuntime): Pick<Handlers, PlanChannels> {
  return {
    'plans:search': (q) => rt.session().store.searchPlans(q),
    'plans:get': ({ pk }) => cached(rt.session().store.getPlan(pk), pk),
    'plans:statuses': () => rt.session().store.statuses(),
    'plans:refusals': () => rt.session().store.knowledge.refusals(),
    'plans:transactionTypes': () => rt.session().store.knowledge.transactionTypes(),
    'plans:timeline': ({ pk }) => cached(rt.session().timeline(pk), pk),
    'plans:related': ({ pk }) => cached(rt.session().store.relatedPlans(pk), pk),
    // The overview's numbers, and the current search written to a file by main
    'plans:overview': (q) => rt.session().store.overview(q),
    'plans:facets': () => rt.session().store.facets(),
    'plans:export': (args) => rt.exportPlans(args),
  }
}
