import { useI18n } from 'vue-i18n'
import type { OutboxEntry, PaymentPlanLine } from '../../../preload/contract'
import { intlLocale } from '../i18n'
import { useStatusesStore } from '../stores/statuses'
import { formatMoney } from './format'
import { paymentPlanLines, type PaymentPlanView } from './plan-json'

/** What an outbox entry asked for, in words ("Approved", "Payment plan: refund, 2 items, ₺120.00"). */
export function useEntryText(): {
  statusLabel: (key: string | null) => string
  paymentPlan: (lines: Array<PaymentPlanLine | PaymentPlanView> | null, currency: string | null) => string
  asked: (entry: OutboxEntry, currency?: string | null) => string
  serverPaymentPlan: (value: unknown, currency: string | null) => string
} {
  const { t, te, locale } = useI18n()
  const plans = useStatusesStore()
  const statusLabel = (key: string | null): string => {
    if (!key) return '—'
    return plans.statusLabel.get(key) ?? (te(`status.${key}`) ? t(`status.${key}`) : key)
  }
  const type = (tt: string): string => (te(`payment.types.${tt}`) ? t(`payment.types.${tt}`) : tt)
  const paymentPlan = (lines: Array<PaymentPlanLine | PaymentPlanView> | null, currency: string | null): string => {
    if (!lines || lines.length === 0) return t('payment.none')
    return lines
      .map((l) => {
        const parts = [type(l.transactionType), t('payment.itemCount', { n: l.orderItems.length }, l.orderItems.length)]
        const amount = 'refundAmount' in l ? l.refundAmount : null
        if (amount !== null) parts.push(formatMoney(amount, currency, intlLocale(locale.value)))
        return parts.join(' · ')
      })
      .join('; ')
  }
  return {
    statusLabel,
    paymentPlan,
    asked: (entry, currency = null) =>
      entry.kind === 'status'
        ? t('outbox.askedStatus', { status: statusLabel(entry.targetStatus) })
        : t('outbox.askedPaymentPlan', { plan: paymentPlan(entry.paymentPlan, currency) }),
    serverPaymentPlan: (value, currency) => paymentPlan(paymentPlanLines(value), currency),
  }
}
