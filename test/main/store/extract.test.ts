import { describe, expect, it } from 'vitest'
import { planItems, planRow, searchText } from '../../../main/store/extract'
import { makePlan, planInput } from './fixtures'

describe('extract', () => {
  it('copies the filter and summary columns out of the server JSON', () => {
    const input = planInput(makePlan({ pk: 12, plan_type: 'refund', orderStatus: '550', currency: 'eur', channel: 4, refund: 55.5 }))
    const items = planItems(input.raw)
    const row = planRow(input, items)
    expect(row).toMatchObject({
      pk: 12,
      status: 'waiting',
      plan_type: 'refund',
      order_id: 10_012,
      order_number: 'ORD-12',
      order_status: 550,
      channel_id: 4,
      customer_id: 512,
      store_remote_id: 'STORE-1',
      staff_remote_id: 'STAFF-1',
      invoice_number: 'INV-12',
      refund_amount: 55.5,
      currency: 'EUR',
      item_count: 1,
      first_product_name: 'Product 12',
      created_by_id: 3,
      modified_by_id: 7,
      related_plan: null,
      invoice_date: null,
    })
    expect(items[0]).toMatchObject({ sku: 'SKU-12', base_code: 'BASE-12', reason_subject: 'Changed my mind', price: 99.95 })
  })

  it('reads the related plan and the invoice date for the list filters that use them', () => {
    const raw = { ...makePlan({ pk: 2 }), related_cancellation_plan: 1, invoice_date: '2026-02-01T10:00:00+03:00' }
    const input = planInput(raw)
    expect(planRow(input, planItems(raw))).toMatchObject({ related_plan: 1, invoice_date: '2026-02-01T07:00:00.000Z' })
  })

  it('tolerates missing and oddly typed optional fields', () => {
    const raw = { pk: 1, status: 'waiting', modified_date: '2026-01-01T00:00:00Z', order: null, refund_amount: '12.50', cancellationplanorderitem_set: [{ order_item: 5 }] }
    const input = planInput(raw)
    const items = planItems(raw)
    const row = planRow(input, items)
    expect(row).toMatchObject({ order_id: null, channel_id: null, refund_amount: 12.5, item_count: 1, first_product_name: null, plan_type: '' })
    expect(searchText(input, row, items)).toBe('1')
  })

  it('indexes every searched field, folded', () => {
    const input = planInput(makePlan({ pk: 3, product: 'Işık Lamba', username: 'mehmet', firstName: 'Çağrı', reason: 'İade' }))
    const items = planItems(input.raw)
    const text = searchText(input, planRow(input, items), items)
    for (const part of ['3', 'ord-3', 'inv-3', 'trk3', 'cs3', 'isik lamba', 'sku-3', 'base-3', 'iade', 'store-1', 'staff-1', 'mehmet', 'cagri']) {
      expect(text).toContain(part)
    }
  })
})
