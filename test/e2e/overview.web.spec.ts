/**
 * The overview and export through the web host: every number of the overview equals
 * what the CLI's search counts on the same cache (another process, the same data folder);
 * clicking a bar opens the list filtered to it with that count; the list's search exported as
 * CSV and XLSX, downloaded by the browser and read back. Screenshots of the overview in light,
 * dark and Turkish go to test-results/screenshots.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from '@playwright/test'
import type { OutboxSummary, PlanOverview, SearchResult } from '../../preload/contract'
import { parseCsv } from '../lib/csv'
import { choose, ipc, simAdmin } from './desk-fixture'
import { animationsDone, test as base, expect, resetWorkspace, startApp, type RunningApp } from './webhost-fixture'

const PLANS = 400
const root = resolve(__dirname, '../..')
const shot = (name: string) => ({ path: `test-results/screenshots/overview-${name}.png` })
const countText = (n: number) => `${n.toLocaleString('en-GB')} plan${n === 1 ? '' : 's'}`

type App = RunningApp & { stop: () => Promise<void> }
const test = base.extend<object, { dataDir: string; ov: App }>({
  dataDir: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'plandesk-ov-'))
      await use(dir)
      rmSync(dir, { recursive: true, force: true })
    },
    { scope: 'worker' },
  ],
  ov: [
    async ({ dataDir }, use) => {
      const app = await startApp(['--demo', '--demo-plans', String(PLANS)], dataDir)
      await use(app)
      await app.stop()
    },
    { scope: 'worker' },
  ],
})

/** The CLI on the same cache. */
function cli(dataDir: string, args: string[]): string {
  return execFileSync(process.execPath, [join(root, 'bin/plandesk.cjs'), '--data-dir', dataDir, ...args], { encoding: 'utf8' })
}
const cliTotal = (dataDir: string, args: string[]) => (JSON.parse(cli(dataDir, ['search', '--json', '--limit', '1', ...args])) as SearchResult).total

/** A local day's bounds as the list sends them (the browser and this process share the machine's zone). */
function dayBounds(day: string): [string, string] {
  const start = new Date(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))
  const next = new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1)
  return [start.toISOString(), new Date(next.getTime() - 1).toISOString()]
}

async function openOverview(page: Page): Promise<void> {
  await page.getByTestId('nav-overview').click()
  await expect(page).toHaveURL(/#\/overview$/)
  await expect(page.getByTestId('overview-total')).toHaveAttribute('data-count', String(PLANS))
  // The charts draw on the next frame, after the view's transition.
  await animationsDone(page)
}

/** A chart's frame on the page: its box, and the grid margins the view publishes (data-geometry). */
async function frame(page: Page, testId: string) {
  const chart = page.getByTestId(testId)
  await chart.scrollIntoViewIfNeeded()
  // The chart has taken its box's size (it follows a resize a moment later, throttled): points
  // computed from the box then land where the chart draws them.
  await expect
    .poll(() =>
      chart.evaluate((el) => {
        const canvas = el.querySelector('canvas')
        if (!canvas) return false
        const [a, b] = [el.getBoundingClientRect(), canvas.getBoundingClientRect()]
        return Math.abs(a.width - b.width) <= 1 && Math.abs(a.height - b.height) <= 1
      }),
    )
    .toBe(true)
  const box = (await chart.boundingBox())!
  const g = JSON.parse((await chart.getAttribute('data-geometry'))!) as { left: number; right: number; top: number; bottom: number; row?: number; minBar?: number }
  return { box, g }
}

const rowsOf = (page: Page, testId: string, key: string) =>
  page.getByTestId(testId).evaluateAll((rows, k) => rows.map((r) => ({ key: r.getAttribute(`data-${k}`)!, count: Number(r.getAttribute('data-count')) })), key)

test.describe.configure({ mode: 'serial', timeout: 180_000 })
// A spec that took the server away brings it back, whatever happened.
test.afterEach(async ({ ov }) => {
  await simAdmin(ov).back()
})

test('the overview’s numbers are the CLI’s counts on the same cache, and a bar opens the list filtered to it', async ({ page, ov, dataDir, consoleProblems }) => {
  await resetWorkspace(ov)
  await page.goto(ov.url)
  await expect(page.getByTestId('result-count')).toHaveText(countText(PLANS), { timeout: 60_000 })

  // One change kept waiting (the server is away): it counts under its new status, as in the list.
  // Away until the spec ends: the CLI counts everything below from the cache, never the server.
  await simAdmin(ov).away()
  const [waiting] = (await ipc<SearchResult>(page, 'plans:search', { statuses: ['waiting'], limit: 1 })).rows
  await ipc(page, 'plans:setStatus', { pk: waiting.pk, status: 'approved' })

  await openOverview(page)
  await expect(page.getByTestId('nav-overview')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('overview-total')).toHaveText(`${PLANS} plans in this computer’s cache`)
  expect(cliTotal(dataDir, [])).toBe(PLANS)

  const statuses = await rowsOf(page, 'overview-status-row', 'status')
  expect(statuses.length).toBeGreaterThan(3)
  expect(statuses.reduce((n, s) => n + s.count, 0)).toBe(PLANS)
  for (const s of statuses) expect(cliTotal(dataDir, ['--status', s.key]), s.key).toBe(s.count)

  const types = await rowsOf(page, 'overview-type-row', 'type')
  expect(types.map((t) => t.key).sort()).toEqual(['cancel', 'refund'])
  for (const t of types) expect(cliTotal(dataDir, ['--type', t.key]), t.key).toBe(t.count)

  const days = await rowsOf(page, 'overview-day-row', 'day')
  expect(days).toHaveLength(30)
  const busy = days.filter((d) => d.count > 0)
  expect(busy.length).toBeGreaterThan(0)
  for (const d of busy.slice(-6)) {
    const [from, to] = dayBounds(d.key)
    expect(cliTotal(dataDir, ['--created-from', from, '--created-to', to]), d.key).toBe(d.count)
  }

  const queue = JSON.parse(cli(dataDir, ['queue', '--json'])) as { summary: OutboxSummary }
  await expect(page.getByTestId('overview-local-open')).toHaveAttribute('data-count', String(queue.summary.open))
  expect(queue.summary.open).toBe(1)
  await expect(page.getByTestId('overview-local')).toContainText('on 1 plan')

  // The refund chart's numbers come from the same answer; amounts of different currencies are never summed.
  const answer = await ipc<PlanOverview>(page, 'plans:overview', {
    days: days.map((d) => {
      const [from, last] = dayBounds(d.key)
      return { day: d.key, from, to: new Date(Date.parse(last) + 1).toISOString() }
    }),
  })
  for (const series of answer.refunds) expect(series.days.map((d) => d.day)).toEqual(days.map((d) => d.key))
  const currencies = answer.refunds.map((r) => r.currency)
  expect(new Set(currencies).size).toBe(currencies.length)
  if (currencies.length > 1) await expect(page.getByTestId('overview-currency')).toBeVisible()

  // Click the "Waiting" bar (bars are one row each from the top of the grid; the shortest is minBar
  // long), then the longest one (not the first row, so a bar opening its neighbour's list is caught).
  const status = await frame(page, 'overview-status-chart')
  const index = statuses.findIndex((s) => s.key === 'waiting')
  await page.mouse.click(status.box.x + status.g.left + status.g.minBar! / 2, status.box.y + status.g.top + (index + 0.5) * status.g.row!)
  await expect(page).toHaveURL(/#\/plans$/)
  await expect(page.getByTestId('result-count')).toHaveText(countText(statuses[index].count))
  await expect(page.getByTestId('filter-chip')).toHaveText([/Status: Waiting/])
  await openOverview(page)
  const longest = statuses.reduce((best, s, i) => (s.count > statuses[best].count ? i : best), 0)
  expect(longest).toBeGreaterThan(0)
  const again = await frame(page, 'overview-status-chart')
  await page.mouse.click(again.box.x + again.g.left + again.g.minBar! / 2, again.box.y + again.g.top + (longest + 0.5) * again.g.row!)
  await expect(page.getByTestId('result-count')).toHaveText(countText(statuses[longest].count))

  // Click the busiest day's column of the refund chart: the list of that day's plans.
  await openOverview(page)
  const refund = await frame(page, 'overview-refund-chart')
  const dayIndex = days.reduce((best, d, i) => (d.count > days[best].count ? i : best), 0)
  const column = (refund.box.width - refund.g.left - refund.g.right) / days.length
  await page.mouse.click(refund.box.x + refund.g.left + (dayIndex + 0.5) * column, refund.box.y + refund.box.height - refund.g.bottom - 3)
  await expect(page).toHaveURL(/#\/plans$/)
  await expect(page.getByTestId('result-count')).toHaveText(countText(days[dayIndex].count))
  await expect(page.getByTestId('filter-chip')).toHaveText([/^Created: /])

  // Click the first type's slice (it starts at twelve o'clock and runs clockwise): a point 20° into it, mid-ring.
  await openOverview(page)
  const ring = page.getByTestId('overview-type-chart')
  const { box } = await frame(page, 'overview-type-chart')
  const { center, radius } = JSON.parse((await ring.getAttribute('data-geometry'))!) as { center: [number, number]; radius: [number, number] }
  const r = (((radius[0] + radius[1]) / 2) * Math.min(box.width, box.height)) / 200
  const [cx, cy] = [box.x + (center[0] / 100) * box.width, box.y + (center[1] / 100) * box.height]
  const angle = (20 * Math.PI) / 180
  await page.mouse.click(cx + r * Math.sin(angle), cy - r * Math.cos(angle))
  await expect(page).toHaveURL(/#\/plans$/)
  await expect(page.getByTestId('result-count')).toHaveText(countText(types[0].count))
  await expect(page.getByTestId('filter-chip')).toHaveText([/^Type: /])

  // Without a mouse: Tab reaches the status table (shown while it has the focus), Enter opens a status.
  await openOverview(page)
  await page.getByTestId('overview-refresh').focus()
  const firstStatus = page.getByTestId('overview-status-row').first().getByRole('button')
  const focused = page.getByTestId('overview-status-row').first().locator('button:focus')
  for (let i = 0; i < 20 && (await focused.count()) === 0; i++) await page.keyboard.press('Tab')
  await expect(firstStatus).toBeFocused()
  await expect(firstStatus).toBeVisible()
  await page.screenshot(shot('keyboard'))
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('result-count')).toHaveText(countText(statuses[0].count))

  // "Show these plans" under the waiting changes.
  await openOverview(page)
  await page.getByTestId('overview-local-plans').click()
  await expect(page.getByTestId('result-count')).toHaveText('1 plan')
  expect(consoleProblems).toEqual([])
})

test('the list’s search is exported as CSV and XLSX, written by main and downloaded', async ({ page, ov, dataDir, consoleProblems }) => {
  await resetWorkspace(ov)
  await page.goto(ov.url)
  await expect(page.getByTestId('result-count')).toHaveText(countText(PLANS), { timeout: 60_000 })
  // A formula-looking text, as a server (or someone typing into it) might send: it reaches the cache as it is.
  // One approved on the server with no change made here (the specs before may have decided some).
  const plan = (await ipc<SearchResult>(page, 'plans:search', { statuses: ['approved'], limit: 100, sort: '-modified_date' })).rows.find(
    (r) => r.serverStatus === 'approved' && r.pendingEdits === 0 && r.localState === null,
  )!
  // The server may still be away after the spec before (its admin interface with it): wait for it.
  const sim = simAdmin(ov)
  await expect
    .poll(() => sim.updatePlan(plan.pk, { invoice_number: '=HYPERLINK("http://evil.example","open")' }, { offSpec: true }).then(() => true, () => false), {
      timeout: 90_000,
      intervals: [1000],
    })
    .toBe(true)
  await expect
    .poll(async () => {
      await ipc(page, 'sync:start', {}).catch(() => undefined)
      return (await ipc<SearchResult>(page, 'plans:search', { text: String(plan.pk), limit: 5 })).rows.find((r) => r.pk === plan.pk)?.invoiceNumber
    }, { timeout: 30_000 })
    .toBe('=HYPERLINK("http://evil.example","open")')

  // The search: Approved, sorted by plan number.
  await choose(page, page.getByTestId('sort-select'), 'Plan number')
  await choose(page, page.getByTestId('status-filter'), 'Approved')
  await page.keyboard.press('Escape')
  const total = cliTotal(dataDir, ['--status', 'approved'])
  await expect(page.getByTestId('result-count')).toHaveText(countText(total))

  await page.getByTestId('export-button').click()
  await expect(page.locator('.el-dropdown-menu:visible').getByTestId('export-xlsx')).toBeVisible()
  await page.screenshot(shot('export-menu'))
  // The note shows for a few seconds: looked for from the click on.
  const exported = page.locator('.el-message--success').filter({ hasText: `Exported ${total} plans` }).waitFor()
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('.el-dropdown-menu:visible').getByTestId('export-csv').click()])
  expect(csv.suggestedFilename()).toMatch(/^plandesk-plans-\d{4}-\d{2}-\d{2}\.csv$/)
  // An HTTP download from the web host (its headers are checked in test/main/webhost.test.ts), not a file made in the page.
  expect(csv.url()).toMatch(new RegExp(`^${ov.origin}/download/[A-Za-z0-9_-]+$`))
  const text = readFileSync((await csv.path())!, 'utf8')
  expect(text.charCodeAt(0)).toBe(0xfeff)
  const rows = parseCsv(text.slice(1))
  expect(rows[0].slice(0, 3)).toEqual(['Plan', 'Status', 'Status on the server'])
  expect(rows).toHaveLength(total + 1)
  const pks = rows.slice(1).map((r) => Number(r[0]))
  expect(pks).toEqual([...pks].sort((a, b) => a - b))
  expect(rows.slice(1).every((r) => r[1] === 'Approved')).toBe(true)
  const invoice = rows[0].indexOf('Invoice number')
  // Neutralised: an apostrophe in front, so a spreadsheet shows it as text and never runs it.
  expect(rows.find((r) => Number(r[0]) === plan.pk)![invoice]).toBe(`'=HYPERLINK("http://evil.example","open")`)
  await exported

  await page.getByTestId('export-button').click()
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('.el-dropdown-menu:visible').getByTestId('export-xlsx').click()])
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile((await xlsx.path())!)
  const sheet = wb.getWorksheet('Plans')!
  expect(sheet.rowCount).toBe(total + 1)
  const found = sheet.getRows(2, total)!.find((r) => r.getCell(1).value === plan.pk)!
  const cell = found.getCell(invoice + 1)
  expect(cell.type).toBe(ExcelJS.ValueType.String)
  expect(cell.value).toBe('=HYPERLINK("http://evil.example","open")')

  expect(consoleProblems).toEqual([])
})

test('the overview in light, dark and Turkish', async ({ page, ov }) => {
  await resetWorkspace(ov)
  await page.goto(ov.url)
  await expect(page.getByTestId('result-count')).toHaveText(countText(PLANS), { timeout: 60_000 })
  await openOverview(page)
  await page.screenshot(shot('light'))

  await ipc(page, 'ui:set', { theme: 'dark' })
  await page.reload()
  await expect(page.locator('html')).toHaveClass(/dark/)
  await expect(page.getByTestId('overview-total')).toHaveAttribute('data-count', String(PLANS))
  await animationsDone(page)
  await page.screenshot(shot('dark'))
  // The tooltip over a day, in the dark.
  const refund = await frame(page, 'overview-refund-chart')
  await page.mouse.move(refund.box.x + refund.box.width - refund.g.right - 20, refund.box.y + refund.box.height / 2)
  await animationsDone(page)
  await page.screenshot(shot('dark-tooltip'))

  await ipc(page, 'ui:set', { theme: 'light' })
  await ipc(page, 'settings:update', { language: 'tr' })
  try {
    await page.reload()
    await expect(page.getByTestId('nav-overview')).toHaveText('Genel bakış')
    await expect(page.getByTestId('overview-total')).toHaveText(`Bu bilgisayarın önbelleğinde ${PLANS} plan`)
    await expect(page.getByTestId('export-button')).toHaveCount(0)
    await animationsDone(page)
    await page.screenshot(shot('tr'))
    await page.getByTestId('nav-plans').click()
    await expect(page.getByTestId('export-button')).toHaveText('Dışa aktar…')
  } finally {
    await ipc(page, 'settings:update', { language: 'en' })
  }
})
