/**
 * Every plan a search finds, written as CSV or XLSX: the one writer behind `plandesk export`
 * and the app's Export button (desktop save dialog and the web host's download alike). Rows
 * are read from the cache a page at a time (keyset paging, so the last page costs what the
 * first does) and streamed to the file (ExcelJS's streaming writer for xlsx, a plain writer
 * for CSV), so memory stays flat however many rows; between pages the event loop gets a turn,
 * so the app stays responsive and progress reaches the window.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { ExportFormat, PlanSummary, SearchQuery } from '../../preload/contract'

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

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

/** plandesk-plans-2026-11-29.csv (the day in the machine's zone: the day the person sees). */
export function exportFileName(format: ExportFormat, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `plandesk-plans-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.${format}`
}

/** The search the file holds: the list's filters and sort, every page. */
export type ExportQuery = Omit<SearchQuery, 'offset' | 'limit' | 'cursor'>

/** What the writer needs of the cache (PlanStore has it). */
export interface PlanSource {
  searchPlans(q: SearchQuery): { total: number; rows: PlanSummary[]; nextCursor?: string }
}

export interface WriteOptions {
  /** After each page: rows written so far, and the search's total. */
  onProgress?: (done: number, total: number) => void
  /** Rows per page read from the cache. */
  batch?: number
}

const BATCH = 1000

async function* allRows(source: PlanSource, query: ExportQuery, batch: number, onTotal: (n: number) => void): AsyncGenerator<PlanSummary[]> {
  let cursor: string | undefined
  for (;;) {
    const page = source.searchPlans({ ...query, limit: batch, ...(cursor ? { cursor } : {}) })
    onTotal(page.total)
    if (page.rows.length > 0) yield page.rows
    if (!page.nextCursor) return
    cursor = page.nextCursor
    // Let IPC calls and progress events through between pages.
    await new Promise((ok) => setImmediate(ok))
  }
}

/** Writes the file at `out`; returns the number of plans written. */
export async function writePlansFile(source: PlanSource, query: ExportQuery, format: ExportFormat, out: string, opts: WriteOptions = {}): Promise<number> {
  let total = 0
  let done = 0
  const pages = allRows(source, query, opts.batch ?? BATCH, (n) => (total = n))
  const progressed = (n: number): void => {
    done += n
    opts.onProgress?.(done, Math.max(total, done))
  }
  if (format === 'xlsx') await writeXlsx(pages, out, progressed)
  else await writeCsv(pages, out, progressed)
  return done
}

async function writeXlsx(pages: AsyncGenerator<PlanSummary[]>, out: string, progressed: (n: number) => void): Promise<void> {
  // Loaded here, not at start-up: everything else starts without it.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true })
  workbook.creator = 'PlanDesk'
  const sheet = workbook.addWorksheet('Plans', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  for await (const rows of pages) {
    // Text cells stay text: ExcelJS writes a string starting with "=" as a string, never a formula.
    for (const row of rows) sheet.addRow(row).commit()
    progressed(rows.length)
  }
  sheet.commit()
  await workbook.commit()
}

async function writeCsv(pages: AsyncGenerator<PlanSummary[]>, out: string, progressed: (n: number) => void): Promise<void> {
  const file = createWriteStream(out, { encoding: 'utf8' })
  const failed = new Promise<never>((_, fail) => file.once('error', fail))
  failed.catch(() => undefined)
  const write = async (text: string): Promise<void> => {
    if (!file.write(text)) await Promise.race([once(file, 'drain'), failed])
  }
  try {
    // A byte-order mark so Excel reads the Turkish characters as UTF-8.
    await write('\ufeff' + EXPORT_COLUMNS.map((c) => csvCell(c.header)).join(',') + '\r\n')
    for await (const rows of pages) {
      await write(rows.map((row) => EXPORT_COLUMNS.map((c) => csvCell(row[c.key])).join(',') + '\r\n').join(''))
      progressed(rows.length)
    }
    file.end()
    await Promise.race([once(file, 'finish'), failed])
  } catch (e) {
    file.destroy()
    throw e
  }
}

/**
 * One CSV field. Text from the server that starts like a formula (=, +, -, @, tab, CR) is
 * prefixed with an apostrophe, so opening the file in a spreadsheet never runs it (CSV injection).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A file-system failure while writing, in words (no raw ENOENT / EISDIR / EACCES), or null when it is not one. */
export function writeProblem(out: string, e: unknown): string | null {
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
  return code && why[code] ? `Cannot write ${out}: ${why[code]}.` : null
}
