import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { SettingsStore } from '../../../main/app/settings'
import { openStore } from '../../../main/store'
import { defaultCacheFile } from '../../../main/store/paths'
import { makePlan, planInput } from '../store/fixtures'
import { cli, tempDataDir } from './harness'
import { systemLanguage } from '../../../main/cli/export'

const SERVER = 'https://omnitron.example.com'

/** A data folder set up for a server, with its cache filled; the export runs offline, signed out. */
function seed(dataDir: string, file = defaultCacheFile(dataDir, SERVER)) {
  new SettingsStore(dataDir).update({ mode: 'server', serverUrl: SERVER })
  const { store } = openStore({ file })
  store.applyPlans(
    Array.from({ length: 1203 }, (_, i) => planInput(makePlan({ pk: i + 1, status: i % 3 === 0 ? 'approved' : 'waiting', product: i === 4 ? 'Işık, "özel"' : undefined }))),
    1,
  )
  store.close()
}

describe('plandesk export', () => {
  it('writes a real .xlsx with a header row and every matching plan', async () => {
    const dataDir = tempDataDir()
    seed(dataDir)
    const out = join(dataDir, 'plans.xlsx')
    const r = await cli(['export', '--format', 'xlsx', '--out', out, '--status', 'approved', '--lang', 'en'], { dataDir })
    expect(r).toMatchObject({ code: 0, out: `Wrote 401 plan(s) to ${out}.\n` })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(out)
    const sheet = wb.getWorksheet('Plans')!
    expect(sheet.rowCount).toBe(402)
    expect(sheet.getRow(1).getCell(1).value).toBe('Plan')
    expect(sheet.getRow(2).getCell(2).value).toBe('Approved')
  })

  it('writes in the language asked for with --lang, else in the system’s', async () => {
    const dataDir = tempDataDir()
    seed(dataDir)
    const out = join(dataDir, 'plans.csv')
    expect((await cli(['export', '--format', 'csv', '--out', out, '--status', 'approved', '--sort', 'pk', '--lang', 'tr'], { dataDir })).code).toBe(0)
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toMatch(/^\ufeffPlan,Durum,Sunucudaki durum,Tür,/)
    expect(readFileSync(out, 'utf8').split('\r\n')[1]).toMatch(/^1,Onaylandı,Onaylandı,İptal,/)
    const bad = await cli(['export', '--format', 'csv', '--out', out, '--lang', 'de'], { dataDir })
    expect(bad.code).toBe(2)
    expect(systemLanguage({ LANG: 'tr_TR.UTF-8' })).toBe('tr')
    expect(systemLanguage({ LC_ALL: 'en_GB.UTF-8', LANG: 'tr_TR.UTF-8' })).toBe('en')
    expect(systemLanguage({ LANG: 'C.UTF-8' })).toBe('en')
    expect(systemLanguage({ LANG: 'tr' })).toBe('tr')
  })

  it('writes CSV with quoting, across more than one batch', async () => {
    const dataDir = tempDataDir()
    seed(dataDir)
    const out = join(dataDir, 'plans.csv')
    expect((await cli(['export', '--format', 'csv', '--out', out, '--sort', 'pk', '--lang', 'en'], { dataDir })).code).toBe(0)
    const text = readFileSync(out, 'utf8')
    const lines = text.trim().split('\n')
    expect(lines).toHaveLength(1204)
    expect(lines[0]).toMatch(/^Plan,Status,Status on the server,Type/)
    expect(lines[5]).toContain('"Işık, ""özel"""')
    const text2 = await cli(['export', '--format', 'csv', '--out', join(dataDir, 'x.csv'), '--text', 'ışık'], { dataDir })
    expect(text2.out).toBe(`Wrote 1 plan(s) to ${join(dataDir, 'x.csv')}.\n`)
  })

  it('reads another cache file with --db', async () => {
    const dataDir = tempDataDir()
    const file = join(dataDir, 'elsewhere', 'my.sqlite')
    seed(dataDir, file)
    const out = join(dataDir, 'plans.csv')
    const r = await cli(['--db', file, 'export', '--format', 'csv', '--out', out, '--status', 'approved'], { dataDir })
    expect(r).toMatchObject({ code: 0, out: `Wrote 401 plan(s) to ${out}.\n` })
    // The folder's own cache was never filled.
    const own = await cli(['export', '--format', 'csv', '--out', out], { dataDir })
    expect(own.out).toBe(`Wrote 0 plan(s) to ${out}.\n`)
  })
})

describe('plandesk export: where it writes', () => {
  it('says plainly when the folder does not exist or --out is a folder (no raw ENOENT / EISDIR)', async () => {
    const dataDir = tempDataDir()
    seed(dataDir)
    const missing = join(dataDir, 'no-such-folder', 'plans.csv')
    const a = await cli(['export', '--format', 'csv', '--out', missing], { dataDir })
    expect(a.code).toBe(2)
    expect(a.err).toBe(`plandesk: --out ${missing}: the folder ${join(dataDir, 'no-such-folder')} does not exist.\n`)
    expect(existsSync(join(dataDir, 'no-such-folder'))).toBe(false)
    for (const format of ['csv', 'xlsx']) {
      const b = await cli(['export', '--format', format, '--out', dataDir], { dataDir })
      expect(b.code).toBe(2)
      expect(b.err).toBe(`plandesk: --out ${dataDir} is a folder; give a file name, e.g. --out ${join(dataDir, `plans.${format}`)}.\n`)
    }
  })
})
