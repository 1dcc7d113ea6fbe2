import type { Handlers } from '../dispatch'
import type { AppRuntime } from './runtime'

type OutboxChannels =
  | 'plans:setStatus'
  | 'plans:createPaymentPlan'
  | 'outbox:list'
  | 'outbox:summary'
  | 'outbox:retry'
  | 'outbox:discard'
  | 'outbox:resolve'
  | 'outbox:push'
  | 'outbox:many'
  | 'outbox:discardFailedOfBatch'
  | 'plans:bulkScope'
  | 'plans:bulkSetStatus'

/** Offline decisions: each answers from the cache at once; sending happens in the background. */
export function outboxHandlers(rt: AppRuntime): Pick<Handlers, OutboxChannels> {
  return {
    'plans:setStatus': (args) => rt.session().setStatus(args),
    'plans:createPaymentPlan': (args) => rt.session().createPaymentPlan(args),
    'outbox:list': (q) => rt.session().outboxPage(q ?? {}),
    'outbox:summary': () => rt.session().outboxSummary(),
    'outbox:retry': ({ id }) => rt.session().retry(id),
    'outbox:discard': ({ id }) => rt.session().discard(id),
    'outbox:resolve': (args) => rt.session().resolve(args),
    'outbox:many': (args) => rt.session().many(args),
    'outbox:discardFailedOfBatch': ({ batch }) => rt.session().discardFailedOfBatch(batch),
    'plans:bulkScope': (args) => rt.session().bulkScope(args),
    'plans:bulkSetStatus': (args) => rt.session().bulkSetStatus(args),
    'outbox:push': async () => {
      const s = rt.session()
      // "Send now": the person asked, so nothing waits for its backoff.
      await s.push({ wait: true, now: true })
      return s.outboxSummary()
    },
  }
}
