/**
 * Builds the shared reference objects (users, products, reasons, price/stock lists, external
 * statuses, shipping option groups) deterministically from the seed, in the shapes of
 * resources/omnitron-openapi.json.
 */
import type { components } from '../../../resources/omnitron-api'
import type { Rng } from '../prng'
import { toIso, US_PER_DAY } from '../dates'
import type { PlanType } from '../../domain'
import {
  BRANDS, COLORS, FIRST_NAMES, LAST_NAMES, PRODUCT_TEMPLATES, REASONS, SHOE_SIZES, SIZES,
} from './catalog'
import { RefStore } from './refs'
import type { Reason } from './shapes'

type S = components['schemas']

export const DEMO_USER = {
  pk: 1,
  username: 'demo',
  password: 'demo1234',
  first_name: 'Deniz',
  last_name: 'Aksoy',
} as const

/** The integration user that creates plans coming from marketplaces. */
export const INTEGRATION_USER_PK = 2

/** A second staff member: the default author of admin-interface edits (conflict tests). */
export const OTHER_USER = { pk: 3, username: 'kerem.aydemir', first_name: 'Kerem', last_name: 'Aydemir' } as const

export interface ProductInfo {
  id: number
  /** Price in TRY; other currencies are converted from it. */
  priceTry: number
  tax: number
}

export interface ReasonInfo {
  pk: number
  type: PlanType
  weight: number
}

export interface ReferenceData {
  refs: RefStore
  staffUserPks: number[]
  userNames: Map<number, string>
  products: ProductInfo[]
  reasons: ReasonInfo[]
}

const TR_ASCII: Record<string, string> = { ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u', İ: 'i' }
export function asciiSlug(text: string): string {
  return text.toLocaleLowerCase('tr').replace(/[çğıöşüİ]/g, (c) => TR_ASCII[c] ?? c)
}

export function uuid(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('')
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(0, 3)]}${hex(3)}-${hex(12)}`
}

/** EAN-13 with the GS1 Turkey prefix 869 and a valid check digit. */
export function ean13(rng: Rng): string {
  let digits = '869'
  for (let i = 0; i < 9; i++) digits += rng.int(0, 9)
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3)
  return digits + ((10 - (sum % 10)) % 10)
}

export function buildReferenceData(rng: Rng, nowUs: number): ReferenceData {
  const refs = new RefStore()
  const epochUs = nowUs - 900 * US_PER_DAY
  const stamp = () => toIso(epochUs + rng.int(0, 500) * US_PER_DAY + rng.int(0, 86_399) * 1_000_000)
  const userNames = new Map<number, string>()

  const user = (pk: number, first: string, last: string, username: string, staff: boolean): S['User'] => {
    const joined = stamp()
    return {
      pk, username, first_name: first, last_name: last,
      email: `${username}@plandesk-demo.com.tr`,
      is_active: true, is_staff: staff, is_superuser: false,
      date_joined: joined, last_login: toIso(nowUs - rng.int(1, 72) * 3_600_000_000),
      groups: staff ? [1, 3] : [2], can_read_sensitive_data: staff,
      created_date: joined, modified_date: joined,
    }
  }
  refs.set('u', DEMO_USER.pk, user(DEMO_USER.pk, DEMO_USER.first_name, DEMO_USER.last_name, DEMO_USER.username, true))
  userNames.set(DEMO_USER.pk, DEMO_USER.username)
  refs.set('u', INTEGRATION_USER_PK, user(INTEGRATION_USER_PK, 'Entegrasyon', 'Servisi', 'omnitron.entegrasyon', false))
  userNames.set(INTEGRATION_USER_PK, 'omnitron.entegrasyon')
  refs.set('u', OTHER_USER.pk, user(OTHER_USER.pk, OTHER_USER.first_name, OTHER_USER.last_name, OTHER_USER.username, true))
  userNames.set(OTHER_USER.pk, OTHER_USER.username)
  const staffUserPks: number[] = [OTHER_USER.pk]
  const taken = new Set<string>()
  for (let pk = 4; staffUserPks.length < 28; pk++) {
    const first = rng.pick(FIRST_NAMES)
    const last = rng.pick(LAST_NAMES)
    const username = asciiSlug(`${first}.${last}`)
    if (taken.has(username)) continue
    taken.add(username)
    refs.set('u', pk, user(pk, first, last, username, true))
    userNames.set(pk, username)
    staffUserPks.push(pk)
  }

  const products: ProductInfo[] = []
  for (let i = 0; i < 600; i++) {
    const t = rng.pick(PRODUCT_TEMPLATES)
    const id = 10_001 + i
    const [color, colorCode] = rng.pick(COLORS)
    const size = t.variants === 'size' ? rng.pick(SIZES) : t.variants === 'shoe' ? rng.pick(SHOE_SIZES) : null
    const base = `${t.sku}${String(20_000 + i)}`
    const withColor = t.variants !== 'none'
    const name = `${t.name}${withColor ? ` ${color}` : ''}${size ? ` ${size}` : ''}`
    const brandIdx = rng.int(0, BRANDS.length - 1)
    const created = stamp()
    const product: S['Product'] = {
      id, name, product_type: 'simple',
      sku: `${base}${withColor ? `-${colorCode}` : ''}${size ? `-${size}` : ''}`,
      barcode: ean13(rng), base_code: base, listing_code: `${base}${withColor ? `-${colorCode}` : ''}`,
      is_active: true, is_seller_product: false, parent: null, group_products: [],
      attribute_set: 3, custom_attribute_set: null, data_source: null, brand: brandIdx + 1,
      attributes: { marka: BRANDS[brandIdx], ...(withColor ? { renk: color } : {}), ...(size ? { beden: size } : {}) },
      description: `${BRANDS[brandIdx]} ${t.name}. Orijinal ürün, faturalı ve garantili.`,
      erp_categories: [100 + PRODUCT_TEMPLATES.indexOf(t)],
      tax_rate: t.tax, weight: t.weightKg,
      uuid: uuid(rng), productization_date: created, created_date: created, modified_date: created,
    }
    refs.set('p', id, product)
    // Prices end in ,90 like Turkish retail prices.
    products.push({ id, priceTry: Math.floor(t.min + rng.next() * (t.max - t.min)) + 0.9, tax: t.tax })
  }

  const reasons: ReasonInfo[] = REASONS.map((r, i) => {
    const pk = i + 1
    const created = stamp()
    const reason: Reason = {
      pk, uuid: uuid(rng), subject: r.tr, cancellation_type: r.type,
      extra_information_needed: r.extraInfo, is_active: true, order: (i + 1) * 10,
      send_to_oms: true, send_to_remote: r.type === 'refund',
      translations: { tr: { subject: r.tr }, en: { subject: r.en } },
      created_date: created, modified_date: created,
    }
    refs.set('r', pk, reason)
    return { pk, type: r.type, weight: r.weight }
  })

  const priceLists: [number, string, string, S['CurrencyEnum']][] = [
    [1, 'Varsayılan Fiyat Listesi', 'VARSAYILAN-TRY', 'tr'],
    [2, 'Euro Fiyat Listesi', 'EURO-EUR', 'eu'],
    [3, 'Dolar Fiyat Listesi', 'DOLAR-USD', 'usd'],
    [4, 'Pazaryeri Fiyat Listesi', 'PAZARYERI-TRY', 'tr'],
  ]
  for (const [pk, name, code, currency] of priceLists) {
    const created = stamp()
    refs.set('pl', pk, { pk, name, code, currency, is_auto_sync: pk === 4, created_date: created, modified_date: created } satisfies S['PriceList'])
  }
  const stockLists: [number, string, string][] = [
    [1, 'Gebze Merkez Depo', 'MERKEZ'], [2, 'Mağaza Stokları', 'MAGAZA'], [3, 'Pazaryeri Stok Listesi', 'PAZARYERI'],
  ]
  for (const [pk, name, code] of stockLists) {
    const created = stamp()
    refs.set('sl', pk, { pk, name, code, is_auto_sync: pk === 3, created_date: created, modified_date: created } satisfies S['StockList'])
  }
  const externalStatuses: [number, string, string][] = [
    [1, 'Sipariş Alındı', 'order_received'], [2, 'Hazırlanıyor', 'preparing'], [3, 'Kargoya Verildi', 'shipped'],
    [4, 'Teslim Edildi', 'delivered'], [5, 'İptal Edildi', 'cancelled'], [6, 'İade Edildi', 'refunded'],
  ]
  for (const [pk, name, code] of externalStatuses) {
    const created = stamp()
    refs.set('es', pk, { pk, name, code, uuid: uuid(rng), created_date: created, modified_date: created } satisfies S['OrderExternalStatus'])
  }
  const shippingGroups: [number, string, number][] = [
    [1, 'standart-kargo', 49.9], [2, 'ucretsiz-kargo', 0], [3, 'hizli-teslimat', 99.9], [4, 'magazadan-teslim', 0],
  ]
  for (const [pk, slug, amount] of shippingGroups) {
    const created = stamp()
    refs.set('sog', pk, { pk, shipping_option_slug: slug, amount, tax_rate: 20, created_date: created, modified_date: created } satisfies S['ShippingOptionGroup'])
  }
  return { refs, staffUserPks, userNames, products, reasons }
}
