/**
 * Omnitron's enumerations, as the OpenAPI document (resources/omnitron-openapi.json) defines
 * them. Each list exists once; the IPC contract, the cache, sync and the simulator all use
 * these. test/main/domain/domain.test.ts ties every list to its enum in the document.
 *
 * Plain TypeScript only: the renderer bundles this through preload/contract.ts.
 */

/** CancellationPlanStatus, in the document's order. */
export const PLAN_STATUSES = [
  'completed',
  'waiting',
  'waiting_supplier',
  'approved',
  'confirmation_waiting',
  'confirmed',
  'cancelled',
  'failed',
  'rejected',
  'waiting_for_payment',
  'manuel_refund_need',
] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]

/** CancellationPlanType. */
export const PLAN_TYPES = ['cancel', 'refund'] as const
export type PlanType = (typeof PLAN_TYPES)[number]

/** ChannelType, in the document's order (sync's channel-type discovery asks in this order). */
export const CHANNEL_TYPES = [
  'hepsiburada',
  'hepsiburadads',
  'gittigidiyor',
  'n11',
  'web',
  'feed',
  'trendyol',
  'morhipo',
  'morhipoV2',
  'lidyana',
  'amazon',
  'allegro',
  'distributed',
  'aliexpress',
  'emag',
  'ciceksepeti',
  'gordumaldim',
  'pazarama',
  'flo',
  'turkcellds',
  'sales_channel',
] as const
export type ChannelType = (typeof CHANNEL_TYPES)[number]
