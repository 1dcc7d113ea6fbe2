/** What the cache learns about its server: refused status changes and payment-plan transaction types. */
import { describe, expect, it } from 'vitest'
import { makePlan, planInput } from './fixtures'
import { memoryStore } from './helpers'

describe('ServerKnowledge', () => {
  it('keeps the newest refusal of each change, and forgets it when the server accepts that change', () => {
    const s = memoryStore()
    const k = s.knowledge
    k.learnRefusal('completed', 'waiting_supplier', 'No (1).', '2026-03-01T10:00:00.000Z')
    k.learnRefusal('completed', 'waiting_supplier', 'No (2).', '2026-03-02T10:00:00.000Z')
    k.learnRefusal('rejected', 'approved', 'Final.', '2026-03-01T11:00:00.000Z')
    expect(k.refusals()).toEqual([
      { from: 'completed', to: 'waiting_supplier', message: 'No (2).', learnedAt: '2026-03-02T10:00:00.000Z' },
      { from: 'rejected', to: 'approved', message: 'Final.', learnedAt: '2026-03-01T11:00:00.000Z' },
    ])
    expect(k.refusal('completed', 'waiting_supplier')?.message).toBe('No (2).')
    expect(k.refusal('waiting_supplier', 'completed')).toBeNull()
    k.forgetRefusal('completed', 'waiting_supplier')
    expect(k.refusals().map((r) => `${r.from}→${r.to}`)).toEqual(['rejected→approved'])
    s.close()
  })

  it('offers "refund" first, then the transaction types the written plans use', () => {
    const s = memoryStore()
    expect(s.knowledge.transactionTypes()).toEqual(['refund'])
    const plan = (pk: number, types: string[]) =>
      planInput({ ...makePlan({ pk }), payment_plan: { payment_plan: types.map((t) => ({ transaction_type: t, order_items: [70_000 + pk] })) } })
    s.applyPlans([plan(1, ['voucher']), plan(2, ['exchange', 'refund']), plan(3, [])], 1)
    expect(s.knowledge.transactionTypes()).toEqual(['refund', 'exchange', 'voucher'])
    s.close()
  })
})
