/** Payment plans as the seed defines them: reading the server's, the types to choose from, the total of the ticked items. */
import { describe, expect, it } from 'vitest'
import { itemsInPaymentPlan, paymentPlanLines, refundTotal, transactionTypeChoices } from '../../../main/domain'

describe('payment plans', () => {
  it("the refund shown follows the ticked items: the sum of their prices, to the cent", () => {
    const items = [
      { orderItemPk: 11, price: 1999.9 },
      { orderItemPk: 12, price: 1729.9 },
      { orderItemPk: 13, price: 0.1 },
      { orderItemPk: null, price: 500 },
      { orderItemPk: 14, price: null },
    ]
    expect(refundTotal(items, [11, 12])).toEqual({ total: 3729.8, unpriced: 0 })
    expect(refundTotal(items, [11])).toEqual({ total: 1999.9, unpriced: 0 })
    expect(refundTotal(items, [11, 12, 13])).toEqual({ total: 3729.9, unpriced: 0 })
    expect(refundTotal(items, [])).toEqual({ total: 0, unpriced: 0 })
    expect(refundTotal(items, [13, 14, 99])).toEqual({ total: 0.1, unpriced: 1 })
  })

  it('offers "refund" first, then the types the server uses, once each', () => {
    expect(transactionTypeChoices([])).toEqual(['refund'])
    expect(transactionTypeChoices(['voucher', ' exchange', 'refund', 'voucher', ''])).toEqual(['refund', 'exchange', 'voucher'])
  })

  it("reads the server's payment plan in either shape, and which items it already names", () => {
    const served = { payment_plan: [{ transaction_type: 'refund', order_items: [11, '12'], refund_amount: '10.50' }] }
    expect(paymentPlanLines(served)).toEqual([{ transactionType: 'refund', orderItems: [11, 12], refundAmount: 10.5 }])
    expect(paymentPlanLines([{ transaction_type: 'refund' }])).toEqual([{ transactionType: 'refund', orderItems: [], refundAmount: null }])
    expect(paymentPlanLines({})).toBeNull()
    expect([...itemsInPaymentPlan(served)]).toEqual([11, 12])
    expect(itemsInPaymentPlan(null).size).toBe(0)
  })
})
