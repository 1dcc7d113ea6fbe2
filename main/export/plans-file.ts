/**
 * Every plan a search finds, written as CSV or XLSX: the one writer behind `plandesk export`
 * and the app's Export button (desktop save dialog and the web host's download alike). Rows
 * are read from the cache a page at a time (keyset paging, so the last page costs what the
 * first does) and streamed to the file (ExcelJS's streaming writer for xlsx, a plain writer
 * for CSV), so memory stays flat however many rows; between pages the event loop gets a turn,
 * so the app stays responsive and progress reaches the window.
 *
 * The file is for people: headers, statuses, types and channel types in the person's language,
 * channels by name, amounts as numbers beside a currency column, and dates as the person's local
 * time (real date cells in XLSX; ISO 8601 with the zone's offset in CSV, 2026-12-02T17:30:12+03:00).
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { ExportFormat, PlanFacets, PlanSummary, SearchQuery } from '../../preload/contract'
import { codeLabel, type LabelKind, type LabelLanguage } from '../domain'

/** One column of the file: its header in each language, its width (XLSX) and how a plan fills it. */
interface Column {
  header: Record<LabelLanguage, string>
  width: number
  kind: 'text' | 'number' | 'money' | 'date'
  value: (row: PlanSummary, names: Names) => string | number | null
}

/** What the file says in words: labels of the codes and the channels' names. */
interface Names {
  lang: LabelLanguage
  channel: (id: number | null) => string | null
}

const label = (kind: LabelKind, code: string | null, names: Names): string | null => (code === null ? null : (codeLabel(kind, code, names.lang) ?? code))

export const EXPORT_COLUMNS: Column[] = [
  { header: { en: 'Plan', tr: 'Plan' }, width: 10, kind: 'number', value: (r) => r.pk },
  { header: { en: 'Status', tr: 'Durum' }, width: 24, kind: 'text', value: (r, n) => label('status', r.status, n) },
  { header: { en: 'Status on the server', tr: 'Sunucudaki durum' }, width: 24, kind: 'text', value: (r, n) => label('status', r.serverStatus, n) },
  { header: { en: 'Type', tr: 'Tür' }, width: 9, kind: 'text', value: (r, n) => label('planType', r.planType, n) },
  { header: { en: 'Order number', tr: 'Sipariş numarası' }, width: 20, kind: 'text', value: (r) => r.orderNumber },
  { header: { en: 'Order id', tr: 'Sipariş kimliği' }, width: 11, kind: 'number', value: (r) => r.orderId },
  { header: { en: 'Channel', tr: 'Kanal' }, width: 20, kind: 'text', value: (r, n) => n.channel(r.channelId) ?? (r.channelId === null ? null : String(r.channelId)) },
  { header: { en: 'Channel type', tr: 'Kanal türü' }, width: 18, kind: 'text', value: (r, n) => label('channelType', r.channelType, n) },
  { header: { en: 'Customer id', tr: 'Müşteri no.' }, width: 12, kind: 'number', value: (r) => r.customerId },
  { header: { en: 'Store', tr: 'Mağaza' }, width: 12, kind: 'text', value: (r) => r.storeRemoteId },
  { header: { en: 'Staff', tr: 'Personel' }, width: 12, kind: 'text', value: (r) => r.staffRemoteId },
  { header: { en: 'Invoice number', tr: 'Fatura numarası' }, width: 20, kind: 'text', value: (r) => r.invoiceNumber },
  { header: { en: 'Refund amount', tr: 'İade tutarı' }, width: 14, kind: 'money', value: (r) => r.refundAmount },
  { header: { en: 'Currency', tr: 'Para birimi' }, width: 10, kind: 'text', value: (r) => r.currency },
  { header: { en: 'Items', tr: 'Kalem' }, width: 7, kind: 'number', value: (r) => r.itemCount },
  { header: { en: 'First product', tr: 'İlk ürün' }, width: 32, kind: 'text', value: (r) => r.firstProductName },
  { header: { en: 'Created', tr: 'Oluşturulma' }, width: 18, kind: 'date', value: (r) => r.createdDate },
  { header: { en: 'Modified', tr: 'Değişiklik' }, width: 18, kind: 'date', value: (r) => r.modifiedDate },
  { header: { en: 'Changes not yet sent', tr: 'Gönderilmemiş değişiklik' }, width: 10, kind: 'number', value: (r) => r.pendingEdits },
]

/** How a date cell shows in each language (Excel applies it to a real date value). */
const DATE_FORMAT: Record<LabelLanguage, string> = { en: 'dd/mm/yyyy hh:mm', tr: 'dd.mm.yyyy hh:mm' }
const MONEY_FORMAT = '#,##0.00'
const SHEET_NAME: Record<LabelLanguage, string> = { en: 'Plans', tr: 'Planlar' }

/** The wall-clock time of an instant in a time zone, as the parts of a UTC date (what a spreadsheet date holds). */
export function wallClock(iso: string, timeZone: string): Date | null {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return null
  const parts = new Map(
    zoneFormat(timeZone)
      .formatToParts(new Date(t))
      .map((p): [string, number] => [p.type, Number(p.value)]),
  )
  const at = (k: string) => parts.get(k) ?? 0
  return new Date(Date.UTC(at('year'), at('month') - 1, at('day'), at('hour') % 24, at('minute'), at('second'), t % 1000))
}

/** An instant as local ISO 8601 with the zone's offset: 2026-12-02T17:30:12+03:00. */
export function localIso(iso: string, timeZone: string): string | null {
  const local = wallClock(iso, timeZone)
  if (local === null) return null
  const offset = Math.round((local.getTime() - Date.parse(iso)) / 60_000)
  const sign = offset < 0 ? '-' : '+'
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0')
  return `${local.toISOString().slice(0, 19)}${sign}${pad(offset / 60)}:${pad(Math.abs(offset) % 60)}`
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>()
function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let f = zoneFormats.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    zoneFormats.set(timeZone, f)
  }
  return f
}

/** This machine's time zone. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

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
  /** The channels' names come from here. */
  facets(): Pick<PlanFacets, 'channels'>
}

export interface WriteOptions {
  /** After each page: rows written so far, and the search's total. */
  onProgress?: (done: number, total: number) => void
  /** Rows per page read from the cache. */
  batch?: number
  /** The language of the headers and labels (default English). */
  lang?: LabelLanguage
  /** The zone of the dates (default this machine's). */
  timeZone?: string
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
  const lang = opts.lang ?? 'en'
  const channels = new Map(source.facets().channels.map((c) => [c.id, c.name]))
  const names: Names = { lang, channel: (id) => (id === null ? null : (channels.get(id) ?? null)) }
  const file: FileShape = { names, timeZone: opts.timeZone ?? systemTimeZone() }
  if (format === 'xlsx') await writeXlsx(pages, out, progressed, file)
  else await writeCsv(pages, out, progressed, file)
  return done
}

interface FileShape {
  names: Names
  timeZone: string
}

async function writeXlsx(pages: AsyncGenerator<PlanSummary[]>, out: string, progressed: (n: number) => void, file: FileShape): Promise<void> {
  // Loaded here, not at start-up: everything else starts without it.
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true })
  workbook.creator = 'PlanDesk'
  const { lang } = file.names
  const sheet = workbook.addWorksheet(SHEET_NAME[lang], { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = EXPORT_COLUMNS.map((c, i) => ({
    header: c.header[lang],
    key: String(i),
    width: c.width,
    ...(c.kind === 'date' ? { style: { numFmt: DATE_FORMAT[lang] } } : c.kind === 'money' ? { style: { numFmt: MONEY_FORMAT } } : {}),
  }))
  sheet.getRow(1).font = { bold: true }
  for await (const rows of pages) {
    // Text cells stay text: ExcelJS writes a string starting with "=" as a string, never a formula.
    // Dates are date values of the local wall-clock time (a spreadsheet date has no zone).
    for (const row of rows) {
      sheet
        .addRow(
          EXPORT_COLUMNS.map((c) => {
            const v = c.value(row, file.names)
            return c.kind === 'date' && typeof v === 'string' ? wallClock(v, file.timeZone) : v
          }),
        )
        .commit()
    }
    progressed(rows.length)
  }
  sheet.commit()
  await workbook.commit()
}

async function writeCsv(pages: AsyncGenerator<PlanSummary[]>, out: string, progressed: (n: number) => void, shape: FileShape): Promise<void> {
  const file = createWriteStream(out, { encoding: 'utf8' })
  const failed = new Promise<never>((_, fail) => file.once('error', fail))
  failed.catch(() => undefined)
  const write = async (text: string): Promise<void> => {
    if (!file.write(text)) await Promise.race([once(file, 'drain'), failed])
  }
  try {
    // A byte-order mark so Excel reads the Turkish characters as UTF-8.
    await write('\ufeff' + EXPORT_COLUMNS.map((c) => csvCell(c.header[shape.names.lang])).join(',') + '\r\n')
    // Dates as local ISO 8601 with their offset; amounts as plain numbers (the currency has its own column).
    const cell = (c: Column, row: PlanSummary) => {
      const v = c.value(row, shape.names)
      return csvCell(c.kind === 'date' && typeof v === 'string' ? localIso(v, shape.timeZone) : v)
    }
    for await (const rows of pages) {
      await write(rows.map((row) => EXPORT_COLUMNS.map((c) => cell(c, row)).join(',') + '\r\n').join(''))
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
