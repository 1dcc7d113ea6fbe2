import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { csvCell, EXPORT_COLUMNS, exportFileName, localIso, wallClock, writePlansFile, writeProblem } from '../../../main/export/plans-file'
import { parseCsv } from '../../lib/csv'
import { memoryStore } from '../store/helpers'

const dir = () => mkdtempSync(join(tmpdir(), 'plandesk-export-test-'))

/** Gives a channel's plans the name Omnitron's orders carry (order.extra_field.channel_name). */
function nameChannel(s: ReturnType<typeof memoryStore>, channel: number, name: string): void {
  const pks = s.db.prepare('SELECT pk FROM plans WHERE channel_id = ?').pluck().all(channel) as number[]
  s.applyPlans(
    pks.map((pk) => {
      const detail = s.getPlan(pk)!
      const order = { ...(detail.server.order as Record<string, unknown>), extra_field: { channel_name: name } }
      return { pk, status: detail.summary.serverStatus, modifiedDate: detail.summary.modifiedDate, raw: { ...detail.server, order } }
    }),
    2,
  )
}

/** 2,503 plans (three pages and a bit), a third approved; plan 5's product looks like a formula. */
function store() {
  return memoryStore(
    Array.from({ length: 2503 }, (_, i) => ({
      pk: i + 1,
      status: i % 3 === 0 ? 'approved' : 'waiting',
      product: i === 4 ? '=HYPERLINK("http://x","click")' : i === 5 ? 'Işık, "özel"' : undefined,
    })),
  )
}

describe('writePlansFile', () => {
  it('writes every plan of the search to CSV across pages, in the list order, with progress', async () => {
    const out = join(dir(), 'plans.csv')
    const progress: Array<[number, number]> = []
    const n = await writePlansFile(store(), { statuses: ['waiting'], sort: 'pk' }, 'csv', out, { batch: 500, onProgress: (d, t) => progress.push([d, t]) })
    expect(n).toBe(1668)
    const text = readFileSync(out, 'utf8')
    expect(text.startsWith('\ufeffPlan,Status,')).toBe(true)
    const rows = parseCsv(text.slice(1))
    expect(rows).toHaveLength(1669)
    expect(rows[0]).toEqual(EXPORT_COLUMNS.map((c) => c.header.en))
    const pks = rows.slice(1).map((r) => Number(r[0]))
    expect(pks).toEqual([...pks].sort((a, b) => a - b))
    expect(new Set(pks).size).toBe(1668)
    expect(rows.slice(1).every((r) => r[1] === 'Waiting')).toBe(true)
    // The formula-looking product name is text, never a formula; quotes and commas survive.
    const product = EXPORT_COLUMNS.findIndex((c) => c.header.en === 'First product')
    expect(rows.find((r) => r[0] === '5')![product]).toBe(`'=HYPERLINK("http://x","click")`)
    expect(rows.find((r) => r[0] === '6')![product]).toBe('Işık, "özel"')
    expect(progress).toEqual([[500, 1668], [1000, 1668], [1500, 1668], [1668, 1668]])
  })

  it('writes a real .xlsx whose text cells stay text', async () => {
    const out = join(dir(), 'plans.xlsx')
    expect(await writePlansFile(store(), { text: 'HYPERLINK' }, 'xlsx', out)).toBe(1)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(out)
    const sheet = wb.getWorksheet('Plans')!
    expect(sheet.rowCount).toBe(2)
    expect(sheet.getRow(1).getCell(1).value).toBe('Plan')
    expect(sheet.getRow(2).getCell(1).value).toBe(5)
    const cell = sheet.getRow(2).getCell(EXPORT_COLUMNS.findIndex((c) => c.header.en === 'First product') + 1)
    expect(cell.type).toBe(ExcelJS.ValueType.String)
    expect(cell.value).toBe('=HYPERLINK("http://x","click")')
  })

  it('writes for people in Turkish: Turkish headers and labels, channel names, date cells in local time, number cells', async () => {
    const s = memoryStore([
      { pk: 1, status: 'waiting', plan_type: 'refund', refund: 551.8, currency: 'try', created: '2026-12-02T14:30:12.122Z', channel: 2 },
      { pk: 2, status: 'approved', plan_type: 'cancel', refund: 545.23, currency: 'usd', created: '2026-06-30T22:10:00.000Z', channel: 2 },
    ])
    s.channels.set(2, 'trendyol')
    nameChannel(s, 2, 'Trendyol')
    const out = join(dir(), 'plans.xlsx')
    await writePlansFile(s, { sort: 'pk' }, 'xlsx', out, { lang: 'tr', timeZone: 'Europe/Istanbul' })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(out)
    const sheet = wb.getWorksheet('Planlar')!
    const headers = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(headers).toEqual(EXPORT_COLUMNS.map((c) => c.header.tr))
    const col = (name: string) => EXPORT_COLUMNS.findIndex((c) => c.header.tr === name) + 1
    const first = sheet.getRow(2)
    expect(first.getCell(col('Durum')).value).toBe('Bekliyor')
    expect(first.getCell(col('Tür')).value).toBe('İade')
    expect(first.getCell(col('Kanal')).value).toBe('Trendyol')
    expect(first.getCell(col('Kanal türü')).value).toBe('Trendyol')
    // A number with its currency beside it.
    expect(first.getCell(col('İade tutarı')).type).toBe(ExcelJS.ValueType.Number)
    expect(first.getCell(col('İade tutarı')).value).toBe(551.8)
    expect(first.getCell(col('Para birimi')).value).toBe('TRY')
    // A date cell holding Istanbul's wall-clock time (UTC+3), shown as a Turkish date.
    const created = first.getCell(col('Oluşturulma'))
    expect(created.type).toBe(ExcelJS.ValueType.Date)
    expect((created.value as Date).toISOString()).toBe('2026-12-02T17:30:12.122Z')
    expect(created.numFmt).toBe('dd.mm.yyyy hh:mm')
    expect(sheet.getRow(3).getCell(col('Durum')).value).toBe('Onaylandı')
    // No raw code anywhere a label belongs.
    for (const row of [2, 3]) {
      for (const name of ['Durum', 'Sunucudaki durum', 'Tür']) expect(String(sheet.getRow(row).getCell(col(name)).value)).not.toMatch(/^[a-z_]+$/)
    }
  })

  it('writes the CSV the same way in text: Turkish headers and labels, local ISO dates with their offset, plain numbers', async () => {
    const s = memoryStore([{ pk: 1, status: 'waiting', plan_type: 'refund', refund: 551.8, currency: 'try', created: '2026-12-02T14:30:12.122Z', channel: 2 }])
    nameChannel(s, 2, 'Trendyol')
    const out = join(dir(), 'plans.csv')
    await writePlansFile(s, {}, 'csv', out, { lang: 'tr', timeZone: 'Europe/Istanbul' })
    const [headers, row] = parseCsv(readFileSync(out, 'utf8').slice(1))
    expect(headers).toEqual(EXPORT_COLUMNS.map((c) => c.header.tr))
    const at = (name: string) => row[headers.indexOf(name)]
    expect([at('Durum'), at('Tür'), at('Kanal'), at('İade tutarı'), at('Para birimi')]).toEqual(['Bekliyor', 'İade', 'Trendyol', '551.8', 'TRY'])
    expect(at('Oluşturulma')).toBe('2026-12-02T17:30:12+03:00')
    // The same instant in New York, in winter: five hours behind UTC.
    expect(localIso('2026-12-02T14:30:12.122Z', 'America/New_York')).toBe('2026-12-02T09:30:12-05:00')
    expect(localIso('2026-07-01T00:00:00.000Z', 'Asia/Kolkata')).toBe('2026-07-01T05:30:00+05:30')
    expect(wallClock('not a date', 'UTC')).toBeNull()
  })

  it('fails with the file system’s reason, in words', async () => {
    const missing = join(dir(), 'no-such-folder', 'plans.csv')
    const err = await writePlansFile(store(), {}, 'csv', missing).catch((e: unknown) => e)
    expect(writeProblem(missing, err)).toBe(`Cannot write ${missing}: its folder does not exist.`)
    expect(writeProblem(missing, new Error('other'))).toBeNull()
  })

  it('names the file after the local day', () => {
    expect(exportFileName('xlsx', new Date(2026, 0, 5, 23, 59))).toBe('plandesk-plans-2026-01-05.xlsx')
  })
})

describe('csvCell', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(12.5)).toBe('12.5')
  })

  it('never lets server text run as a spreadsheet formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csvCell('+90 555')).toBe("'+90 555")
    expect(csvCell('-5+3')).toBe("'-5+3")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    // Numbers are data, not text: a negative amount stays a number.
    expect(csvCell(-5)).toBe('-5')
  })
})

