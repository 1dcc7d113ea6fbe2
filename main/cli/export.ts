/**
 * `plandesk export --format csv|xlsx --out FILE [filters...]`: every matching cached plan as a
 * spreadsheet. Rows are read from the cache in pages and streamed to the file (ExcelJS's
 * streaming writer for xlsx, a plain writer for CSV), so memory stays flat however many rows.
 */
import { type Command, Option } from 'commander'
import { createWriteStream, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { once } from 'node:events'
import type { PlanSummary } from '../../preload/contract'
import type { PlanStore } from '../store'
import { type GlobalOptions, withSession } from './context'
import { type FilterOptions, addFilterOptions, toSearchQuery } from './filters'
import { CliError, UsageError } from './errors'
import type { CliIo } from './io'

export const EXPORT_COLUMNS: Array<{ header: string; key: keyof PlanSummary; width: number }> = [
  { header: 'Plan', key: 'pk', width: 10 },
  { header: 'Status', key: 'status', width: 22 },
  { header: 'Server status', key: 'serverStatus', width: 22 },
  { header: 'Type', key: 'planType', width: 8 },
  { header: 'Order id', key: 'orderId', width: 10 },
  { header: 'Order number', key: 'orderNumber', width: 18 },
  { header: 'Channel id', key: 'channelId', width: 10 },
  { header: 'Channel type', key: 'channelType', width: 14 },
  { header: 'Customer id', key: 'customerId', width: 12 },
  { header: 'Store', key: 'storeRemoteId', width: 12 },
  { header: 'Staff', key: 'staffRemoteId', width: 12 },
  { header: 'Invoice number', key: 'invoiceNumber', width: 20 },
  { header: 'Refund amount', key: 'refundAmount', width: 14 },
  { header: 'Currency', key: 'currency', width: 9 },
  { header: 'Items', key: 'itemCount', width: 7 },
  { header: 'First product', key: 'firstProductName', width: 30 },
  { header: 'Created', key: 'createdDate', width: 25 },
  { header: 'Modified', key: 'modifiedDate', width: 25 },
  { header: 'Pending edits', key: 'pendingEdits', width: 8 },
]

const BATCH = 1000

function* allRows(store: PlanStore, query: ReturnType<typeof toSearchQuery>): Generator<PlanSummary> {
  for (let offset = 0; ; offset += BATCH) {
    const { rows } = store.searchPlans({ ...query, offset, limit: BATCH })
    yield* rows
    if (rows.length < BATCH) return
  }
}

export async function writeExport(store: PlanStore, query: ReturnType<typeof toSearchQuery>, format: 'csv' | 'xlsx', out: string): Promise<number> {
  return format === 'xlsx' ? writeXlsx(store, query, out) : writeCsv(store, query, out)
}

async function writeXlsx(store: PlanStore, query: ReturnType<typeof toSearchQuery>, out: string): Promise<number> {
  // Loaded here, not at start-up: every other command starts without it.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true })
  workbook.creator = 'PlanDesk'
  const sheet = workbook.addWorksheet('Plans', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  let n = 0
  for (const row of allRows(store, query)) {
    sheet.addRow(row).commit()
    n++
  }
  sheet.commit()
  await workbook.commit()
  return n
}

async function writeCsv(store: PlanStore, query: ReturnType<typeof toSearchQuery>, out: string): Promise<number> {
  const file = createWriteStream(out, { encoding: 'utf8' })
  const write = async (line: string): Promise<void> => {
    if (!file.write(line)) await once(file, 'drain')
  }
  // A byte-order mark so Excel reads the Turkish characters as UTF-8.
  await write('\ufeff' + EXPORT_COLUMNS.map((c) => csvCell(c.header)).join(',') + '\r\n')
  let n = 0
  for (const row of allRows(store, query)) {
    await write(EXPORT_COLUMNS.map((c) => csvCell(row[c.key])).join(',') + '\r\n')
    n++
  }
  file.end()
  await once(file, 'finish')
  return n
}

/**
 * One CSV field. Text from the server that starts like a formula (=, +, -, @) is prefixed with
 * an apostrophe, so opening the file in a spreadsheet never runs it (CSV injection).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function registerExport(program: Command, io: CliIo): void {
  const cmd = program
    .command('export')
    .description('write matching cached plans to a CSV or Excel file')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).makeOptionMandatory())
    .requiredOption('--out <file>', 'file to write')
    .option('--text <words>', 'full-text filter, as in search')
  addFilterOptions(cmd, { paging: false }).action(async (o: FilterOptions & { format: 'csv' | 'xlsx'; out: string; text?: string }) => {
    const query = toSearchQuery(o.text, o)
    checkOutPath(o.out, o.format)
    await withSession(io, program.opts<GlobalOptions>(), { purpose: 'plandesk export' }, async ({ store }) => {
      let n: number
      try {
        n = await writeExport(store, query, o.format, o.out)
      } catch (e) {
        throw writeError(o.out, e)
      }
      io.out(`Wrote ${n} plan(s) to ${o.out}.\n`)
    })
  })
}

/** --out must name a file in a folder that exists (said before anything is read or written). */
export function checkOutPath(out: string, format: 'csv' | 'xlsx'): void {
  const folder = dirname(resolve(out))
  const kind = (p: string): 'file' | 'folder' | null => {
    try {
      return statSync(p).isDirectory() ? 'folder' : 'file'
    } catch {
      return null
    }
  }
  if (kind(out) === 'folder') throw new UsageError(`--out ${out} is a folder; give a file name, e.g. --out ${join(out, `plans.${format}`)}.`)
  const parent = kind(folder)
  if (parent === null) throw new UsageError(`--out ${out}: the folder ${folder} does not exist.`)
  if (parent === 'file') throw new UsageError(`--out ${out}: ${folder} is a file, not a folder.`)
}

/** A file-system failure while writing, in words (no raw ENOENT / EISDIR / EACCES). */
function writeError(out: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code
  const why: Record<string, string> = {
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full',
  }
  return code && why[code] ? new CliError(`Cannot write ${out}: ${why[code]}.`) : e
}
