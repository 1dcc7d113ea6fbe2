/**
 * Figures, their floors and targets, and the two outputs of a run: a table on the terminal and
 * test/bench/results/latest.json. A target is judged here and only here (never in a test).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { round, type RunStats } from './stats'

export type Unit = 'ms' | 's' | 'KB' | 'MB' | 'plans/s' | 'count'

/**
 * How a figure is judged:
 * - max: the median must stay below `value` (a time, a size);
 * - ratioMax: median / floor median must stay at or below `value`;
 * - speedMin: floor median / median (speed relative to the floor) must be at least `value`;
 * - report: no target, the figure is reported (it bounds another).
 * `strict` (max only): "below" rather than "at or below".
 */
export type Target =
  | { kind: 'max'; value: number; strict?: boolean }
  | { kind: 'ratioMax'; value: number }
  | { kind: 'speedMin'; value: number }
  | { kind: 'report' }

export interface Figure {
  /** Scenario id from the table (B1, B1i, ...). */
  scenario: string
  /** What is measured, in words. */
  name: string
  unit: Unit
  stats: RunStats
  floor?: { name: string; stats: RunStats }
  targets: Target[]
  /** Anything a reader must know to read the figure (a smaller scale, a split of the time). */
  note?: string
  /** Extra numbers that explain the figure (medians of its parts). */
  detail?: Record<string, number>
}

export interface JudgedFigure extends Figure {
  /** median / floor median (a time ratio: lower is better). */
  ratio: number | null
  /** The targets in words, e.g. "≤ 1.25 × floor", "< 20 ms". */
  target: string
  /** null: nothing to judge (report only). */
  pass: boolean | null
}

function targetText(t: Target, unit: Unit): string {
  switch (t.kind) {
    case 'max':
      return `${t.strict === false ? '≤' : '<'} ${t.value} ${unit}`
    case 'ratioMax':
      return `≤ ${t.value} × floor`
    case 'speedMin':
      return `≥ ${t.value} × floor speed`
    case 'report':
      return 'reported'
  }
}

function meets(t: Target, f: Figure): boolean | null {
  const m = f.stats.median
  const floor = f.floor?.stats.median
  switch (t.kind) {
    case 'max':
      return t.strict === false ? m <= t.value : m < t.value
    case 'ratioMax':
      return floor === undefined ? null : m / floor <= t.value
    case 'speedMin':
      return floor === undefined ? null : floor / m >= t.value
    case 'report':
      return null
  }
}

export function judge(f: Figure): JudgedFigure {
  const verdicts = f.targets.map((t) => meets(t, f)).filter((v): v is boolean => v !== null)
  return {
    ...f,
    ratio: f.floor ? f.stats.median / f.floor.stats.median : null,
    target: f.targets.map((t) => targetText(t, f.unit)).join(' and '),
    pass: verdicts.length === 0 ? null : verdicts.every(Boolean),
  }
}

export interface Machine {
  cpu: string
  cores: number
  memoryGB: number
  node: string
  sqlite: string
  chromium: string | null
  platform: string
}

export function machine(): Machine {
  const db = new Database(':memory:')
  const sqlite = (db.prepare('select sqlite_version() AS v').get() as { v: string }).v
  db.close()
  let chromium: string | null = null
  const r = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 20_000 })
  if (r.status === 0) chromium = r.stdout.trim().split('\n').pop() ?? null
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    sqlite,
    chromium,
    platform: `${process.platform} ${process.arch}`,
  }
}

const fmt = (n: number | undefined): string => {
  if (n === undefined || Number.isNaN(n)) return '—'
  const r = round(n, 3)
  return Math.abs(r) >= 1000 ? Math.round(r).toLocaleString('en-US') : String(r)
}

/** One line per figure: id, name, median (spread), floor, ratio, target, verdict. */
export function table(figures: readonly JudgedFigure[]): string {
  const rows = figures.map((f) => [
    f.scenario,
    f.name,
    `${fmt(f.stats.median)} ${f.unit} (${fmt(f.stats.min)}–${fmt(f.stats.max)})`,
    f.floor ? `${fmt(f.floor.stats.median)} ${f.unit} ${f.floor.name}` : '—',
    f.ratio === null ? '—' : `${round(f.ratio, 3)}×`,
    f.target,
    f.pass === null ? 'reported' : f.pass ? 'pass' : 'MISS',
  ])
  const head = ['id', 'figure', 'median (spread)', 'floor', 'ratio', 'target', 'verdict']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

/** The same table in Markdown, for the README's Performance section (results/latest.md). */
export function markdownTable(figures: readonly JudgedFigure[]): string {
  const rows = figures.map((f) =>
    [
      f.scenario,
      f.name,
      `${fmt(f.stats.median)} ${f.unit}`,
      `${fmt(f.stats.min)}–${fmt(f.stats.max)}`,
      f.floor ? `${fmt(f.floor.stats.median)} ${f.unit} (${f.floor.name})` : '—',
      f.ratio === null ? '—' : `${round(f.ratio, 3)}×`,
      f.target,
      f.pass === null ? 'reported' : f.pass ? 'met' : '**missed**',
    ].join(' | '),
  )
  return ['| id | figure | median | spread | floor | ratio | target | verdict |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows.map((r) => `| ${r} |`)].join('\n')
}

export interface RunReport {
  date: string
  plans: number
  quick: boolean
  runs: number
  warmups: number
  filter: string | null
  durationS: number
  machine: Machine
  /** Other work on the machine while this ran (load average at start and end). */
  load: { start: number[]; end: number[] }
  figures: JudgedFigure[]
  errors: Array<{ group: string; message: string }>
}

export function writeReport(file: string, report: RunReport): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n')
  const m = report.machine
  writeFileSync(
    file.replace(/\.json$/, '.md'),
    `${markdownTable(report.figures)}\n\n${report.plans.toLocaleString('en-US')} plans, ${report.runs} run(s) after ${report.warmups} warm-up(s), ${report.date.slice(0, 10)}; ` +
      `${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB; Node ${m.node}, SQLite ${m.sqlite}, ${m.chromium ?? 'no Chromium'}; ` +
      `load average ${report.load.start.join(' ')} at the start, ${report.load.end.join(' ')} at the end; ${report.durationS} s.\n`,
  )
}
