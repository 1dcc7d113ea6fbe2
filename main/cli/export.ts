/**
 * `plandesk export --format csv|xlsx --out FILE [filters...]`: every matching cached plan as a
 * spreadsheet, written by the same writer as the app's Export button (main/export/plans-file.ts).
 */
import { type Command, Option } from 'commander'
import { statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { writePlansFile, writeProblem } from '../export/plans-file'
import { type GlobalOptions, withSession } from './context'
import { type FilterOptions, addFilterOptions, toSearchQuery } from './filters'
import { CliError, UsageError } from './errors'
import type { CliIo } from './io'

export function registerExport(program: Command, io: CliIo): void {
  const cmd = program
    .command('export')
    .description('write matching cached plans to a CSV or Excel file')
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).makeOptionMandatory())
    .requiredOption('--out <file>', 'file to write')
    .option('--text <words>', 'full-text filter, as in search')
    .addOption(new Option('--lang <language>', 'language of the headers and labels (default: the system\'s)').choices(['en', 'tr']))
  addFilterOptions(cmd, { paging: false }).action(async (o: FilterOptions & { format: 'csv' | 'xlsx'; out: string; text?: string; lang?: 'en' | 'tr' }) => {
    const query = toSearchQuery(o.text, o)
    checkOutPath(o.out, o.format)
    await withSession(io, program.opts<GlobalOptions>(), { purpose: 'plandesk export' }, async ({ store }) => {
      let n: number
      try {
        n = await writePlansFile(store, query, o.format, o.out, { lang: o.lang ?? systemLanguage() })
      } catch (e) {
        throw writeError(o.out, e)
      }
      io.out(`Wrote ${n} plan(s) to ${o.out}.\n`)
    })
  })
}

/** The system's language as the locale environment (LC_ALL, LC_MESSAGES, LANG) or Intl names it: Turkish or English. */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env): 'en' | 'tr' {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || Intl.DateTimeFormat().resolvedOptions().locale
  return /^tr([_.@-]|$)/i.test(locale) ? 'tr' : 'en'
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
  const problem = writeProblem(out, e)
  return problem ? new CliError(problem) : e
}
