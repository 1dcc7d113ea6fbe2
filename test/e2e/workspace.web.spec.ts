/**
 * The review workspace through the web host: saved views that survive a restart of the host on
 * the same data folder (with the last route, search and filters), every filter of the panel
 * checked against the CLI's search on the same cache, deep links and the back button, and the
 * dark theme. Screenshots of each screen in light and dark go to test-results/screenshots.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import type { OutboxSummary, PlanFacets, PlanSummary, SearchResult } from '../../preload/contract'
import { codeLabel } from '../../main/domain'
import { choose, ipc, simAdmin } from './desk-fixture'
import { animationsDone, test as base, expect, resetWorkspace, startApp, type RunningApp } from './webhost-fixture'

const PLANS = 400
const root = resolve(__dirname, '../..')
const shot = (name: string) => ({ path: `test-results/screenshots/workspace-${name}.png` })

type App = RunningApp & { stop: () => Promise<void> }
const test = base.extend<object, { dataDir: string; ws: App }>({
  dataDir: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'plandesk-ws-'))
      await use(dir)
      rmSync(dir, { recursive: true, force: true })
    },
    { scope: 'worker' },
  ],
  ws: [
    async ({ dataDir }, use) => {
      const app = await startApp(['--demo', '--demo-plans', String(PLANS)], dataDir)
      await use(app)
      await app.stop()
    },
    { scope: 'worker' },
  ],
})

/** The CLI's answer on the same cache (another process, the same data folder). */
function cliTotal(dataDir: string, args: string[]): number {
  const out = execFileSync(process.execPath, [join(root, 'bin/plandesk.cjs'), '--data-dir', dataDir, 'search', '--json', '--limit', '1', ...args], { encoding: 'utf8' })
  return (JSON.parse(out) as SearchResult).total
}

const countText = (n: number) => `${n.toLocaleString('en-GB')} plan${n === 1 ? '' : 's'}`

async function open(page: Page, app: RunningApp, route = ''): Promise<void> {
  await page.goto(app.url + route)
  await expect(page.getByTestId('app-shell')).toBeVisible()
}

/** Local day bounds as the renderer sends them (the browser and this process share the machine's zone). */
function localDays(first: Date, last: Date): [string, string] {
  const start = new Date(first.getFullYear(), first.getMonth(), first.getDate())
  const end = new Date(new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1).getTime() - 1)
  return [start.toISOString(), end.toISOString()]
}

async function promptName(page: Page, name: string): Promise<void> {
  const box = page.locator('.el-message-box:visible')
  await box.locator('input').fill(name)
  await box.getByRole('button', { name: 'Save' }).click()
  await expect(box).toBeHidden()
}

test.describe.configure({ mode: 'serial', timeout: 120_000 })
// A spec that took the server away brings it back, whatever happened, and lets its waiting change go out.
test.afterEach(async ({ ws, page }) => {
  await simAdmin(ws).back()
  if (!page.isClosed() && page.url().startsWith(ws.origin)) {
    // Seen online again, the app sends what waits at once (not at the end of its backoff).
    await expect.poll(async () => (await ipc<{ status: string }>(page, 'connection:check')).status, { timeout: 30_000 }).toBe('online')
    await expect.poll(async () => (await ipc<OutboxSummary>(page, 'outbox:push')).open, { timeout: 60_000 }).toBe(0)
  }
})

test('a saved view is created, renamed and restored after a restart, with the last route, search and filters', async ({ page, ws, dataDir, browser, consoleProblems }) => {
  await open(page, ws)
  await expect(page.getByTestId('result-count')).toHaveText(countText(PLANS), { timeout: 60_000 })
  await expect(page).toHaveURL(/#\/plans$/)

  // First run: the default views, each with its live count.
  const names = page.getByTestId('saved-view-name')
  await expect(names).toHaveText(['Waiting', 'Waiting refunds', 'Has local changes', 'Modified today'])
  const waiting = await ipc<SearchResult>(page, 'plans:search', { statuses: ['waiting'], limit: 1 })
  await expect(page.locator('[data-testid="saved-view"][data-id="waiting"] [data-testid="saved-view-count"]')).toHaveText(String(waiting.total))
  await page.locator('[data-testid="saved-view"][data-id="waiting"] [data-testid="saved-view-open"]').click()
  await expect(page.getByTestId('result-count')).toHaveText(countText(waiting.total))
  await expect(page.locator('[data-testid="saved-view"][data-id="waiting"]')).toHaveClass(/active/)

  // Narrow it further and save it as a view of its own.
  await choose(page, page.getByTestId('type-filter'), 'Refund')
  const refunds = await ipc<SearchResult>(page, 'plans:search', { statuses: ['waiting'], planType: 'refund', limit: 1 })
  await expect(page.getByTestId('result-count')).toHaveText(countText(refunds.total))
  await page.getByTestId('save-view').click()
  await promptName(page, 'Refunds to check')
  const mine = page.getByTestId('saved-view').filter({ hasText: 'Refunds to check' })
  await expect(mine.getByTestId('saved-view-count')).toHaveText(String(refunds.total))
  await expect(mine).toHaveClass(/active/)

  // Rename it, and move it to the top.
  await mine.getByTestId('saved-view-menu').click()
  await page.locator('.el-dropdown-menu:visible').getByText('Rename').click()
  await promptName(page, 'Refunds, my store')
  const renamed = page.getByTestId('saved-view').filter({ hasText: 'Refunds, my store' })
  await expect(renamed).toBeVisible()
  for (let i = 0; i < 4; i++) {
    await renamed.getByTestId('saved-view-menu').click()
    await page.locator('.el-dropdown-menu:visible').getByText('Move up').click()
  }
  await expect(names.first()).toHaveText('Refunds, my store')
  await page.screenshot(shot('views-light'))

  // Leave with a search typed and a plan open.
  const [plan] = (await ipc<SearchResult>(page, 'plans:search', { statuses: ['waiting'], planType: 'refund', limit: 1, sort: '-modified_date' })).rows
  await page.getByTestId('search-input').fill(String(plan.pk))
  await expect(page.getByTestId('result-count')).toHaveText('1 plan')
  await page.locator(`[data-testid="plan-row"][data-pk="${plan.pk}"]`).click()
  await expect(page).toHaveURL(new RegExp(`#/plans/${plan.pk}$`))
  await expect.poll(async () => (await ipc<{ search: { text?: string }; lastRoute: string }>(page, 'ui:get')).search.text).toBe(String(plan.pk))
  await expect.poll(async () => (await ipc<{ lastRoute: string }>(page, 'ui:get')).lastRoute).toBe(`/plans/${plan.pk}`)
  expect(consoleProblems).toEqual([])
  await page.close()

  // Restart the web host on the same data folder: a new port, so a new origin (no localStorage).
  await ws.stop()
  const again = await startApp(['--demo', '--demo-plans', String(PLANS)], dataDir)
  try {
    expect(again.origin).not.toBe(ws.origin)
    const page2 = await browser.newPage()
    await open(page2, again)
    await expect(page2).toHaveURL(new RegExp(`#/plans/${plan.pk}$`))
    await expect(page2.getByTestId('plan-detail')).toContainText(`Plan ${plan.pk}`)
    await expect(page2.getByTestId('search-input')).toHaveValue(String(plan.pk))
    await expect(page2.getByTestId('filter-chip')).toHaveText([/Status: Waiting/, /Type: Refund/])
    await expect(page2.getByTestId('saved-view-name')).toHaveText(['Refunds, my store', 'Waiting', 'Waiting refunds', 'Has local changes', 'Modified today'])
    await page2.keyboard.press('Escape')
    await expect(page2).toHaveURL(/#\/plans$/)
    await page2.getByTestId('search-input').fill('')
    await expect(page2.getByTestId('saved-view').first().getByTestId('saved-view-count')).toHaveText(String(refunds.total))
    await page2.close()
  } finally {
    await again.stop()
  }
  // Later specs in this file use the same folder again.
  Object.assign(ws, await startApp(['--demo', '--demo-plans', String(PLANS)], dataDir))
})

test('every filter narrows the list exactly as the CLI’s search does on the same cache', async ({ page, ws, dataDir, consoleProblems }) => {
  await resetWorkspace(ws)
  await open(page, ws)
  await expect(page.getByTestId('result-count')).toHaveText(countText(PLANS), { timeout: 60_000 })
  const rows = (await ipc<SearchResult>(page, 'plans:search', { limit: 200 })).rows
  const sample = rows.find((r) => r.storeRemoteId && r.staffRemoteId && r.invoiceNumber && r.orderNumber && r.customerId && r.channelId && r.channelType && r.currency) as PlanSummary
  expect(sample).toBeTruthy()
  // One change kept waiting (the server is away), for "has local changes".
  const sim = simAdmin(ws)
  await sim.away()
  const [waitingPlan] = (await ipc<SearchResult>(page, 'plans:search', { statuses: ['waiting'], limit: 1 })).rows
  await ipc(page, 'plans:setStatus', { pk: waitingPlan.pk, status: 'approved' })

  await page.getByTestId('more-filters').click()
  const panel = page.getByTestId('filter-panel')
  await expect(panel).toBeVisible()
  await page.screenshot(shot('filters-light'))
  const facets = await ipc<PlanFacets>(page, 'plans:facets')
  // The suggestions of a select that takes typed values: typing narrows them, Enter takes the first.
  const suggest = async (select: Locator, value: string) => {
    await select.click()
    await page.keyboard.type(value)
    const listId = await select.locator('[aria-controls]').first().getAttribute('aria-controls')
    await expect(page.locator(`[id="${listId}"]`).getByRole('option').first()).toContainText(value)
    await page.keyboard.press('Enter')
  }

  const today = new Date()
  const [weekFrom, weekTo] = localDays(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6), today)
  const [monthFrom, monthTo] = localDays(new Date(today.getFullYear(), today.getMonth(), 1), today)

  const cases: { key: string; set: () => Promise<void>; cli: string[] }[] = [
    // First, while the change still waits for the server.
    { key: 'hasPendingEdits', set: () => page.getByTestId('local-changes-filter').click(), cli: ['--pending'] },
    {
      key: 'statuses',
      set: async () => {
        // A multiple select stays open between choices.
        await choose(page, page.getByTestId('status-filter'), 'Waiting')
        await choose(page, page.getByTestId('status-filter'), 'Approved')
        await page.keyboard.press('Escape')
      },
      cli: ['--status', 'waiting', '--status', 'approved'],
    },
    { key: 'planType', set: () => choose(page, page.getByTestId('type-filter'), 'Cancel'), cli: ['--type', 'cancel'] },
    // Channel types by name, channels by the name their plans give them (with their counts).
    { key: 'channelType', set: () => choose(page, panel.getByTestId('filter-channel-type'), codeLabel('channelType', sample.channelType, 'en')!), cli: ['--channel-type', sample.channelType!] },
    {
      key: 'channelIds',
      set: async () => {
        const channel = facets.channels.find((c) => c.id === sample.channelId)!
        await choose(page, panel.getByTestId('filter-channel'), `${channel.name} ${channel.count.toLocaleString('en-GB')}`)
        await page.keyboard.press('Escape')
      },
      cli: ['--channel', String(sample.channelId)],
    },
    // Store and staff: typed, and the first suggestion taken (Enter), as a person at the keyboard does.
    { key: 'storeRemoteId', set: () => suggest(panel.getByTestId('filter-store'), sample.storeRemoteId!), cli: ['--store', sample.storeRemoteId!] },
    { key: 'staffRemoteId', set: () => suggest(panel.getByTestId('filter-staff'), sample.staffRemoteId!), cli: ['--staff', sample.staffRemoteId!] },
    { key: 'currency', set: () => choose(page, panel.getByTestId('filter-currency'), `${sample.currency} ${facets.currencies.find((c) => c.code === sample.currency)!.count.toLocaleString('en-GB')}`), cli: ['--currency', sample.currency!] },
    {
      key: 'created',
      set: async () => {
        await panel.getByTestId('filter-created').getByRole('combobox').first().click()
        await page.locator('.el-picker-panel:visible').getByRole('button', { name: 'Last 7 days' }).click()
      },
      cli: ['--created-from', weekFrom, '--created-to', weekTo],
    },
    {
      key: 'modified',
      set: async () => {
        await panel.getByTestId('filter-modified').getByRole('combobox').first().click()
        await page.locator('.el-picker-panel:visible').getByRole('button', { name: 'This month' }).click()
      },
      cli: ['--modified-from', monthFrom, '--modified-to', monthTo],
    },
    { key: 'invoiceNumber', set: () => panel.getByTestId('filter-invoice').fill(sample.invoiceNumber!).then(() => page.keyboard.press('Enter')), cli: ['--invoice', sample.invoiceNumber!] },
    { key: 'orderNumber', set: () => panel.getByTestId('filter-order').fill(sample.orderNumber!).then(() => page.keyboard.press('Enter')), cli: ['--order', sample.orderNumber!] },
    { key: 'customerId', set: () => panel.getByTestId('filter-customer').fill(String(sample.customerId)).then(() => page.keyboard.press('Enter')), cli: ['--customer', String(sample.customerId)] },
  ]

  for (const c of cases) {
    await test.step(c.key, async () => {
      const expected = cliTotal(dataDir, c.cli)
      expect(expected, `${c.key} narrows the list`).toBeLessThan(PLANS)
      if (c.key === 'hasPendingEdits') expect(expected).toBe(1)
      await c.set()
      const chip = page.locator(`[data-testid="filter-chip"][data-filter="${c.key}"]`)
      await expect(chip).toBeVisible()
      await expect(page.getByTestId('result-count')).toHaveText(countText(expected))
      if (expected > 0) await expect(page.getByTestId('plan-row').first()).toBeVisible()
      // The chip's button removes just this filter.
      await chip.getByTestId('filter-chip-remove').click()
      await expect(chip).toHaveCount(0)
      await expect(page.getByTestId('result-count')).toHaveText(countText(PLANS))
    })
  }

  // Several at once, as the CLI combines them.
  await choose(page, page.getByTestId('type-filter'), 'Refund')
  await suggest(panel.getByTestId('filter-store'), sample.storeRemoteId!)
  await expect(page.getByTestId('result-count')).toHaveText(countText(cliTotal(dataDir, ['--type', 'refund', '--store', sample.storeRemoteId!])))
  await page.getByTestId('clear-filters').click()
  await expect(page.getByTestId('result-count')).toHaveText(countText(PLANS))
  expect(consoleProblems).toEqual([])
})

test('a deep link opens the plan, and the back button retraces the steps', async ({ page, ws, consoleProblems }) => {
  await resetWorkspace(ws)
  await open(page, ws)
  await expect(page.getByTestId('result-count')).toHaveText(countText(PLANS), { timeout: 60_000 })
  const [a, b] = (await ipc<SearchResult>(page, 'plans:search', { limit: 2, sort: '-modified_date' })).rows

  // A link straight to a plan (the secret's redirect keeps the route).
  await page.goto(`${ws.url}#/plans/${a.pk}`)
  await expect(page).toHaveURL(new RegExp(`#/plans/${a.pk}$`))
  await expect(page.getByTestId('plan-detail')).toContainText(`Plan ${a.pk}`)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('plan-detail')).toBeHidden()
  await expect(page).toHaveURL(/#\/plans$/)

  // List → plan → back closes it; forward opens it again.
  await page.locator(`[data-testid="plan-row"][data-pk="${b.pk}"]`).click()
  await expect(page).toHaveURL(new RegExp(`#/plans/${b.pk}$`))
  await expect(page.getByTestId('plan-detail')).toContainText(`Plan ${b.pk}`)
  await page.goBack()
  await expect(page.getByTestId('plan-detail')).toBeHidden()
  await expect(page).toHaveURL(/#\/plans$/)
  await page.goForward()
  await expect(page.getByTestId('plan-detail')).toContainText(`Plan ${b.pk}`)
  await page.keyboard.press('Escape')
  await expect(page).toHaveURL(/#\/plans$/)

  // Changes, then back to the list where it was.
  await page.getByTestId('nav-changes').click()
  await expect(page).toHaveURL(/#\/changes$/)
  await expect(page.getByTestId('changes-view')).toBeVisible()
  await page.goBack()
  await expect(page.getByTestId('plans-view')).toBeVisible()
  await expect(page.getByTestId('result-count')).toHaveText(countText(PLANS))

  // Settings is a route too: back closes it.
  await page.getByTestId('open-settings').click()
  await expect(page).toHaveURL(/#\/settings$/)
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
  await page.goBack()
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeHidden()
  await expect(page).toHaveURL(/#\/plans$/)
  // An unknown route lands on the list.
  await page.goto(`${ws.origin}/#/nowhere`)
  await expect(page).toHaveURL(/#\/plans$/)
  expect(consoleProblems).toEqual([])
})

test('dark mode: chosen in Settings, kept after a reload, or following the system; every screen in light and dark', async ({ page, ws, consoleProblems }) => {
  await resetWorkspace(ws)
  await open(page, ws)
  await expect(page.getByTestId('result-count')).toHaveText(countText(PLANS), { timeout: 60_000 })
  const html = page.locator('html')
  await expect(html).not.toHaveClass(/dark/)
  const [plan] = (await ipc<SearchResult>(page, 'plans:search', { limit: 1 })).rows

  async function screens(theme: 'light' | 'dark'): Promise<void> {
    await page.getByTestId('nav-plans').click()
    await page.getByTestId('more-filters').click()
    await page.screenshot(shot(`list-${theme}`))
    await page.getByTestId('more-filters').click()
    await page.locator(`[data-testid="plan-row"][data-pk="${plan.pk}"]`).click()
    await expect(page.getByTestId('plan-detail')).toContainText(`Plan ${plan.pk}`)
    await animationsDone(page)
    await page.screenshot(shot(`detail-${theme}`))
    await page.keyboard.press('Escape')
    await page.getByTestId('nav-changes').click()
    await expect(page.getByTestId('changes-view')).toBeVisible()
    await page.screenshot(shot(`changes-${theme}`))
    await page.getByTestId('open-settings').click()
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible()
    await animationsDone(page)
    await page.screenshot(shot(`settings-${theme}`))
  }
  await screens('light')

  // Choose dark in Settings.
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  await dialog.getByTestId('theme-select').getByText('Dark').click()
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(html).toHaveClass(/dark/)
  const background = await page.locator('body').evaluate((body) => body.ownerDocument.defaultView!.getComputedStyle(body).backgroundColor)
  const [r, g, b] = background.match(/\d+/g)!.map(Number)
  expect(r + g + b, `body background ${background}`).toBeLessThan(150)
  await page.reload()
  await expect(html).toHaveClass(/dark/)
  await screens('dark')
  await page.keyboard.press('Escape')

  // Follow the system: dark when the OS says dark, light when it says light.
  await ipc(page, 'ui:set', { theme: 'system' })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.reload()
  await expect(html).toHaveClass(/dark/)
  await page.emulateMedia({ colorScheme: 'light' })
  await expect(html).not.toHaveClass(/dark/)
  expect(consoleProblems).toEqual([])
})
