/**
 * The sync scope (contract SyncScope) as list filters applied to every request, and a stable
 * key so a scope change is noticed (the cache is then rebuilt by a full sync).
 */
import type { SyncScope } from '../../preload/contract'
import type { PlanListFilters } from '../omnitron'

export function scopeFilters(scope: SyncScope, now: Date = new Date()): PlanListFilters {
  const f: PlanListFilters = {}
  if (scope.retailStoreRemoteId) f.retail_store_remote_id = scope.retailStoreRemoteId
  if (scope.channelIds && scope.channelIds.length > 0) f.channel_id__in = [...scope.channelIds].sort((a, b) => a - b)
  if (scope.createdWithinDays) {
    // Day precision keeps the filter stable across the pages of one walk and across resumes.
    const start = new Date(now.getTime() - scope.createdWithinDays * 86_400_000)
    f.created_date__gte = `${start.toISOString().slice(0, 10)}T00:00:00Z`
  }
  return f
}

/** Equal scopes give equal keys whatever the property order or channel order. */
export function scopeKey(scope: SyncScope): string {
  return JSON.stringify({
    store: scope.retailStoreRemoteId ?? null,
    channels: scope.channelIds && scope.channelIds.length > 0 ? [...new Set(scope.channelIds)].sort((a, b) => a - b) : null,
    days: scope.createdWithinDays ?? null,
  })
}
