/**
 * Reconciliation: remove plans the server no longer lists (deleted, or moved out of the
 * scope). The cached pks are asked for in chunks with `pk__in` plus the scope filters; a pk
 * the server does not return is gone. This costs cached/chunk requests, needs no ordering
 * guarantee, and refreshes the returned plans on the way.
 *
 * Safety: if the server returns a plan that was not asked for (it ignored pk__in) the pass
 * stops without removing anything more; a chunk whose walk ended early removes nothing.
 */
import { walkPages } from '../omnitron'
import { type RunContext, commit, removeUnlisted, throwIfCancelled } from './context'

export const RECONCILE_CHUNK = 100

export async function runReconcile(ctx: RunContext, chunkSize: number = Math.min(RECONCILE_CHUNK, ctx.pageSize)): Promise<void> {
  const { store, progress } = ctx
  const pks = store.allPks()
  progress.kind = 'reconcile'
  progress.resetTotals()
  progress.pagesTotal = Math.ceil(pks.length / chunkSize)
  progress.plansTotal = pks.length
  progress.report('reconcile')
  // A chunk that could not be read whole removed nothing and said so; a stopped pass is no reconciliation.
  if ((await verifyListed(ctx, pks, chunkSize)) === 'stopped') return
  commit(ctx, () => store.setState('lastReconcileAt', ctx.now().toISOString()))
}

/**
 * Asks the server for these cached pks (pk__in, in chunks, with the scope filters) and removes
 * those it no longer lists. 'partial' when a chunk could not be read whole (nothing was removed
 * for it), 'stopped' when the server ignored pk__in; the tally says why.
 */
export async function verifyListed(
  ctx: RunContext,
  pks: readonly number[],
  chunkSize: number = Math.min(RECONCILE_CHUNK, ctx.pageSize),
): Promise<'whole' | 'partial' | 'stopped'> {
  const { store, client, progress, tally } = ctx
  const runId = store.nextRunId()
  let whole = true
  for (let i = 0; i < pks.length; i += chunkSize) {
    throwIfCancelled(ctx.signal)
    const chunk = pks.slice(i, i + chunkSize)
    const asked = new Set(chunk)
    const received = new Set<number>()
    const warnings: string[] = []
    const pages = walkPages(
      (page) => client.listPage({ ...ctx.filters, pk__in: chunk }, page, chunk.length, { signal: ctx.signal }),
      { baseUrl: client.baseUrl, limit: chunk.length, warn: (w) => warnings.push(w), note: (n) => tally.warnings.push(n) },
    )
    for await (const page of pages) {
      throwIfCancelled(ctx.signal)
      const pagePks = [...page.plans.map((p) => p.pk), ...page.rejected.flatMap((r) => (r.pk === null ? [] : [r.pk]))]
      const foreign = pagePks.filter((pk) => !asked.has(pk))
      if (foreign.length > 0) {
        tally.incomplete = true
        tally.warnings.push(
          `Reconciliation stopped: the server answered a pk__in query with plans that were not asked for (e.g. ${foreign[0]}), so missing plans cannot be told apart.`,
        )
        return 'stopped'
      }
      // A plan without a usable pk answered for one of these pks, but for which is unknown.
      if (page.rejected.some((r) => r.pk === null)) warnings.push('The server answered with a plan without a usable pk.')
      const counts = commit(ctx, () => {
        const c = store.applyPlans(page.plans, runId, { readAt: page.askedAt })
        store.touchPlans(pagePks, runId)
        return c
      })
      tally.updated += counts.updated
      tally.added += counts.added
      tally.unchanged += counts.unchanged
      tally.skipped.push(...page.rejected)
      for (const pk of pagePks) received.add(pk)
    }
    progress.pagesDone += 1
    progress.plansDone += chunk.length
    if (warnings.length > 0) {
      whole = false
      tally.incomplete = true
      tally.warnings.push(...warnings.map((w) => `Reconciliation: ${w} Nothing was removed for plans ${chunk[0]}–${chunk[chunk.length - 1]}.`))
      progress.report('reconcile')
      continue
    }
    const missing = chunk.filter((pk) => !received.has(pk))
    if (missing.length > 0) {
      commit(ctx, () => removeUnlisted(store, missing, tally))
    }
    progress.report('reconcile')
  }
  return whole ? 'whole' : 'partial'
}
