import { describe, expect, it } from 'vitest'
import type { PlanDetail } from '../../preload/contract'
import { orderSummary, planItems, planPeople, refundAmounts } from '../../renderer/src/lib/plan-json'

const detail = (server: Record<string, unknown>, currency: string | null = 'TRY') => ({ summary: { currency }, server }) as unknown as PlanDetail

const full = detail({
  invoice_number: 'PDA1',
  refund_amount: '579.80',
  shipping_refund_amount: 49.9,
  discount_refund_amount: 0,
  created_by: { username: 'omnitron.entegrasyon', first_name: 'Entegrasyon', last_name: 'Servisi' },
  last_updated_by: { username: 'kerem.aydemir', first_name: 'Kerem', last_name: 'Aydemir' },
  order: {
    number: '9118506495',
    customer: 100122,
    date_placed: '2026-11-24T22:06:27Z',
    amount: 579.8,
    shipping_amount: '49.90',
    discount_amount: 0,
    payment_option: 3,
    payment_option_slug: 'kredi-karti',
    installment: 1,
    installment_count: 3,
    cargo_company: 3,
    shipping_company: 'mng',
    delivery_type: 'next_day',
    tracking_number: '7006198085',
    extra_field: { channel_name: 'Trendyol' },
  },
  cancellationplanorderitem_set: [
    {
      pk: 700357,
      status: 'cancelled',
      order_item_previous_status: 'approved',
      reason: { subject: 'Müşteri vazgeçti', translations: { tr: { subject: 'Müşteri vazgeçti' }, en: { subject: 'Customer changed their mind' } } },
      order_item: { pk: 2000500, price: 529.9, price_currency: 'tr', tax_rate: 10, product: { name: 'Gömlek', sku: 'GML-1', tax_rate: 20 } },
    },
  ],
})

describe('reading the plan’s JSON for the detail', () => {
  it('reads the order summary, with the channel’s name, the payment option’s slug and the installment count', () => {
    expect(orderSummary(full)).toEqual({
      number: '9118506495',
      channelName: 'Trendyol',
      customer: '100122',
      datePlaced: '2026-11-24T22:06:27Z',
      amount: 579.8,
      shippingAmount: 49.9,
      discountAmount: 0,
      paymentOption: 'kredi-karti',
      installments: 3,
      cargoCompany: 'mng',
      deliveryType: 'next_day',
      trackingNumber: '7006198085',
      invoiceNumber: 'PDA1',
    })
  })

  it('falls back to what the server did send, and to null (a dash on screen) for what it did not', () => {
    const sparse = orderSummary(
      detail({ order: { payment_option: 3, installment: 2, cargo_company: 7, customer: { first_name: 'Ayşe', last_name: 'Yılmaz' }, tracking_number: '  ', invoice_number: 'INV-O' } }),
    )
    expect(sparse).toMatchObject({ paymentOption: '3', installments: 2, cargoCompany: '7', customer: 'Ayşe Yılmaz', trackingNumber: null, invoiceNumber: 'INV-O' })
    expect(orderSummary(detail({}))).toEqual({
      number: null,
      channelName: null,
      customer: null,
      datePlaced: null,
      amount: null,
      shippingAmount: null,
      discountAmount: null,
      paymentOption: null,
      installments: null,
      cargoCompany: null,
      deliveryType: null,
      trackingNumber: null,
      invoiceNumber: null,
    })
    expect(orderSummary(null).number).toBeNull()
  })

  it('reads the refund amounts (numbers or decimal strings) and the people', () => {
    expect(refundAmounts(full)).toEqual({ refund: 579.8, shippingRefund: 49.9, discountRefund: 0 })
    expect(refundAmounts(detail({ refund_amount: 'n/a' }))).toEqual({ refund: null, shippingRefund: null, discountRefund: null })
    expect(planPeople(full)).toEqual({ createdBy: 'Entegrasyon Servisi', lastUpdatedBy: 'Kerem Aydemir' })
    expect(planPeople(detail({ created_by: 7 }))).toEqual({ createdBy: null, lastUpdatedBy: null })
  })

  it('reads each item: the order item’s tax (else the product’s), its status before the plan, the reason in the person’s language', () => {
    expect(planItems(full, 'en')).toEqual([
      {
        pk: 700357,
        orderItemPk: 2000500,
        name: 'Gömlek',
        sku: 'GML-1',
        price: 529.9,
        currency: 'TRY',
        taxRate: 10,
        reason: 'Customer changed their mind',
        status: 'cancelled',
        previousStatus: 'approved',
      },
    ])
    // No translation in that language (or none asked for): the subject as sent.
    expect(planItems(full, 'de')[0].reason).toBe('Müşteri vazgeçti')
    expect(planItems(full)[0].reason).toBe('Müşteri vazgeçti')
    const noItemTax = detail({ cancellationplanorderitem_set: [{ pk: 1, order_item: { product: { tax_rate: 20 } } }, { pk: 2 }] })
    expect(planItems(noItemTax).map((i) => i.taxRate)).toEqual([20, null])
    expect(planItems(noItemTax)[1]).toMatchObject({ name: '', sku: '', previousStatus: '', status: '' })
  })
})
