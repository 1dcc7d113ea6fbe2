/**
 * FROZEN copy of the cache's record format 0x01 (compressed server JSON) as migration 004 wrote
 * it: the codec and its preset dictionary, byte for byte. Migrations run with the code they were
 * written with, never with today's store/record.ts; a test checks the dictionary still equals the
 * live one (a record written here must stay readable there). Never edit this file.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib'

const RECORD_V1 = 0x01
const HEADER = 5
const LEVEL = 3

export function encodeRecordV1(json: string): Buffer {
  const payload = deflateRawSync(Buffer.from(json, 'utf8'), { dictionary: DICTIONARY_V1, level: LEVEL })
  const out = Buffer.allocUnsafe(HEADER + payload.length)
  out[0] = RECORD_V1
  out.writeUInt32BE(crc32(payload), 1)
  payload.copy(out, HEADER)
  return out
}

/** The server's plan object from a stored record (text, or format 0x01); null when damaged. */
export function readRecordV1(stored: unknown): Record<string, unknown> | null {
  let json: string
  if (typeof stored === 'string') json = stored
  else {
    if (!Buffer.isBuffer(stored) || stored.length <= HEADER || stored[0] !== RECORD_V1) return null
    if (crc32(stored.subarray(HEADER)) !== stored.readUInt32BE(1)) return null
    try {
      json = inflateRawSync(stored.subarray(HEADER), { dictionary: DICTIONARY_V1 }).toString('utf8')
    } catch {
      return null
    }
  }
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return null
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

/** The preset dictionary of format 0x01. */
export const DICTIONARY_V1 = Buffer.from(
  [
  "{\"pk\":2499,\"created_date\":\"2026-10-29T23:13:24.798083Z\",\"modified_date\":\"2026-11-01T12:49:03.798083Z\",\"order\":",
  "{\"pk\":502203,\"number\":\"9118581525\",\"channel\":2,\"customer\":101919,\"date_placed\":\"2026-10-15T14:15:42.798083Z\",\"",
  "amount\":2773.7,\"status\":600,\"currency\":\"try\",\"created_date\":\"2026-10-15T14:15:42.798083Z\",\"modified_date\":\"202",
  "6-11-01T12:49:03.798083Z\",\"cancel_status\":\"completed\",\"cancellation_info\":{},\"cargo_company\":4,\"shipping_compa",
  "ny\":\"ptt\",\"carrier_shipping_code\":\"PTT50220333\",\"tracking_number\":\"286980729502203\",\"client_type\":\"default\",\"d",
  "elivery_type\":\"standard\",\"delivery_range\":{\"start\":\"2026-10-16T14:15:42.798083Z\",\"end\":\"2026-10-19T14:15:42.79",
  "8083Z\"},\"discount_amount\":0,\"discount_refund_amount\":0,\"refund_amount\":0,\"shipping_amount\":49.9,\"shipping_refu",
  "nd_amount\":0,\"shipping_tax_rate\":20,\"shipping_interest_amount\":0,\"shipping_option_slug\":\"standart-kargo\",\"inst",
  "allment\":1,\"installment_count\":9,\"installment_interest_amount\":0,\"payment_option\":1,\"payment_option_slug\":\"kap",
  "ida-odeme\",\"bin_number\":\"454671\",\"invoice_number\":\"PDA2026001506609\",\"invoice_date\":\"2026-10-15T17:19:32.79808",
  "3Z\",\"e_archive_url\":\"https://earsiv.plandesk-demo.com.tr/fatura/502203.pdf\",\"defined_tracking_url\":null,\"exter",
  "nal_status\":4,\"extra_field\":{\"channel_name\":\"Trendyol\"},\"gift_box_note\":null,\"has_gift_box\":false,\"is_send\":tr",
  "ue,\"language_code\":\"tr-tr\",\"notes\":\"Kapıya bırakabilirsiniz.\",\"remote_addr\":\"85.100.197.162\",\"segment\":null,\"c",
  "heckout_provider_id\":null},\"invoice_number\":\"PDA2026001506609\",\"order_previous_status\":\"delivered\",\"shipping_r",
  "efund_amount\":0,\"status\":\"completed\",\"retail_store_remote_id\":\"IST-BKR-02\",\"refund_amount\":185.9,\"discount_ref",
  "und_amount\":0,\"plan_type\":\"refund\",\"cancellationplanorderitem_set\":[{\"pk\":704362,\"created_date\":\"2026-10-29T23",
  ":13:24.798083Z\",\"modified_date\":\"2026-11-01T12:49:03.798083Z\",\"order_item\":{\"pk\":2006014,\"created_date\":\"2026-",
  "10-15T14:15:42.798083Z\",\"modified_date\":\"2026-11-01T12:49:03.798083Z\",\"attributes\":{},\"attributes_kwargs\":{},\"",
  "localized_attributes\":{},\"localized_attributes_kwargs\":{},\"benefitapplicant_set\":[],\"cancel_status\":\"completed",
  "\",\"datasource\":null,\"external_status\":{\"pk\":4,\"name\":\"Teslim Edildi\",\"code\":\"delivered\",\"uuid\":\"3314ad2a-5aad-",
  "4a58-b060-097b9fd58f0f\",\"created_date\":\"2025-06-02T14:29:16.245000Z\",\"modified_date\":\"2025-06-02T14:29:16.2450",
  "00Z\"},\"extra_field\":{},\"forced_refund\":false,\"installment_interest_amount\":0,\"is_tradable\":false,\"order\":{\"pk\"",
  ":502203,\"number\":\"9118581525\",\"channel\":2,\"customer\":101919,\"date_placed\":\"2026-10-15T14:15:42.798083Z\",\"amoun",
  "t\":2773.7,\"status\":600,\"currency\":\"try\"},\"price\":185.9,\"price_currency\":\"tr\",\"price_list\":{\"pk\":4,\"name\":\"Paza",
  "ryeri Fiyat Listesi\",\"code\":\"PAZARYERI-TRY\",\"currency\":\"tr\",\"is_auto_sync\":true,\"created_date\":\"2025-02-09T16:",
  "46:45.245000Z\",\"modified_date\":\"2025-02-09T16:46:45.245000Z\"},\"product\":{\"id\":10234,\"name\":\"Gül Kokulu El Krem",
  "i 75 ml\",\"product_type\":\"simple\",\"sku\":\"ELK20233\",\"barcode\":\"8698629189002\",\"base_code\":\"ELK20233\",\"listing_co",
  "de\":\"ELK20233\",\"is_active\":true,\"is_seller_product\":false,\"parent\":null,\"group_products\":[],\"attribute_set\":3,",
  "\"custom_attribute_set\":null,\"data_source\":null,\"brand\":1,\"attributes\":{\"marka\":\"Kuzey\"},\"description\":\"Kuzey G",
  "ül Kokulu El Kremi 75 ml. Orijinal ürün, faturalı ve garantili.\",\"erp_categories\":[115],\"tax_rate\":20,\"weight\"",
  ":0.1,\"uuid\":\"f620c06e-f550-4636-baff-11843dddc743\",\"productization_date\":\"2024-09-16T11:51:49.245000Z\",\"create",
  "d_date\":\"2024-09-16T11:51:49.245000Z\",\"modified_date\":\"2024-09-16T11:51:49.245000Z\"},\"shipment_code\":\"SHP20060",
  "14\",\"shipping_company\":\"ptt\",\"shipping_option_group\":{\"pk\":1,\"shipping_option_slug\":\"standart-kargo\",\"amount\":",
  "49.9,\"tax_rate\":20,\"created_date\":\"2025-03-25T16:01:43.245000Z\",\"modified_date\":\"2025-03-25T16:01:43.245000Z\"}",
  ",\"status\":\"refunded\",\"stock_list\":{\"pk\":3,\"name\":\"Pazaryeri Stok Listesi\",\"code\":\"PAZARYERI\",\"is_auto_sync\":tr",
  "ue,\"created_date\":\"2024-08-04T22:07:45.245000Z\",\"modified_date\":\"2024-08-04T22:07:45.245000Z\"},\"tax_rate\":20,\"",
  "tracking_url\":\"https://kargotakip.plandesk-demo.com.tr/ptt/502203\"},\"order_item_previous_status\":\"delivered\",\"",
  "reason\":{\"pk\":12,\"uuid\":\"0ec3dade-f360-479a-b585-0672918a6613\",\"subject\":\"Ürün kusurlu\",\"cancellation_type\":\"r",
  "efund\",\"extra_information_needed\":true,\"is_active\":true,\"order\":120,\"send_to_oms\":true,\"send_to_remote\":true,\"",
  "translations\":{\"tr\":{\"subject\":\"Ürün kusurlu\"},\"en\":{\"subject\":\"Defective product\"}},\"created_date\":\"2025-03-2",
  "9T22:58:16.245000Z\",\"modified_date\":\"2025-03-29T22:58:16.245000Z\"},\"status\":\"refunded\"}],\"staff_remote_id\":\"PR",
  "S-01306\",\"created_by\":{\"pk\":2,\"username\":\"omnitron.entegrasyon\",\"first_name\":\"Entegrasyon\",\"last_name\":\"Servis",
  "i\",\"email\":\"omnitron.entegrasyon@plandesk-demo.com.tr\",\"is_active\":true,\"is_staff\":false,\"is_superuser\":false,",
  "\"date_joined\":\"2024-11-28T07:04:30.245000Z\",\"last_login\":\"2026-11-26T10:28:03.245000Z\",\"groups\":[2],\"can_read_",
  "sensitive_data\":false,\"created_date\":\"2024-11-28T07:04:30.245000Z\",\"modified_date\":\"2024-11-28T07:04:30.245000",
  "Z\"},\"last_updated_by\":{\"pk\":30,\"username\":\"cagla.sahin\",\"first_name\":\"Çağla\",\"last_name\":\"Şahin\",\"email\":\"cagl",
  "a.sahin@plandesk-demo.com.tr\",\"is_active\":true,\"is_staff\":true,\"is_superuser\":false,\"date_joined\":\"2025-08-02T",
  "13:03:23.245000Z\",\"last_login\":\"2026-11-28T07:28:03.245000Z\",\"groups\":[1,3],\"can_read_sensitive_data\":true,\"cr",
  "eated_date\":\"2025-08-02T13:03:23.245000Z\",\"modified_date\":\"2025-08-02T13:03:23.245000Z\"},\"payment_plan\":{\"paym",
  "ent_plan\":[{\"transaction_type\":\"refund\",\"order_items\":[2006014],\"refund_amount\":185.9}]},\"modified_by_id\":30,\"",
  "related_cancellation_plan\":null}\n{\"pk\":2496,\"created_date\":\"2026-10-29T18:53:28.560506Z\",\"modified_date\":\"2026",
  "-11-06T05:18:59.560506Z\",\"order\":{\"pk\":502200,\"number\":\"PD0005022009\",\"channel\":6,\"customer\":101742,\"date_plac",
  "ed\":\"2026-10-29T15:20:21.560506Z\",\"amount\":1196.82,\"status\":100,\"currency\":\"try\",\"created_date\":\"2026-10-29T15",
  ":20:21.560506Z\",\"modified_date\":\"2026-11-06T05:18:59.560506Z\",\"cancel_status\":\"completed\",\"cancellation_info\":",
  "{},\"cargo_company\":1,\"shipping_company\":\"yurtici\",\"carrier_shipping_code\":null,\"tracking_number\":null,\"client_",
  "type\":\"default\",\"delivery_type\":\"standard\",\"delivery_range\":{\"start\":\"2026-10-30T15:20:21.560506Z\",\"end\":\"2026",
  "-11-02T15:20:21.560506Z\"},\"discount_amount\":132.98,\"discount_refund_amount\":0,\"refund_amount\":0,\"shipping_amou",
  "nt\":0,\"shipping_refund_amount\":0,\"shipping_tax_rate\":20,\"shipping_interest_amount\":0,\"shipping_option_slug\":\"u",
  "cretsiz-kargo\",\"installment\":1,\"installment_count\":1,\"installment_interest_amount\":0,\"payment_option\":1,\"payme",
  "nt_option_slug\":\"havale\",\"bin_number\":\"540668\",\"invoice_number\":null,\"invoice_date\":null,\"e_archive_url\":null,",
  "\"defined_tracking_url\":null,\"external_status\":2,\"extra_field\":{\"channel_name\":\"Çiçeksepeti\"},\"gift_box_note\":n",
  "ull,\"has_gift_box\":false,\"is_send\":false,\"language_code\":\"tr-tr\",\"notes\":null,\"remote_addr\":\"85.105.250.216\",\"",
  "segment\":null,\"checkout_provider_id\":null},\"invoice_number\":\"\",\"order_previous_status\":\"waiting\",\"shipping_ref",
  "und_amount\":0,\"status\":\"completed\",\"retail_store_remote_id\":\"DEP-GBZ-99\",\"refund_amount\":1196.82,\"discount_ref",
  "und_amount\":132.98,\"plan_type\":\"cancel\",\"cancellationplanorderitem_set\":[{\"pk\":704358,\"created_date\":\"2026-10-",
  "29T18:53:28.560506Z\",\"modified_date\":\"2026-11-06T05:18:59.560506Z\",\"order_item\":{\"pk\":2006009,\"created_date\":\"",
  "2026-10-29T15:20:21.560506Z\",\"modified_date\":\"2026-11-06T05:18:59.560506Z\",\"attributes\":{},\"attributes_kwargs\"",
  ":{},\"localized_attributes\":{},\"localized_attributes_kwargs\":{},\"benefitapplicant_set\":[{\"pk\":11006009,\"discoun",
  "t_item\":3017,\"order_item\":2006009,\"discount_share\":120.39,\"created_date\":\"2026-10-29T15:20:21.560506Z\",\"modifi",
  "ed_date\":\"2026-10-29T15:20:21.560506Z\"}],\"cancel_status\":\"completed\",\"datasource\":null,\"external_status\":{\"pk\"",
  ":2,\"name\":\"Hazırlanıyor\",\"code\":\"preparing\",\"uuid\":\"56ce7a31-6027-4b9e-86b7-29f266e6c1e9\",\"created_date\":\"2024",
  "-07-31T22:36:02.245000Z\",\"modified_date\":\"2024-07-31T22:36:02.245000Z\"},\"extra_field\":{},\"forced_refund\":false",
  ",\"installment_interest_amount\":0,\"is_tradable\":false,\"order\":{\"pk\":502200,\"number\":\"PD0005022009\",\"channel\":6,",
  "\"customer\":101742,\"date_placed\":\"2026-10-29T15:20:21.560506Z\",\"amount\":1196.82,\"status\":100,\"currency\":\"try\"},",
  "\"price\":1203.9,\"price_currency\":\"tr\",\"price_list\":{\"pk\":4,\"name\":\"Pazaryeri Fiyat Listesi\",\"code\":\"PAZARYERI-T",
  "RY\",\"currency\":\"tr\",\"is_auto_sync\":true,\"created_date\":\"2025-02-09T16:46:45.245000Z\",\"modified_date\":\"2025-02-",
  "09T16:46:45.245000Z\"},\"product\":{\"id\":10183,\"name\":\"Çelik Çaydanlık Takımı 2,5 L\",\"product_type\":\"simple\",\"sku",
  "\":\"CYD20182\",\"barcode\":\"8694659072567\",\"base_code\":\"CYD20182\",\"listing_code\":\"CYD20182\",\"is_active\":true,\"is_s",
  "eller_product\":false,\"parent\":null,\"group_products\":[],\"attribute_set\":3,\"custom_attribute_set\":null,\"data_sou",
  "rce\":null,\"brand\":1,\"attributes\":{\"marka\":\"Kuzey\"},\"description\":\"Kuzey Çelik Çaydanlık Takımı 2,5 L. Orijinal",
  " ürün, faturalı ve garantili.\",\"erp_categories\":[108],\"tax_rate\":20,\"weight\":1.6,\"uuid\":\"ba8ed8ce-1d0d-4d45-99",
  "c5-6a65928ee062\",\"productization_date\":\"2025-03-04T13:27:30.245000Z\",\"created_date\":\"2025-03-04T13:27:30.24500",
  "0Z\",\"modified_date\":\"2025-03-04T13:27:30.245000Z\"},\"shipment_code\":null,\"shipping_company\":\"yurtici\",\"shipping",
  "_option_group\":{\"pk\":2,\"shipping_option_slug\":\"ucretsiz-kargo\",\"amount\":0,\"tax_rate\":20,\"created_date\":\"2024-1",
  "1-17T16:30:11.245000Z\",\"modified_date\":\"2024-11-17T16:30:11.245000Z\"},\"status\":\"cancelled\",\"stock_list\":{\"pk\":",
  "3,\"name\":\"Pazaryeri Stok Listesi\",\"code\":\"PAZARYERI\",\"is_auto_sync\":true,\"created_date\":\"2024-08-04T22:07:45.2",
  "45000Z\",\"modified_date\":\"2024-08-04T22:07:45.245000Z\"},\"tax_rate\":20,\"tracking_url\":\"https://kargotakip.plande",
  "sk-demo.com.tr/yurtici/502200\"},\"order_item_previous_status\":\"waiting\",\"reason\":{\"pk\":2,\"uuid\":\"9d09a61f-bf5b-",
  "49af-8f60-c976b085a227\",\"subject\":\"Ürün stokta yok\",\"cancellation_type\":\"cancel\",\"extra_information_needed\":fa",
  "lse,\"is_active\":true,\"order\":20,\"send_to_oms\":true,\"send_to_remote\":false,\"translations\":{\"tr\":{\"subject\":\"Ürü",
  "n stokta yok\"},\"en\":{\"subject\":\"Product out of stock\"}},\"created_date\":\"2024-08-01T23:57:20.245000Z\",\"modified",
  "_date\":\"2024-08-01T23:57:20.245000Z\"},\"status\":\"cancelled\"},{\"pk\":704359,\"created_date\":\"2026-10-29T18:53:28.5",
  "60506Z\",\"modified_date\":\"2026-11-06T05:18:59.560506Z\",\"order_item\":{\"pk\":2006010,\"created_date\":\"2026-10-29T15",
  ":20:21.560506Z\",\"modified_date\":\"2026-11-06T05:18:59.560506Z\",\"attributes\":{},\"attributes_kwargs\":{},\"localize",
  "d_attributes\":{},\"localized_attributes_kwargs\":{},\"benefitapplicant_set\":[{\"pk\":11006010,\"discount_item\":3033,",
  "\"order_item\":2006010,\"discount_share\":12.59,\"created_date\":\"2026-10-29T15:20:21.560506Z\",\"modified_date\":\"2026",
  "-10-29T15:20:21.560506Z\"}],\"cancel_status\":\"completed\",\"datasource\":null,\"external_status\":{\"pk\":2,\"name\":\"Haz",
  "ırlanıyor\",\"code\":\"preparing\",\"uuid\":\"56ce7a31-6027-4b9e-86b7-29f266e6c1e9\",\"created_date\":\"2024-07-31T22:36:0",
  "2.245000Z\",\"modified_date\":\"2024-07-31T22:36:02.245000Z\"},\"extra_field\":{},\"forced_refund\":false,\"installment_",
  "interest_amount\":0,\"is_tradable\":false,\"order\":{\"pk\":502200,\"number\":\"PD0005022009\",\"channel\":6,\"customer\":101",
  "742,\"date_placed\":\"2026-10-29T15:20:21.560506Z\",\"amount\":1196.82,\"status\":100,\"currency\":\"try\"},\"price\":125.9,",
  "\"price_currency\":\"tr\",\"price_list\":{\"pk\":4,\"name\":\"Pazaryeri Fiyat Listesi\",\"code\":\"PAZARYERI-TRY\",\"currency\":",
  "\"tr\",\"is_auto_sync\":true,\"created_date\":\"2025-02-09T16:46:45.245000Z\",\"modified_date\":\"2025-02-09T16:46:45.245",
  "000Z\"},\"product\":{\"id\":10453,\"name\":\"Gül Kokulu El Kremi 75 ml\",\"product_type\":\"simple\",\"sku\":\"ELK20452\",\"barc",
  "ode\":\"8691010824940\",\"base_code\":\"ELK20452\",\"listing_code\":\"ELK20452\",\"is_active\":true,\"is_seller_product\":fal",
  "se,\"parent\":null,\"group_products\":[],\"attribute_set\":3,\"custom_attribute_set\":null,\"data_source\":null,\"brand\":",
  "2,\"attributes\":{\"marka\":\"Anadolu Home\"},\"description\":\"Anadolu Home Gül Kokulu El Kremi 75 ml. Orijinal ürün, ",
  "faturalı ve garantili.\",\"erp_categories\":[115],\"tax_rate\":20,\"weight\":0.1,\"uuid\":\"cfb6af2d-a8a8-4d09-9842-b402",
  "bcb2b3e0\",\"productization_date\":\"2025-04-15T08:04:21.245000Z\",\"created_date\":\"2025-04-15T08:04:21.245000Z\",\"mo",
  "dified_date\":\"2025-04-15T08:04:21.245000Z\"},\"shipment_code\":null,\"shipping_company\":\"yurtici\",\"shipping_option",
  "_group\":{\"pk\":2,\"shipping_option_slug\":\"ucretsiz-kargo\",\"amount\":0,\"tax_rate\":20,\"created_date\":\"2024-11-17T16",
  ":30:11.245000Z\",\"modified_date\":\"2024-11-17T16:30:11.245000Z\"},\"status\":\"cancelled\",\"stock_list\":{\"pk\":3,\"name",
  "\":\"Pazaryeri Stok Listesi\",\"code\":\"PAZARYERI\",\"is_auto_sync\":true,\"created_date\":\"2024-08-04T22:07:45.245000Z\"",
  ",\"modified_date\":\"2024-08-04T22:07:45.245000Z\"},\"tax_rate\":20,\"tracking_url\":\"https://kargotakip.plandesk-demo",
  ".com.tr/yurtici/502200\"},\"order_item_previous_status\":\"waiting\",\"reason\":{\"pk\":2,\"uuid\":\"9d09a61f-bf5b-49af-8f",
  "60-c976b085a227\",\"subject\":\"Ürün stokta yok\",\"cancellation_type\":\"cancel\",\"extra_information_needed\":false,\"is",
  "_active\":true,\"order\":20,\"send_to_oms\":true,\"send_to_remote\":false,\"translations\":{\"tr\":{\"subject\":\"Ürün stokt",
  "a yok\"},\"en\":{\"subject\":\"Product out of stock\"}},\"created_date\":\"2024-08-01T23:57:20.245000Z\",\"modified_date\":",
  "\"2024-08-01T23:57:20.245000Z\"},\"status\":\"cancelled\"}],\"staff_remote_id\":\"PRS-01493\",\"created_by\":{\"pk\":29,\"use",
  "rname\":\"emre.ozkan\",\"first_name\":\"Emre\",\"last_name\":\"Özkan\",\"email\":\"emre.ozkan@plandesk-demo.com.tr\",\"is_acti",
  "ve\":true,\"is_staff\":true,\"is_superuser\":false,\"date_joined\":\"2025-10-07T04:05:37.245000Z\",\"last_login\":\"2026-1",
  "1-27T21:28:03.245000Z\",\"groups\":[1,3],\"can_read_sensitive_data\":true,\"created_date\":\"2025-10-07T04:05:37.24500",
  "0Z\",\"modified_date\":\"2025-10-07T04:05:37.245000Z\"},\"last_updated_by\":{\"pk\":13,\"username\":\"selin.yildiz\",\"first",
  "_name\":\"Selin\",\"last_name\":\"Yıldız\",\"email\":\"selin.yildiz@plandesk-demo.com.tr\",\"is_active\":true,\"is_staff\":tr",
  "ue,\"is_superuser\":false,\"date_joined\":\"2025-03-27T05:53:52.245000Z\",\"last_login\":\"2026-11-26T14:28:03.245000Z\"",
  ",\"groups\":[1,3],\"can_read_sensitive_data\":true,\"created_date\":\"2025-03-27T05:53:52.245000Z\",\"modified_date\":\"2",
  "025-03-27T05:53:52.245000Z\"},\"payment_plan\":{\"payment_plan\":[{\"transaction_type\":\"refund\",\"order_items\":[20060",
  "09,2006010],\"refund_amount\":1196.82}]},\"modified_by_id\":13,\"related_cancellation_plan\":null}",
  ].join(''),
  'utf8',
)
