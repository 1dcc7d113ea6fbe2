/**
 * The spec's generated types, corrected where openapi-typescript cannot express the spec:
 * it renders free-form `{type: object}` as Record<string, never> and drops `nullable` next to a
 * $ref (OrderItemDetailed.cancel_status / datasource). Everything else is the spec's own type.
 */
import type { components } from '../../../resources/omnitron-api'

type S = components['schemas']
export type JsonObject = Record<string, unknown>

export type Order = Omit<S['Order'], 'cancellation_info'> & { cancellation_info?: JsonObject }

export type OrderItem = Omit<
  S['OrderItemDetailed'],
  'cancel_status' | 'datasource' | 'attributes' | 'attributes_kwargs' | 'localized_attributes' | 'localized_attributes_kwargs' | 'order'
> & {
  cancel_status: S['CancelStatusEnum'] | null
  datasource: S['DataSource'] | null
  attributes: JsonObject
  attributes_kwargs: JsonObject
  localized_attributes: JsonObject
  localized_attributes_kwargs: JsonObject
  order: Order
}

export type PlanItem = Omit<S['CancellationPlanOrderItemDetailed'], 'order_item'> & { order_item: OrderItem }

/** A plan as served; related_cancellation_plan is the real server's FK behind the related_* filters. */
export type Plan = Omit<S['CancellationPlan'], 'payment_plan' | 'cancellationplanorderitem_set' | 'order'> & {
  pk: number
  status: S['CancellationPlanStatus']
  plan_type: S['CancellationPlanType']
  created_date: string
  modified_date: string
  order: Order
  payment_plan: JsonObject
  cancellationplanorderitem_set: PlanItem[]
  related_cancellation_plan: number | null
}

export type Reason = Omit<S['CancellationReason'], 'translations'> & { translations: JsonObject }
