/** Plan JSON shaped like the server's, for store and sync tests (not a test file itself). */
export interface PlanFixture {
  pk: number
  status?: string
  plan_type?: string
  modified?: string
  created?: string
  product?: string
  sku?: string
  baseCode?: string
  reason?: string
  orderNumber?: string
  invoice?: string
  tracking?: string
  carrierCode?: string
  store?: string
  staff?: string
  channel?: number
  customer?: number
  username?: string
  firstName?: string
  lastName?: string
  refund?: number
  orderStatus?: number | string
  currency?: string
}

export function makePlan(f: PlanFixture): Record<string, unknown> {
  const modified = f.modified ?? new Date(Date.UTC(2026, 0, 1) + f.pk * 60_000).toISOString()
  const created = f.created ?? new Date(Date.UTC(2025, 11, 1) + f.pk * 60_000).toISOString()
  return {
    pk: f.pk,
    created_date: created,
    modified_date: modified,
    status: f.status ?? 'waiting',
    plan_type: f.plan_type ?? 'cancel',
    invoice_number: f.invoice ?? `INV-${f.pk}`,
    retail_store_remote_id: f.store ?? 'STORE-1',
    staff_remote_id: f.staff ?? 'STAFF-1',
    refund_amount: f.refund ?? 100 + f.pk,
    discount_refund_amount: 0,
    shipping_refund_amount: '0.00',
    order_previous_status: 'approved',
    payment_plan: {},
    modified_by_id: 7,
    order: {
      pk: 10_000 + f.pk,
      number: f.orderNumber ?? `ORD-${f.pk}`,
      channel: f.channel ?? 1,
      customer: f.customer ?? 500 + f.pk,
      date_placed: created,
      amount: '199.90',
      status: f.orderStatus ?? 100,
      currency: f.currency ?? 'try',
      tracking_number: f.tracking ?? `TRK${f.pk}`,
      carrier_shipping_code: f.carrierCode ?? `CS${f.pk}`,
      shipping_company: 'yurtici',
      invoice_number: null,
    },
    created_by: {
      pk: 3,
      username: f.username ?? 'ayse',
      first_name: f.firstName ?? 'Ayşe',
      last_name: f.lastName ?? 'Yılmaz',
    },
    cancellationplanorderitem_set: [
      {
        pk: 90_000 + f.pk,
        status: 'cancellation_waiting',
        modified_date: modified,
        reason: { pk: 1, cancellation_type: 'cancel', subject: f.reason ?? 'Changed my mind' },
        order_item: {
          pk: 70_000 + f.pk,
          price: '99.95',
          shipment_code: null,
          product: {
            id: 5,
            name: f.product ?? `Product ${f.pk}`,
            sku: f.sku ?? `SKU-${f.pk}`,
            base_code: f.baseCode ?? `BASE-${f.pk}`,
          },
        },
      },
    ],
  }
}

/** The store's input for a fixture plan. */
export function planInput(raw: Record<string, unknown>): { pk: number; status: string; modifiedDate: string; raw: Record<string, unknown> } {
  return {
    pk: raw.pk as number,
    status: raw.status as string,
    modifiedDate: new Date(raw.modified_date as string).toISOString(),
    raw,
  }
}
