/**
 * Omnitron's codes in words, English and Turkish: plan statuses and types, channel types,
 * payment options, cargo companies and delivery types. The one table for every place that shows
 * them: the renderer's messages (renderer/src/i18n), the exports and the CLI. A code with no
 * label here (the server added one) is shown as it came.
 *
 * Plain TypeScript only: the renderer bundles this module.
 */
import type { ChannelType, PlanStatus, PlanType } from './values'

export type LabelLanguage = 'en' | 'tr'

export interface CodeLabels {
  status: Record<PlanStatus, string>
  planType: Record<PlanType, string>
  channelType: Record<ChannelType, string>
  /** Omnitron's payment option slugs (order.payment_option_slug). */
  paymentOption: Record<string, string>
  /** Omnitron's ShippingCompany codes (order.shipping_company): company names, the same in both languages. */
  cargo: Record<string, string>
  /** Omnitron's DeliveryType (order.delivery_type). */
  deliveryType: Record<string, string>
}

export type LabelKind = keyof CodeLabels

/** Company names are names: one list for both languages. */
const CARGO: Record<string, string> = {
  aras: 'Aras Kargo',
  yurtici: 'Yurtiçi Kargo',
  mng: 'MNG Kargo',
  ptt: 'PTT Kargo',
  surat: 'Sürat Kargo',
  hbexpress: 'HepsiJet',
  tyexpress: 'Trendyol Express',
  sendeo: 'Sendeo',
  kargo_ist: 'Kargoist',
  horoz: 'Horoz Lojistik',
  birgunde: 'Birgünde Kargo',
  jetizz: 'Jetizz',
  ups: 'UPS',
  ups_intl: 'UPS International',
  dhlexpress: 'DHL Express',
  gls: 'GLS',
  dpd: 'DPD',
  aramex: 'Aramex',
  fancourier: 'FAN Courier',
  cargus: 'Cargus',
  sameday: 'Sameday',
  novaposhta: 'Nova Poshta',
  cdek: 'CDEK',
  cainiao: 'Cainiao',
  in_post: 'InPost',
}

export const LABELS: Record<LabelLanguage, CodeLabels> = {
  en: {
    status: {
      completed: 'Completed',
      waiting: 'Waiting',
      waiting_supplier: 'Waiting for supplier',
      approved: 'Approved',
      confirmation_waiting: 'Waiting for confirmation',
      confirmed: 'Confirmed',
      cancelled: 'Cancelled',
      failed: 'Failed',
      rejected: 'Rejected',
      waiting_for_payment: 'Waiting for payment',
      manuel_refund_need: 'Manual refund needed',
    },
    planType: { cancel: 'Cancel', refund: 'Refund' },
    channelType: {
      hepsiburada: 'Hepsiburada',
      hepsiburadads: 'Hepsiburada (dropshipping)',
      gittigidiyor: 'GittiGidiyor',
      n11: 'n11',
      web: 'Web store',
      feed: 'Product feed',
      trendyol: 'Trendyol',
      morhipo: 'Morhipo',
      morhipoV2: 'Morhipo (new integration)',
      lidyana: 'Lidyana',
      amazon: 'Amazon',
      allegro: 'Allegro',
      distributed: 'Distributed orders',
      aliexpress: 'AliExpress',
      emag: 'eMAG',
      ciceksepeti: 'Çiçeksepeti',
      gordumaldim: 'Gördüm Aldım',
      pazarama: 'Pazarama',
      flo: 'FLO',
      turkcellds: 'Turkcell (dropshipping)',
      sales_channel: 'Store sales',
    },
    paymentOption: {
      'kredi-karti': 'Credit card',
      'credit-card': 'Credit card',
      havale: 'Bank transfer',
      'funds-transfer': 'Bank transfer',
      'kapida-odeme': 'Cash on delivery',
      'pay-on-delivery': 'Cash on delivery',
      cuzdan: 'Wallet',
      wallet: 'Wallet',
      'hediye-ceki': 'Gift voucher',
      masterpass: 'Masterpass',
      'bkm-express': 'BKM Express',
      'apple-pay': 'Apple Pay',
      'google-pay': 'Google Pay',
    },
    cargo: CARGO,
    deliveryType: { same_day: 'Same day', next_day: 'Next day', standard: 'Standard', in_store: 'Pick up in store' },
  },
  tr: {
    status: {
      completed: 'Tamamlandı',
      waiting: 'Bekliyor',
      waiting_supplier: 'Tedarikçi bekleniyor',
      approved: 'Onaylandı',
      confirmation_waiting: 'Onay bekliyor',
      confirmed: 'Teyit edildi',
      cancelled: 'İptal edildi',
      failed: 'Başarısız',
      rejected: 'Reddedildi',
      waiting_for_payment: 'Ödeme bekleniyor',
      manuel_refund_need: 'Manuel iade gerekli',
    },
    planType: { cancel: 'İptal', refund: 'İade' },
    channelType: {
      hepsiburada: 'Hepsiburada',
      hepsiburadads: 'Hepsiburada (stoksuz satış)',
      gittigidiyor: 'GittiGidiyor',
      n11: 'n11',
      web: 'Web mağaza',
      feed: 'Ürün beslemesi',
      trendyol: 'Trendyol',
      morhipo: 'Morhipo',
      morhipoV2: 'Morhipo (yeni entegrasyon)',
      lidyana: 'Lidyana',
      amazon: 'Amazon',
      allegro: 'Allegro',
      distributed: 'Dağıtık siparişler',
      aliexpress: 'AliExpress',
      emag: 'eMAG',
      ciceksepeti: 'Çiçeksepeti',
      gordumaldim: 'Gördüm Aldım',
      pazarama: 'Pazarama',
      flo: 'FLO',
      turkcellds: 'Turkcell (stoksuz satış)',
      sales_channel: 'Mağaza satışı',
    },
    paymentOption: {
      'kredi-karti': 'Kredi kartı',
      'credit-card': 'Kredi kartı',
      havale: 'Havale / EFT',
      'funds-transfer': 'Havale / EFT',
      'kapida-odeme': 'Kapıda ödeme',
      'pay-on-delivery': 'Kapıda ödeme',
      cuzdan: 'Cüzdan',
      wallet: 'Cüzdan',
      'hediye-ceki': 'Hediye çeki',
      masterpass: 'Masterpass',
      'bkm-express': 'BKM Express',
      'apple-pay': 'Apple Pay',
      'google-pay': 'Google Pay',
    },
    cargo: CARGO,
    deliveryType: { same_day: 'Aynı gün', next_day: 'Ertesi gün', standard: 'Standart', in_store: 'Mağazadan teslim' },
  },
}

/** A code in words in the language, or null when PlanDesk has no label for it (show the code). */
export function codeLabel(kind: LabelKind, code: string | null | undefined, lang: LabelLanguage): string | null {
  if (code === null || code === undefined || code === '') return null
  const table = LABELS[lang][kind] as Record<string, string>
  return Object.prototype.hasOwnProperty.call(table, code) ? table[code] : null
}
