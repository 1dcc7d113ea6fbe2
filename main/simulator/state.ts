/**
 * The simulator's model: plans in SQLite plus the operations that change them. Every mutation
 * runs in one transaction that writes the plan and its audit entry together, so the audit log
 * is an exact record of what was applied (tests prove "applied exactly once" with it).
 */
import type { PlanGenerator } from './data/generator'
import { cancelStatusFor, orderStatusFor } from './data/generator'
import { PLAN_STATUSES, type PlanStatus } from '../domain'
import { DEMO_USER, OTHER_USER } from './data/reference'
import { ref, type RefStore } from './data/refs'
import type { JsonObject, Plan } from './data/shapes'
import type { PlanTable } from './db'
import { MonotonicClock } from './clock'
import { parseDateTimeUs, toIso } from './dates'
import type { AuditAction } from './types'
import type { components } from '../../resources/omnitron-api'

type OrderStatusName = components['schemas']['OrderStatus']

export interface Actor {
  pk: number
  username: string
}

export class SimState {
  readonly clock: MonotonicClock
  private readonly usersByName = new Map<string, number>()

  constructor(
    readonly table: PlanTable,
    readonly refs: RefStore,
    readonly generator: PlanGenerator,
    now: () => Date,
  ) {
    this.clock = new MonotonicClock(now, table.maxModifiedUs())
    for (const [pk, name] of generator.reference.userNames) this.usersByName.set(name, pk)
  }

  userName(pk: number): string {
    return this.generator.reference.userNames.get(pk) ?? `user${pk}`
  }

  /** The account a username stands for; unknown names act as a generic staff member. */
  actor(username?: string): Actor {
    const name = username ?? DEMO_USER.username
    const pk = this.usersByName.get(name) ?? this.generator.reference.staffUserPks[0]
    return { pk, username: name }
  }

  userPkByName(username: string): number | undefined {
    return this.usersByName.get(username)
  }

  /** The plan as served (shared objects expanded), or null. */
  planJson(pk: number): string | null {
    const json = this.table.readJson(pk)
    return json === null ? null : this.refs.expand(json)
  }

  /** Sets a plan status as a staff member would (the caller checked the transition table). */
  setStatus(plan: Plan, status: PlanStatus, actor: Actor): void {
    plan.status = status
    const cancel = cancelStatusFor(status)
    const previous = (plan.order_previous_status ?? 'approved') as OrderStatusName
    const orderStatus = orderStatusFor(plan.plan_type, status, previous)
    const itemStatus: OrderStatusName = status === 'completed' ? (plan.plan_type === 'cancel' ? 'cancelled' : 'refunded') : previous
    plan.order.status = orderStatus
    plan.order.cancel_status = cancel
    for (const item of plan.cancellationplanorderitem_set) {
      item.status = itemStatus
      item.order_item.status = itemStatus
      item.order_item.cancel_status = cancel
      item.order_item.order = { ...item.order_item.order, status: orderStatus }
    }
    this.touch(plan, actor)
  }

  /** Bumps modified_date (strictly increasing) and the last editor, like any real edit. */
  touch(plan: Plan, actor: Actor): string {
    const at = toIso(this.clock.next())
    plan.modified_date = at
    plan.order.modified_date = at
    for (const item of plan.cancellationplanorderitem_set) {
      item.modified_date = at
      item.order_item.modified_date = at
    }
    plan.last_updated_by = ref('u', actor.pk) as unknown as Plan['last_updated_by']
    plan.modified_by_id = actor.pk
    return at
  }

  /** Applies a change to a plan and records it in the audit log, atomically. */
  mutate(pk: number, action: AuditAction, body: unknown, actor: Actor, change: (plan: Plan) => void): Plan | null {
    return this.table.db.transaction(() => {
      const plan = this.table.read(pk)
      if (!plan) return null
      change(plan)
      this.table.write(plan)
      this.table.audit(pk, action, body, actor.username, plan.modified_date)
      return plan
    })()
  }

  updateStatus(pk: number, status: PlanStatus, actor: Actor): Plan | null {
    return this.mutate(pk, 'update_status', { status }, actor, (plan) => this.setStatus(plan, status, actor))
  }

  /** `stored`: the payment plan as the server keeps it (with the amounts it worked out); the audit records the request `body` as it was sent. */
  createPaymentPlan(pk: number, stored: JsonObject, actor: Actor, body: JsonObject = stored): Plan | null {
    return this.mutate(pk, 'create_payment_plan', body, actor, (plan) => {
      plan.payment_plan = stored
      this.touch(plan, actor)
    })
  }

  /**
   * An edit by someone else (admin interface). The status is set without the transition table,
   * so tests can put a plan in any state; other fields are merged over the plan; `tags` replaces
   * the internal tags. modified_date is bumped unless the patch sets it explicitly.
   */
  adminUpdate(pk: number, patch: JsonObject, username?: string): Plan | null {
    const actor = this.actor(username ?? OTHER_USER.username)
    const { status, tags, pk: _ignored, ...rest } = patch
    if (status !== undefined && !PLAN_STATUSES.includes(status as PlanStatus)) throw new Error(`unknown status ${String(status)}`)
    return this.table.db.transaction(() => {
      const plan = this.mutate(pk, 'admin_update', patch, actor, (p) => {
        if (status !== undefined) this.setStatus(p, status as PlanStatus, actor)
        else this.touch(p, actor)
        Object.assign(p, rest)
        this.observeDates(p)
      })
      if (plan && Array.isArray(tags)) this.table.write(plan, tags.map(String))
      return plan
    })()
  }

  adminAdd(overrides: JsonObject = {}, username?: string): number {
    const actor = this.actor(username ?? OTHER_USER.username)
    return this.table.db.transaction(() => {
      const pk = this.table.maxPlanPk() + 1
      const createdUs = this.clock.next()
      this.generator.advanceTo(pk)
      const { plan, tags } = this.generator.generate(pk, createdUs)
      plan.created_date = toIso(createdUs)
      plan.modified_date = plan.created_date
      const { tags: overrideTags, pk: _ignored, ...rest } = overrides
      Object.assign(plan, rest)
      this.observeDates(plan)
      this.table.write(plan, Array.isArray(overrideTags) ? overrideTags.map(String) : tags)
      this.table.audit(pk, 'admin_add', overrides, actor.username, plan.modified_date)
      return pk
    })()
  }

  adminDelete(pk: number, username?: string): boolean {
    const actor = this.actor(username ?? OTHER_USER.username)
    return this.table.db.transaction(() => {
      const deleted = this.table.delete(pk)
      if (deleted) this.table.audit(pk, 'admin_delete', null, actor.username, toIso(this.clock.next()))
      return deleted
    })()
  }

  /** Order item pks of a plan (a payment plan may only name these), with their prices (what a payment plan line refunds). */
  orderItemPrices(plan: Plan): Map<number, number> {
    const out = new Map<number, number>()
    for (const i of plan.cancellationplanorderitem_set) {
      if (typeof i.order_item.pk === 'number') out.set(i.order_item.pk, typeof i.order_item.price === 'number' ? i.order_item.price : Number(i.order_item.price ?? 0) || 0)
    }
    return out
  }

  private observeDates(plan: Plan): void {
    const us = parseDateTimeUs(plan.modified_date)
    if (us !== null) this.clock.observe(us)
  }
}
