import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { csvCell, EXPORT_COLUMNS, exportFileName, writePlansFile, writeProblem } from '../../../main/export/plans-file'
import { parseCsv } from '../../lib/csv'
import { memoryStore } from '../store/helpers'

const dir = () => mkdtempSync(join(tmpdir(), 'plandesk-export-test-'))

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
    expect(rows[0]).toEqual(EXPORT_COLUMNS.map((c) => c.header))
    const pks = rows.slice(1).map((r) => Number(r[0]))
    expect(pks).toEqual([...pks].sort((a, b) => a - b))
    expect(new Set(pks).size).toBe(1668)
    expect(rows.slice(1).every((r) => r[1] === 'waiting')).toBe(true)
    // The formula-looking product name is text, never a formula; quotes and commas survive.
    const product = EXPORT_COLUMNS.findIndex((c) => c.key === 'firstProductName')
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
    const cell = sheet.getRow(2).getCell(EXPORT_COLUMNS.findIndex((c) => c.key === 'firstProductName') + 1)
    expect(cell.type).toBe(ExcelJS.ValueType.String)
    expect(cell.value).toBe('=HYPERLINK("http://x","click")')
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

