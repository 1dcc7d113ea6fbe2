/** export_format=csv|xls: real file downloads of every plan matching the filters. */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../../main/simulator'
import { EXPORT_COLUMNS } from '../../../main/simulator/export'
import { parseCsv } from '../../lib/csv'
import type { Body } from './helpers'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ plans: 300, seed: 13, now: () => new Date('2026-11-27T12:00:00Z') })
})
afterAll(async () => {
  await sim.close()
})

const download = async (query: string) => {
  const r = await fetch(`${sim.url}/api/v1/cancellation_plans/?${query}`, { headers: { Authorization: `Token ${sim.token}` } })
  return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) }
}
const count = async (query: string) =>
  ((await (await fetch(`${sim.url}/api/v1/cancellation_plans/?${query}`, { headers: { Authorization: `Token ${sim.token}` } })).json()) as Body).count

describe('csv', () => {
  it('downloads every matching plan (not one page) as UTF-8 CSV with a BOM', async () => {
    const res = await download('export_format=csv&status=completed')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="cancellation_plans_\d{8}_\d{6}\.csv"$/)
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parseCsv(res.body.subarray(3).toString('utf8'))
    expect(rows[0]).toEqual([...EXPORT_COLUMNS])
    const expected = await count('status=completed')
    expect(expected).toBeGreaterThan(10)
    expect(rows.length - 1).toBe(expected)
    const status = rows[0].indexOf('status')
    expect(rows.slice(1).every((r) => r[status] === 'completed')).toBe(true)
  })

  it('keeps Turkish characters and quotes cells that need it', async () => {
    const res = await download('export_format=csv')
    const text = res.body.toString('utf8')
    expect(text).toMatch(/[çğıöşüİ]/)
    const rows = parseCsv(text.slice(1))
    expect(rows.length - 1).toBe(300)
    const names = rows[0].indexOf('product_names')
    expect(rows.slice(1).every((r) => r.length === EXPORT_COLUMNS.length)).toBe(true)
    expect(rows.slice(1).some((r) => r[names].includes('|'))).toBe(true)
  })
})

describe('xls', () => {
  it('downloads a real spreadsheet workbook (XLSX) that a spreadsheet library reads back', async () => {
    const res = await download('export_format=xls&plan_type=refund')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="cancellation_plans_\d{8}_\d{6}\.xlsx"$/)
    // A ZIP container (PK\x03\x04), as every OOXML file is.
    expect(res.body.subarray(0, 4).toString('binary')).toBe('PK\x03\x04')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]
    expect(sheet.name).toBe('Cancellation Plans')
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header).toEqual([...EXPORT_COLUMNS])
    expect(sheet.rowCount - 1).toBe(await count('plan_type=refund'))
    const typeCol = EXPORT_COLUMNS.indexOf('plan_type') + 1
    for (let r = 2; r <= sheet.rowCount; r++) expect(sheet.getRow(r).getCell(typeCol).value).toBe('refund')
  })
})
