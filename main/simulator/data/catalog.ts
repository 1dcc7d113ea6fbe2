/**
 * Fixed reference data of a plausible Turkish omnichannel retailer: sales channels, stores,
 * cargo companies, staff names, product templates and cancellation reasons. Kept apart from the
 * generator so the numbers that drive realism (weights, proportions) live in one place.
 */
import type { components } from '../../../resources/omnitron-api'
import type { ChannelType, PlanStatus, PlanType } from '../../domain'

type S = components['schemas']
/** The status and plan type lists are main/domain's; re-exported for older importers. */
export { PLAN_STATUSES, PLAN_TYPES } from '../../domain'
export type OrderCurrency = NonNullable<S['Order']['currency']>
export type ShippingCompany = S['ShippingCompany']

export interface Channel {
  id: number
  name: string
  channel_type: ChannelType
  currency: OrderCurrency
  /** Relative share of all orders. */
  weight: number
}

/** Channel ids are integers like Omnitron's; order.channel carries the id. */
export const CHANNELS: readonly Channel[] = [
  { id: 1, name: 'Web Mağaza', channel_type: 'web', currency: 'try', weight: 30 },
  { id: 2, name: 'Trendyol', channel_type: 'trendyol', currency: 'try', weight: 22 },
  { id: 3, name: 'Hepsiburada', channel_type: 'hepsiburada', currency: 'try', weight: 16 },
  { id: 4, name: 'n11', channel_type: 'n11', currency: 'try', weight: 6 },
  { id: 5, name: 'Amazon Türkiye', channel_type: 'amazon', currency: 'try', weight: 7 },
  { id: 6, name: 'Çiçeksepeti', channel_type: 'ciceksepeti', currency: 'try', weight: 4 },
  { id: 7, name: 'Pazarama', channel_type: 'pazarama', currency: 'try', weight: 3 },
  { id: 8, name: 'Mağaza Satış Kanalı', channel_type: 'sales_channel', currency: 'try', weight: 5 },
  { id: 9, name: 'Amazon Almanya', channel_type: 'amazon', currency: 'eur', weight: 3 },
  { id: 10, name: 'eMAG Romania', channel_type: 'emag', currency: 'eur', weight: 2 },
  { id: 11, name: 'AliExpress Global', channel_type: 'aliexpress', currency: 'usd', weight: 2 },
]

export interface Store {
  remoteId: string
  name: string
}

export const STORES: readonly Store[] = [
  ['IST-KDK-01', 'İstanbul Kadıköy'],
  ['IST-BKR-02', 'İstanbul Bakırköy'],
  ['IST-SSL-03', 'İstanbul Şişli Cevahir'],
  ['ANK-CNK-04', 'Ankara Çankaya'],
  ['IZM-KSK-05', 'İzmir Karşıyaka'],
  ['BRS-NLF-06', 'Bursa Nilüfer'],
  ['ANT-MRT-07', 'Antalya Muratpaşa'],
  ['ESK-ODN-08', 'Eskişehir Odunpazarı'],
  ['GZT-SHK-09', 'Gaziantep Şahinbey'],
  ['DEP-GBZ-99', 'Gebze Merkez Depo'],
].map(([remoteId, name]) => ({ remoteId, name }))

export interface Cargo {
  id: number
  company: ShippingCompany
  name: string
  weight: number
}

export const CARGO: readonly Cargo[] = [
  { id: 1, company: 'yurtici', name: 'Yurtiçi Kargo', weight: 28 },
  { id: 2, company: 'aras', name: 'Aras Kargo', weight: 20 },
  { id: 3, company: 'mng', name: 'MNG Kargo', weight: 14 },
  { id: 4, company: 'ptt', name: 'PTT Kargo', weight: 8 },
  { id: 5, company: 'surat', name: 'Sürat Kargo', weight: 7 },
  { id: 6, company: 'tyexpress', name: 'Trendyol Express', weight: 10 },
  { id: 7, company: 'hbexpress', name: 'HepsiJet', weight: 8 },
  { id: 8, company: 'sendeo', name: 'Sendeo', weight: 3 },
  { id: 9, company: 'ups', name: 'UPS', weight: 2 },
]

export const FIRST_NAMES = [
  'Ayşe', 'Mehmet', 'Zeynep', 'Ömer', 'Çağla', 'Gülşen', 'İbrahim', 'Şule', 'Ümit', 'Özge',
  'Barış', 'Emre', 'Elif', 'Burak', 'Merve', 'Hakan', 'Selin', 'Oğuz', 'Duygu', 'Serkan',
  'Tuğba', 'Gökhan', 'Büşra', 'Uğur', 'Ebru', 'Çağrı', 'Sinem', 'Yiğit', 'Şeyma', 'Kübra',
] as const

export const LAST_NAMES = [
  'Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın',
  'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan',
  'Şimşek', 'Erdoğan', 'Güneş', 'Akgül', 'Türkmen', 'Güler',
] as const

/** Product templates: a base name, SKU prefix, tax rate (Turkish VAT: 10% textiles, 20% most goods) and a price band. */
export interface ProductTemplate {
  name: string
  sku: string
  tax: number
  min: number
  max: number
  variants: 'size' | 'shoe' | 'color' | 'none'
  weightKg: number
}

export const PRODUCT_TEMPLATES: readonly ProductTemplate[] = [
  { name: 'Erkek Slim Fit Gömlek', sku: 'GML', tax: 10, min: 349.9, max: 899.9, variants: 'size', weightKg: 0.3 },
  { name: 'Kadın Örgü Kazak', sku: 'KZK', tax: 10, min: 399.9, max: 1199.9, variants: 'size', weightKg: 0.5 },
  { name: 'Çocuk Eşofman Takımı', sku: 'ESF', tax: 10, min: 249.9, max: 699.9, variants: 'size', weightKg: 0.4 },
  { name: 'Kadın Yüksek Bel Jean Pantolon', sku: 'JNP', tax: 10, min: 499.9, max: 1299.9, variants: 'size', weightKg: 0.6 },
  { name: 'Erkek Kapüşonlu Sweatshirt', sku: 'SWT', tax: 10, min: 399.9, max: 999.9, variants: 'size', weightKg: 0.5 },
  { name: 'Kadın Deri Görünümlü Ceket', sku: 'CKT', tax: 10, min: 899.9, max: 2499.9, variants: 'size', weightKg: 0.9 },
  { name: 'Unisex Koşu Ayakkabısı', sku: 'AYK', tax: 10, min: 999.9, max: 3499.9, variants: 'shoe', weightKg: 0.8 },
  { name: 'Kadın Süet Çizme', sku: 'CZM', tax: 10, min: 1299.9, max: 3999.9, variants: 'shoe', weightKg: 1.1 },
  { name: 'Çelik Çaydanlık Takımı 2,5 L', sku: 'CYD', tax: 20, min: 599.9, max: 1899.9, variants: 'none', weightKg: 1.6 },
  { name: 'Porselen Yemek Takımı 24 Parça', sku: 'YMK', tax: 20, min: 1499.9, max: 4999.9, variants: 'color', weightKg: 6.5 },
  { name: 'Pamuklu Nevresim Takımı Çift Kişilik', sku: 'NVR', tax: 10, min: 699.9, max: 1999.9, variants: 'color', weightKg: 1.8 },
  { name: 'Türk Kahvesi Makinesi', sku: 'TKM', tax: 20, min: 1199.9, max: 2999.9, variants: 'color', weightKg: 1.4 },
  { name: 'Bluetooth Kablosuz Kulaklık', sku: 'BTK', tax: 20, min: 499.9, max: 3999.9, variants: 'color', weightKg: 0.2 },
  { name: 'Akıllı Saat Silikon Kordon', sku: 'KRD', tax: 20, min: 149.9, max: 399.9, variants: 'color', weightKg: 0.05 },
  { name: 'Şarjlı Dikey Süpürge', sku: 'SPR', tax: 20, min: 3999.9, max: 12999.9, variants: 'none', weightKg: 3.2 },
  { name: 'Gül Kokulu El Kremi 75 ml', sku: 'ELK', tax: 20, min: 89.9, max: 249.9, variants: 'none', weightKg: 0.1 },
  { name: 'Argan Yağlı Şampuan 400 ml', sku: 'SMP', tax: 20, min: 119.9, max: 299.9, variants: 'none', weightKg: 0.45 },
  { name: 'Çocuk Eğitici Ahşap Yapboz', sku: 'YPZ', tax: 10, min: 149.9, max: 449.9, variants: 'none', weightKg: 0.4 },
  { name: 'Deri Sırt Çantası', sku: 'CNT', tax: 20, min: 799.9, max: 2799.9, variants: 'color', weightKg: 0.9 },
  { name: 'Bambu Banyo Havlusu Seti', sku: 'HVL', tax: 10, min: 299.9, max: 899.9, variants: 'color', weightKg: 1.2 },
]

export const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const
export const SHOE_SIZES = ['36', '37', '38', '39', '40', '41', '42', '43', '44', '45'] as const
export const COLORS: readonly (readonly [string, string])[] = [
  ['Lacivert', 'LAC'], ['Siyah', 'SYH'], ['Beyaz', 'BYZ'], ['Ekru', 'EKR'], ['Haki', 'HAK'],
  ['Kırmızı', 'KRM'], ['Gri', 'GRI'], ['Bordo', 'BRD'], ['Yeşil', 'YSL'], ['Pudra', 'PDR'],
]
export const BRANDS = ['Kuzey', 'Anadolu Home', 'Ege Tekstil', 'Toros', 'Marmara Tech', 'Lale'] as const

export interface ReasonTemplate {
  type: PlanType
  tr: string
  en: string
  extraInfo: boolean
  weight: number
}

export const REASONS: readonly ReasonTemplate[] = [
  { type: 'cancel', tr: 'Müşteri vazgeçti', en: 'Customer changed their mind', extraInfo: false, weight: 30 },
  { type: 'cancel', tr: 'Ürün stokta yok', en: 'Product out of stock', extraInfo: false, weight: 18 },
  { type: 'cancel', tr: 'Yanlış sipariş verildi', en: 'Ordered by mistake', extraInfo: false, weight: 12 },
  { type: 'cancel', tr: 'Teslimat süresi çok uzun', en: 'Delivery time too long', extraInfo: false, weight: 10 },
  { type: 'cancel', tr: 'Ödeme onaylanmadı', en: 'Payment was not approved', extraInfo: true, weight: 6 },
  { type: 'cancel', tr: 'Teslimat adresi hatalı', en: 'Wrong delivery address', extraInfo: true, weight: 6 },
  { type: 'cancel', tr: 'Daha uygun fiyat buldum', en: 'Found a cheaper price', extraInfo: false, weight: 8 },
  { type: 'refund', tr: 'Ürün hasarlı geldi', en: 'Product arrived damaged', extraInfo: true, weight: 14 },
  { type: 'refund', tr: 'Beden uymadı', en: 'Size does not fit', extraInfo: false, weight: 26 },
  { type: 'refund', tr: 'Ürün açıklamayla uyuşmuyor', en: 'Product not as described', extraInfo: true, weight: 10 },
  { type: 'refund', tr: 'Yanlış ürün gönderildi', en: 'Wrong item sent', extraInfo: false, weight: 8 },
  { type: 'refund', tr: 'Ürün kusurlu', en: 'Defective product', extraInfo: true, weight: 10 },
  { type: 'refund', tr: 'Ürünü beğenmedim', en: 'Did not like the product', extraInfo: false, weight: 20 },
  { type: 'refund', tr: 'Eksik parça', en: 'Missing parts', extraInfo: true, weight: 5 },
]

/** Tags the list's tag / tag__exclude filters work on (kept internally, see db.ts). */
export const TAGS = ['vip', 'fraud_check', 'express', 'marketplace', 'gift', 'bulk', 'first_order'] as const

/** English and Turkish labels for cancellation_plan_statuses. */
export const STATUS_LABELS: Record<PlanStatus, { en: string; tr: string }> = {
  waiting: { en: 'Waiting', tr: 'Bekliyor' },
  waiting_supplier: { en: 'Waiting for Supplier', tr: 'Tedarikçi Bekleniyor' },
  confirmation_waiting: { en: 'Waiting for Confirmation', tr: 'Onay Bekliyor' },
  confirmed: { en: 'Confirmed', tr: 'Onaylandı' },
  approved: { en: 'Approved', tr: 'Kabul Edildi' },
  waiting_for_payment: { en: 'Waiting for Payment', tr: 'Ödeme Bekleniyor' },
  manuel_refund_need: { en: 'Manual Refund Needed', tr: 'Manuel İade Gerekli' },
  completed: { en: 'Completed', tr: 'Tamamlandı' },
  rejected: { en: 'Rejected', tr: 'Reddedildi' },
  cancelled: { en: 'Cancelled', tr: 'İptal Edildi' },
  failed: { en: 'Failed', tr: 'Başarısız' },
}

