import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from '../../renderer/src/i18n/en'
import tr from '../../renderer/src/i18n/tr'
import { describeError, describeText, translateKnown, type MessageContext } from '../../renderer/src/lib/messages'

/** A context like the renderer's; a key missing from the messages fails the test instead of showing the key. */
function context(locale: 'en' | 'tr'): MessageContext {
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { en, tr }, missingWarn: false, fallbackWarn: false })
  const g = i18n.global
  return {
    locale,
    t: (key, named) => {
      if (!g.te(key, locale)) throw new Error(`missing message ${key} (${locale})`)
      return g.t(key, named ?? {})
    },
    statusLabel: (key) => (g.te(`status.${key}`) ? g.t(`status.${key}`) : key),
  }
}
const EN = context('en')
const TR = context('tr')

describe('translating main’s and the server’s messages', () => {
  it('translates a refused transition, naming the statuses in the person’s language', () => {
    const server = 'Cancellation plan in final status "completed" cannot be changed.'
    expect(translateKnown(server, EN)).toBe('The plan is already “Completed”, a final status: it cannot be changed any more.')
    expect(translateKnown(server, TR)).toBe('Plan zaten “Tamamlandı”, yani son durumda: artık değiştirilemez.')
    expect(translateKnown('Cancellation plan status cannot be changed from "waiting" to "completed".', TR)).toBe(
      'Sunucu “Bekliyor” durumundan “Tamamlandı” durumuna geçişe izin vermiyor.',
    )
  })

  it('keeps the server’s own words as details', () => {
    const err = { code: 'validation' as const, message: 'Cancellation plan in final status "rejected" cannot be changed.', fields: { non_field_errors: ['Cancellation plan in final status "rejected" cannot be changed.'] } }
    expect(describeError(err, TR)).toEqual({ text: 'Plan zaten “Reddedildi”, yani son durumda: artık değiştirilemez.', details: err.message })
  })

  it('translates a failed entry’s result, with the refusal inside it', () => {
    const result = 'The server refused the change: Cancellation plan is already in status "approved".'
    expect(describeText(result, EN).text).toBe('The server refused the change: The plan is already “Approved”.')
    expect(describeText(result, TR).text).toBe('Sunucu değişikliği reddetti: Plan zaten “Onaylandı” durumunda.')
    expect(describeText('The server refused the change: Something new.', TR)).toEqual({
      text: 'Sunucu değişikliği reddetti (sunucunun iletisi ayrıntılarda).',
      details: 'The server refused the change: Something new.',
    })
  })

  it('names reachability precisely, for staff: host and port only in the details', () => {
    expect(translateKnown('Reading plans back: cannot reach 127.0.0.1:4100: the connection was refused.', EN)).toBe('Can’t reach the server: the connection was refused.')
    expect(describeText('Reading plans back: cannot reach 127.0.0.1:4100: the connection was refused.', TR)).toEqual({
      text: 'Sunucuya ulaşılamıyor: bağlantı reddedildi.',
      details: 'Reading plans back: cannot reach 127.0.0.1:4100: the connection was refused.',
    })
    expect(translateKnown('The server failed (HTTP 503).', TR)).toBe('Sunucu hatası: sunucu başarısız oldu (HTTP 503).')
    expect(translateKnown('Listing plans: the server did not answer within 20 s.', TR)).toBe('Sunucu zamanında yanıt vermedi.')
  })

  it('translates every outcome main records for an entry', () => {
    const known = [
      'Applied.',
      'The server already shows this change.',
      'Applied (confirmed by reading the plan back after an unanswered attempt).',
      'Applied (an earlier attempt had already reached the server).',
      'Someone else changed this plan on the server after the change was made here.',
      'The plan changed on the server after this payment plan was sent, and the server does not show payment plans, so PlanDesk cannot tell whether it was created.',
      'The server sent this plan in a shape PlanDesk cannot read (plan_type is not a string (5)), so it cannot tell whether the change is needed.',
      'Discarded by demo.',
      "Discarded: the server's version was kept.",
      'Marked as done by demo.',
      'This plan no longer exists on the server.',
      'Cancellation plan status updated to "approved".',
      'Kerem Aydemir changed this plan on the server (2026-03-02T09:15:00.000Z) after the change was made here.',
      'Someone else changed this plan on the server (2026-03-02T09:15:00.000Z) after the change was made here.',
      'Replaced by a corrected payment plan (demo).',
    ]
    for (const text of known) {
      expect(translateKnown(text, TR), text).not.toBeNull()
      expect(translateKnown(text, EN), text).not.toBeNull()
    }
    expect(translateKnown('Marked as done by ayse.k.', TR)).toBe('ayse.k tamamlandı olarak işaretledi.')
  })

  it('translates a change the server refused before, with its words inside', () => {
    const text = 'The server refused a change from "completed" to "waiting_supplier" on 2026-03-01: Cancellation plan in final status "completed" cannot be changed.'
    expect(translateKnown(text, EN)).toBe(
      'The server refused a change from “Completed” to “Waiting for supplier” on 2026-03-01: The plan is already “Completed”, a final status: it cannot be changed any more.',
    )
    expect(translateKnown(text, TR)).toBe(
      'Sunucu 2026-03-01 tarihinde “Tamamlandı” durumundan “Tedarikçi bekleniyor” durumuna geçişi reddetti: Plan zaten “Tamamlandı”, yani son durumda: artık değiştirilemez.',
    )
    expect(translateKnown('Kerem Aydemir changed this plan on the server (2026-03-02T09:15:00.000Z) after the change was made here.', TR)).toBe(
      'Kerem Aydemir, bu değişiklik burada yapıldıktan sonra planı sunucuda değiştirdi.',
    )
    expect(translateKnown('"refnud" is not a transaction type of this server\'s payment plans; choose one of: refund, exchange.', TR)).toBe(
      '“refnud” bu sunucunun ödeme planlarında kullanılan bir işlem türü değil; şunlardan birini seçin: refund, exchange.',
    )
  })

  it('translates PlanDesk’s own refusals, also inside main’s argument check', () => {
    expect(translateKnown('Plan 12 already shows status "approved".', TR)).toBe('Plan zaten “Onaylandı” gösteriyor.')
    expect(translateKnown('Invalid request (lines.0.orderItems): Choose at least one item', TR)).toBe('En az bir kalem seçin.')
    expect(
      translateKnown('2 of your changes have not reached the server yet. Send them first, or sign out and keep them until you sign in again.', TR),
    ).toContain('2')
  })

  it('describes an unknown message by its code in Turkish, and shows it as it is in English', () => {
    const err = { code: 'server' as const, message: 'Something the server never said before.' }
    expect(describeError(err, TR)).toEqual({ text: 'Sunucu hatası.', details: err.message })
    expect(describeError(err, EN)).toEqual({ text: err.message, details: null })
  })

  it('uses field messages when the message itself is unknown, if every one is known', () => {
    const err = { code: 'validation' as const, message: 'status: "nope" is not a valid choice.', fields: { status: ['"nope" is not a valid choice.'] } }
    expect(describeError(err, TR).text).toBe('“nope”, sunucunun kabul ettiği bir değer değil.')
  })
})

describe("what happened to the cache and to the person's unsent decisions, in the person's language", () => {
  // The notices as main/store/index.ts and main/outbox/file.ts word them (test/main/outbox/file.test.ts checks those).
  it('says how many unsent decisions were kept when the cache was rebuilt, and which plans a damaged outbox lost', () => {
    const damaged =
      'The cache was damaged (database disk image is malformed); it was moved aside to /d/cache.sqlite.corrupt-x and a fresh cache was built. The next sync downloads your plans again. Your 20 unsent decisions are kept (they are stored apart from the cache) and are sent as usual.'
    expect(describeText(damaged, TR)).toEqual({ text: expect.stringMatching(/Gönderilmemiş kararlarınız korunuyor: 20\.$/), details: damaged })
    const missing = 'The cache was missing or empty, so a fresh cache was built; the next sync downloads your plans again. No unsent decision was waiting.'
    expect(describeText(missing, TR).text).toBe('Önbellek bozuktu ya da yoktu; yenisi oluşturuldu ve sonraki eşitleme planlarınızı yeniden indirir.')
    const salvaged =
      'The file of your unsent decisions was damaged (it is not an SQLite database); it was moved aside to /d/x.corrupt. 18 unsent decisions were read from it and kept; they are sent as usual. 2 unsent decisions could not be read (they were for plans 12 and 15): make them again.'
    expect(describeText(salvaged, TR).text).toBe(
      'Gönderilmemiş kararlarınızın dosyası bozuktu ve kenara taşındı. Okunup korunan kararlar: 18. Okunamayanlar: 2 (planlar 12, 15); bunları yeniden verin.',
    )
    expect(describeText(salvaged, EN).text).toMatch(/Unsent decisions read and kept: 18\. Could not be read: 2 \(plans 12, 15\)/)
  })
})

describe('the two languages', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
  const leaves = (o: object): Array<[string, string]> =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v).map(([kk, vv]) => [`${k}.${kk}`, vv] as [string, string]) : [[k, String(v)]]))

  it('have the same keys', () => {
    expect(keys(tr).sort()).toEqual(keys(en).sort())
  })

  it('leave no message empty, and keep the same placeholders and plural forms', () => {
    const trLeaves = new Map(leaves(tr))
    for (const [key, value] of leaves(en)) {
      const other = trLeaves.get(key)!
      expect(other.trim(), key).not.toBe('')
      const names = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort()
      expect(names(other), key).toEqual(names(value))
      expect(other.split(' | ').length, key).toBe(value.split(' | ').length)
    }
  })

  it('translate the new user interface texts (no English left in Turkish)', () => {
    const same = leaves(en).filter(([key, value]) => tr && new Map(leaves(tr)).get(key) === value)
    // Only names and codes may stay the same in both languages.
    const allowed = /^(app\.title|detail\.title|columns\.pk|outbox\.madeBy|bulk\.progress|sync\.result|payment\.types\.refund)$/
    expect(same.map(([k]) => k).filter((k) => !allowed.test(k))).toEqual([])
  })
})
