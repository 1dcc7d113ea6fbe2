/**
 * What PlanDesk writes to the server is exactly what the seed defines: the write bodies
 * (CancellationPlanCreatePaymentPlan, and the status change PlanDesk sends for the undefined
 * CancellationPlanUpdateStatus) compiled strict with ajv, `additionalProperties: false` on every
 * object, as a validating proxy in front of Omnitron does, and every body the client sends checked
 * against them: from the client itself, and from the outbox's replay against the simulator
 * (its audit log records each body as it arrived), including a payment plan an older PlanDesk
 * queued with a refund_amount.
 */
import Ajv, { type ValidateFunction } from 'ajv'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OmnitronClient } from '../../../main/omnitron/client'
import { startSimulator } from '../../../main/simulator'
import type { RunningSimulator } from '../../../main/simulator/types'
import { sessionFor, plansIn } from '../../integration/outbox-helpers'

type Json = Record<string, unknown>
const spec = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../resources/omnitron-openapi.json'), 'utf8')) as { components: { schemas: Record<string, Json> } }

/** A component schema with its $refs resolved and every object closed to fields it does not define. */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict)
  if (node === null || typeof node !== 'object') return node
  const n = node as Json
  if (typeof n.$ref === 'string') return strict(spec.components.schemas[n.$ref.replace('#/components/schemas/', '')])
  const out: Json = {}
  for (const [k, v] of Object.entries(n)) if (!k.startsWith('x-')) out[k] = strict(v)
  if (out.type === 'object') out.additionalProperties = false
  return out
}

const ajv = new Ajv({ strict: true, allErrors: true })
ajv.addKeyword('example')
const paymentPlanBody: ValidateFunction = ajv.compile(strict(spec.components.schemas.CancellationPlanCreatePaymentPlan) as Json)
const statusBody: ValidateFunction = ajv.compile(strict(spec.components.schemas.CancellationPlanUpdateStatus) as Json)

function expectStrictlyValid(validate: ValidateFunction, body: unknown): void {
  const ok = validate(body)
  expect(ok ? [] : validate.errors, JSON.stringify(body)).toEqual([])
}

describe("the seed's write bodies, strict", () => {
  it('refuse any field they do not define (the refund_amount PlanDesk used to add)', () => {
    expectStrictlyValid(paymentPlanBody, { payment_plan: [{ transaction_type: 'refund', order_items: [1, 2] }] })
    expect(paymentPlanBody({ payment_plan: [{ transaction_type: 'refund', order_items: [1], refund_amount: 10 }] })).toBe(false)
    expect(paymentPlanBody({ payment_plan: [{ transaction_type: 'refund', order_items: [1] }], note: 'x' })).toBe(false)
    expectStrictlyValid(statusBody, { status: 'approved' })
    expect(statusBody({ status: 'approved', force: true })).toBe(false)
    expect(statusBody({ status: 'nope' })).toBe(false)
  })

  it('hold for every body the client sends, whatever it is given', async () => {
    const sent: Array<{ path: string; body: unknown }> = []
    const fake: typeof fetch = async (url, init) => {
      sent.push({ path: new URL(String(url)).pathname, body: JSON.parse(String(init?.body)) })
      return new Response(JSON.stringify({ message: 'ok' }), { status: 200, headers: { 'Content-Type': 'application/json' } })
    }
    const client = new OmnitronClient({ baseUrl: 'http://127.0.0.1:9', token: 't', fetch: fake })
    await client.updateStatus(7, 'approved')
    // A payload queued by an older PlanDesk carried an amount: it is never sent.
    const old = { payment_plan: [{ transaction_type: 'refund', order_items: [11, 12], refund_amount: 99_999 }] }
    await client.createPaymentPlan(7, old)
    expect(sent.map((s) => s.path)).toEqual(['/api/v1/cancellation_plans/7/update_status/', '/api/v1/cancellation_plans/7/create_payment_plan/'])
    expectStrictlyValid(statusBody, sent[0].body)
    expectStrictlyValid(paymentPlanBody, sent[1].body)
    expect(sent[1].body).toEqual({ payment_plan: [{ transaction_type: 'refund', order_items: [11, 12] }] })
  })
})

describe('what the replay sends, as the server received it', () => {
  let sim: RunningSimulator
  beforeAll(async () => {
    sim = await startSimulator({ plans: 200, seed: 21 })
  })
  afterAll(() => sim.close())

  it('is the seed’s body for status changes and payment plans, also for an entry an older PlanDesk queued', async () => {
    const s = await sessionFor(sim)
    try {
      await s.sync({ full: true }, { wait: true })
      const [a, b, c] = plansIn(s, 'approved', 3)
      const itemsOf = (pk: number) => (s.store.getPlan(pk)!.server.cancellationplanorderitem_set as Array<{ order_item: { pk: number } }>).map((i) => i.order_item.pk)
      s.setStatus({ pk: a, status: 'waiting_for_payment' })
      s.createPaymentPlan({ pk: b, lines: [{ transactionType: 'refund', orderItems: itemsOf(b) }] })
      const older = s.createPaymentPlan({ pk: c, lines: [{ transactionType: 'refund', orderItems: itemsOf(c) }] })
      s.store.db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run(JSON.stringify({ payment_plan: [{ transaction_type: 'refund', order_items: itemsOf(c), refund_amount: 99_999 }] }), older.id)
      const r = await s.drain({ maxWaitMs: 10_000 })
      expect(r.applied).toBe(3)
      const audit = [...sim.admin.audit({ action: 'update_status' }), ...sim.admin.audit({ action: 'create_payment_plan' })].filter((e) => [a, b, c].includes(e.pk))
      expect(audit).toHaveLength(3)
      for (const e of audit) expectStrictlyValid(e.action === 'update_status' ? statusBody : paymentPlanBody, e.body)
      // The server worked the amount out from the items, not from anything PlanDesk sent.
      expect((sim.admin.getPlan(c)!.payment_plan as { payment_plan: Array<{ refund_amount: number }> }).payment_plan[0].refund_amount).not.toBe(99_999)
    } finally {
      await s.close()
    }
  })
})
