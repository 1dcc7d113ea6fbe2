/** decide(): the outbox's exactly-once rule, case by case. */
import { describe, expect, it } from 'vitest'
import { decide, type ReadState, samePaymentPlan } from '../../../main/outbox/decide'

const BASE_AT = '2026-03-01T10:00:00.000Z'
const LATER = '2026-03-01T11:00:00.000Z'
const PP = [{ transaction_type: 'refund', order_items: [12, 11] }]

type Row = Parameters<typeof decide>[0]

const status = (target: string, over: Partial<Row> = {}): Row => ({
  kind: 'status',
  payload: JSON.stringify({ status: target }),
  target_status: target,
  base_status: 'waiting',
  base_modified: BASE_AT,
  attempts: 0,
  ...over,
})
const payment = (over: Partial<Row> = {}): Row => ({
  kind: 'payment_plan',
  payload: JSON.stringify({ payment_plan: PP }),
  target_status: null,
  base_status: 'approved',
  base_modified: BASE_AT,
  attempts: 0,
  ...over,
})
const server = (s: Partial<ReadState>): ReadState => ({ status: 'waiting', modifiedDate: BASE_AT, paymentPlan: null, hasPaymentPlan: true, ...s })

const CASES: Array<[string, Row, ReadState, ReturnType<typeof decide>['kind'], RegExp?]> = [
  ['status: unchanged since the base → send', status('approved'), server({}), 'send'],
  ['status: the server already shows it, never tried → applied', status('approved'), server({ status: 'approved', modifiedDate: LATER }), 'applied', /already shows/],
  ['status: shows it after an unanswered attempt → applied, confirmed', status('approved', { attempts: 1 }), server({ status: 'approved', modifiedDate: LATER }), 'applied', /reading the plan back/],
  ['status: someone else changed the status → conflict', status('approved'), server({ status: 'rejected', modifiedDate: LATER }), 'conflict'],
  ['status: the same status but modified since → conflict', status('approved'), server({ modifiedDate: LATER }), 'conflict'],
  ['status: re-based on its predecessor (time unknown), status as expected → send', status('waiting_for_payment', { base_status: 'approved', base_modified: '' }), server({ status: 'approved', modifiedDate: LATER }), 'send'],
  ['status: re-based on its predecessor, another status → conflict', status('waiting_for_payment', { base_status: 'approved', base_modified: '' }), server({ status: 'rejected', modifiedDate: LATER }), 'conflict'],
  ['payment plan: unchanged → send', payment(), server({ status: 'approved' }), 'send'],
  ['payment plan: the server shows the same lines (items in another order) → applied', payment({ attempts: 1 }), server({ status: 'approved', modifiedDate: LATER, paymentPlan: { payment_plan: [{ transaction_type: ' refund ', order_items: [11, 12] }] } }), 'applied'],
  ['payment plan: other lines on the server → conflict', payment(), server({ status: 'approved', modifiedDate: LATER, paymentPlan: [{ transaction_type: 'refund', order_items: [11] }] }), 'conflict'],
  ['payment plan: sent before, plan changed, server shows no payment plans → needs checking', payment({ attempts: 1 }), server({ status: 'approved', modifiedDate: LATER, hasPaymentPlan: false }), 'needs_checking', /cannot tell/],
  ['payment plan: never sent, plan changed, server shows no payment plans → conflict', payment(), server({ status: 'approved', modifiedDate: LATER, hasPaymentPlan: false }), 'conflict'],
]

describe('decide', () => {
  it.each(CASES)('%s', (_name, row, state, kind, words) => {
    const d = decide(row, state)
    expect(d.kind).toBe(kind)
    if (words) expect(d.kind === 'applied' ? d.result : d.kind === 'needs_checking' ? d.why : '').toMatch(words)
  })

  it('compares payment plans line by line, the type and the items as a set; the amounts the server worked out do not count', () => {
    const sent = { payment_plan: [{ transaction_type: 'refund', order_items: [2, 1] }] }
    expect(samePaymentPlan([{ transaction_type: 'refund', order_items: [1, 2], refund_amount: '10.0' }], sent)).toBe(true)
    expect(samePaymentPlan({ payment_plan: [{ transaction_type: 'refund', order_items: [1, 2], refund_amount: 11 }] }, sent)).toBe(true)
    expect(samePaymentPlan([{ transaction_type: 'refund', order_items: [1] }], sent)).toBe(false)
    expect(samePaymentPlan([{ transaction_type: 'exchange', order_items: [1, 2] }], sent)).toBe(false)
    expect(samePaymentPlan([{ transaction_type: 'refund', order_items: [1, 2] }, { transaction_type: 'refund', order_items: [3] }], sent)).toBe(false)
    expect(samePaymentPlan(null, sent)).toBe(false)
    expect(samePaymentPlan([{ transaction_type: 'refund', order_items: [1] }], { status: 'approved' })).toBe(false)
  })
})
