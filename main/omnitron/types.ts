/**
 * API types of the Omnitron cancellation-plan endpoints, derived from the generated
 * openapi-typescript declarations (resources/omnitron-api.d.ts) so nothing is written twice.
 */
import type { components, paths } from '../../resources/omnitron-api'

type Schemas = components['schemas']

export type CancellationPlan = Schemas['CancellationPlan']
export type CancellationPlanStatus = Schemas['CancellationPlanStatus']
export type CancellationPlanType = Schemas['CancellationPlanType']
export type ChannelType = Schemas['ChannelType']
export type Order = Schemas['Order']
export type PlanItem = Schemas['CancellationPlanOrderItemDetailed']
export type User = Schemas['User']
export type AuthLogin = Schemas['AuthLogin']
export type AuthToken = Schemas['AuthToken']
export type CreatePaymentPlanBody = Schemas['CancellationPlanCreatePaymentPlan']
export type UpdateStatusBody = Schemas['CancellationPlanUpdateStatus']

type ListOperation = paths['/api/v1/cancellation_plans/']['get']
type ListQueryDoc = NonNullable<ListOperation['parameters']['query']>

/** The list page body exactly as typed by the spec (every field optional: we check them). */
export type PlanListBody = ListOperation['responses'][200]['content']['application/json']
export type StatusesBody =
  paths['/api/v1/cancellation_plans/cancellation_plan_statuses/']['get']['responses'][200]['content']['application/json']
export type MessageBody =
  paths['/api/v1/cancellation_plans/{id}/update_status/']['post']['responses'][200]['content']['application/json']

/**
 * Filters for the list endpoint. The spec documents `created_date` / `modified_date` as taking
 * Django lookup expressions; the real parameter names carry the lookup (`modified_date__gte`),
 * so those are spelled out here. Paging (`page`, `limit`) belongs to the pager, not the caller.
 */
export type PlanListFilters = Omit<ListQueryDoc, 'page' | 'limit' | 'created_date' | 'modified_date'> & {
  created_date__gte?: string
  created_date__lte?: string
  created_date__gt?: string
  created_date__lt?: string
  modified_date__gte?: string
  modified_date__lte?: string
  modified_date__gt?: string
  modified_date__lt?: string
}

/** Every ChannelType of the spec (one list, in main/domain). */
export { CHANNEL_TYPES } from '../domain'
