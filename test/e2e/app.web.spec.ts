import type { SearchResult } from '../../preload/contract'
import { ipc } from './desk-fixture'
import { choose, test, expect } from './webhost-fixture'

test.describe('PlanDesk in Chromium through the web host (demo mode)', () => {
  test('opens with the demo banner, syncs the demo plans by itself and lists them', async ({ page, app, consoleProblems }) => {
    await page.goto(app.url)
    // The secret is traded for a cookie: the address bar no longer shows it (only the list's route).
    await expect(page).toHaveURL(`${app.origin}/#/plans`)
    await expect(page.getByTestId('demo-banner')).toBeVisible()
    await expect(page.getByTestId('demo-banner')).toContainText('Demo data')
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
    await expect(page.getByTestId('outbox-badge')).toBeVisible()
    await expect(page.getByTestId('result-count')).toHaveText('400 plans', { timeout: 30_000 })
    await expect(page.locator('[data-testid="plan-row"]').first()).toBeVisible()
    await page.screenshot({ path: 'test-results/screenshots/app-demo.png' })
    expect(consoleProblems).toEqual([])
  })

  test('refuses the same address without the secret', async ({ browser, app }) => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const res = await page.goto(app.origin + '/')
    expect(res?.status()).toBe(403)
    await expect(page.locator('body')).toContainText('full link it printed')
    await context.close()
  })

  test('searches and filters offline data from the cache', async ({ page, app, consoleProblems }) => {
    await page.goto(app.url)
    await expect(page.getByTestId('result-count')).toHaveText('400 plans', { timeout: 30_000 })
    const firstPk = await page.locator('[data-testid="plan-row"]').first().getAttribute('data-pk')
    expect(firstPk).toBeTruthy()
    await page.keyboard.press('/')
    await expect(page.getByTestId('search-input')).toBeFocused()
    await page.keyboard.type(firstPk!)
    await expect(page.getByTestId('result-count')).not.toHaveText('400 plans')
    await expect(page.locator(`[data-testid="plan-row"][data-pk="${firstPk}"]`)).toBeVisible()
    const count = await page.getByTestId('result-count').textContent()
    expect(Number(count!.split(' ')[0])).toBeLessThan(400)
    await page.getByTestId('search-input').fill('zzzz-no-such-plan')
    await expect(page.getByTestId('empty-state')).toBeVisible()
    await page.getByTestId('search-input').fill('')
    // Filter by plan type.
    const refunds = await ipc<SearchResult>(page, 'plans:search', { planType: 'refund', limit: 1 })
    await choose(page, page.getByTestId('type-filter'), 'Refund')
    await expect(page.getByTestId('result-count')).toHaveText(`${refunds.total} plans`)
    // The plan type column.
    for (const cell of await page.locator('[data-testid="plan-row"] .c-type').allTextContents()) {
      expect(cell.trim()).toBe('Refund')
    }
    expect(consoleProblems).toEqual([])
  })

  test('draws only the rows in sight and loads the next window as the list scrolls', async ({ page, app, consoleProblems }) => {
    await page.goto(app.url)
    await expect(page.getByTestId('result-count')).toHaveText('400 plans', { timeout: 30_000 })
    const grid = page.getByRole('grid')
    await expect(grid).toHaveAttribute('aria-rowcount', '401')
    const rows = page.locator('[data-testid="plan-row"]')
    // The first window is 200 plans; far fewer rows are in the document.
    expect(await rows.count()).toBeLessThan(60)
    const last = page.locator('[data-testid="plan-row"][aria-rowindex="401"]')
    await expect
      .poll(
        async () => {
          await grid.evaluate((el) => {
            el.scrollTop = el.scrollHeight
          })
          return last.count()
        },
        { timeout: 20_000, intervals: [200] },
      )
      .toBe(1)
    await expect(last).toBeVisible()
    // Every plan was reached (the second window came after the first), still with few rows drawn,
    // and the header stays on top.
    expect(await rows.count()).toBeLessThan(60)
    const seen = new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-pk'))))
    expect(seen.size).toBe(await rows.count())
    await expect(page.getByTestId('bulk-select-loaded')).toBeInViewport()
    await page.screenshot({ path: 'test-results/screenshots/list-end.png' })
    // A new search shows its answer from the top, not from where the last list was scrolled.
    await page.getByTestId('search-input').fill('a')
    await expect(page.getByTestId('result-count')).not.toHaveText('400 plans')
    await expect(page.locator('[data-testid="plan-row"][aria-rowindex="2"]')).toBeInViewport()
    expect(consoleProblems).toEqual([])
  })

  test('shows the next plans in the same row elements as the list scrolls, and the focus stays with the plan it was on', async ({ page, app, consoleProblems }) => {
    await page.goto(app.url)
    await expect(page.getByTestId('result-count')).toHaveText('400 plans', { timeout: 30_000 })
    const grid = page.getByRole('grid')
    const rows = page.locator('[data-testid="plan-row"]')
    const row = (index: number) => page.locator(`[data-testid="plan-row"][aria-rowindex="${index + 2}"]`)
    const scrollTo = (n: number) =>
      grid.evaluate((el, top) => {
        el.scrollTop = top
      }, n * 40)
    const focusedPk = () => page.evaluate("document.activeElement?.classList.contains('row-check') ? document.activeElement.getAttribute('data-pk') : null")
    // The drawn rows stand still (the same places for ten frames in a row): right after a scroll
    // the virtualizer may still widen or narrow its window for a frame or two.
    const settled = () =>
      page.evaluate(`(async () => {
        const drawn = () => [...document.querySelectorAll('[data-testid="plan-row"]')].map((r) => r.getAttribute('aria-rowindex')).join()
        for (let last = drawn(), same = 0; same < 10; ) {
          await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 10)))
          const now = drawn()
          same = now === last ? same + 1 : 0
          last = now
        }
      })()`)
    // Twenty rows down (the first plans no longer drawn), mark the drawn row elements and focus the check box of the 23rd plan.
    await scrollTo(20)
    await expect(row(0)).toHaveCount(0)
    await settled()
    type Marked = { mark?: true }
    const before = await rows.evaluateAll((els) => els.map((r) => (((r as unknown as Marked).mark = true), r.getAttribute('data-pk'))))
    const pk = await row(22).getAttribute('data-pk')
    await page.locator(`[data-testid="bulk-select"][data-pk="${pk}"]`).focus()
    // Five rows further, the 23rd plan is still drawn, in another of the same elements: the focus went with the plan.
    await scrollTo(25)
    await expect(row(10)).toHaveCount(0)
    await settled()
    const drawn = await rows.evaluateAll((els) => els.map((r) => ({ mark: (r as unknown as Marked).mark === true, pk: r.getAttribute('data-pk') })))
    const marked = drawn.filter((r) => r.mark)
    expect(marked).toHaveLength(before.length)
    expect(marked[0].pk).not.toBe(before[0])
    expect(drawn.map((r) => r.pk)).toContain(pk)
    await expect.poll(focusedPk).toBe(pk)
    // Once the plan is no longer drawn, the focus leaves the element that held it (now another plan's).
    await scrollTo(45)
    await expect(row(22)).toHaveCount(0)
    await expect.poll(focusedPk).toBe(null)
    expect(consoleProblems).toEqual([])
  })

  test('opens a plan with the keyboard and shows amounts in the plan’s currency', async ({ page, app, consoleProblems }) => {
    await page.goto(app.url)
    await expect(page.getByTestId('result-count')).toHaveText('400 plans', { timeout: 30_000 })
    // j selects the first plan without opening it; ↓ the next; Enter opens it.
    await page.keyboard.press('j')
    await page.keyboard.press('ArrowDown')
    await expect(page.locator('[data-testid="plan-row"][aria-selected="true"]')).toHaveAttribute('aria-rowindex', '3')
    await page.keyboard.press('Enter')
    const drawer = page.getByTestId('plan-detail')
    await expect(drawer).toBeVisible()
    await expect(drawer.getByTestId('plan-items')).toBeVisible()
    // Amounts carry a currency (₺, €, $ or an ISO code), never a bare number.
    const amount = await drawer.locator('.el-descriptions__content').nth(6).textContent()
    expect(amount).toMatch(/₺|€|\$|£|TRY|EUR|USD/)
    await page.screenshot({ path: 'test-results/screenshots/plan-detail.png' })
    await page.keyboard.press('Escape')
    await expect(drawer).toBeHidden()
    expect(consoleProblems).toEqual([])
  })

  test('switches the interface to Turkish', async ({ page, app }) => {
    await page.goto(app.url)
    await expect(page.getByTestId('result-count')).toHaveText('400 plans', { timeout: 30_000 })
    await page.getByTestId('open-settings').click()
    await choose(page, page.getByRole('dialog').locator('.el-select').first(), 'Türkçe')
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click()
    await expect(page.getByTestId('demo-banner')).toContainText('Demo verisi')
    await expect(page.getByTestId('result-count')).toContainText('plan')
    await page.screenshot({ path: 'test-results/screenshots/app-tr.png' })
    // Put English back for the other tests sharing this app.
    await page.getByTestId('open-settings').click()
    await choose(page, page.getByRole('dialog').locator('.el-select').first(), 'English')
    await page.getByRole('dialog').getByRole('button', { name: 'Kaydet' }).click()
    await expect(page.getByTestId('demo-banner')).toContainText('Demo data')
  })

  test('shows when the server is unreachable, keeps the cache searchable, and notices it coming back', async ({ page, app, consoleProblems }) => {
    await page.goto(app.url)
    await expect(page.getByTestId('result-count')).toHaveText('400 plans', { timeout: 30_000 })
    const badge = page.getByTestId('connection-state')
    await expect(badge).toHaveAttribute('data-state', 'online')
    const res = await fetch(`${app.simAdmin.url}offline`, {
      method: 'POST',
      headers: { 'X-Simulator-Secret': app.simAdmin.secret, 'Content-Type': 'application/json' },
      // Long enough to be seen away on a busy machine; the check below waits for its return.
      body: JSON.stringify({ ms: 10_000 }),
    })
    expect(res.ok).toBe(true)
    await badge.click() // checks the connection now
    // This computer is online; the server is not: named precisely.
    await expect(badge).toHaveAttribute('data-state', 'unreachable')
    await expect(badge).toHaveText(/Can’t reach the server/)
    await expect(page.getByTestId('connection-hint')).toBeVisible()
    await expect(page.getByTestId('connection-hint')).toContainText('Can’t reach the server')
    await page.screenshot({ path: 'test-results/screenshots/offline.png' })
    // The cache answers without the server.
    const pk = await page.locator('[data-testid="plan-row"]').nth(3).getAttribute('data-pk')
    await page.getByTestId('search-input').fill(pk!)
    await expect(page.locator(`[data-testid="plan-row"][data-pk="${pk}"]`)).toBeVisible()
    await page.getByTestId('search-input').fill('')
    // Back after 10 s: a check sees it.
    await expect
      .poll(
        async () => {
          await badge.click()
          return badge.getAttribute('data-state')
        },
        { timeout: 40_000, intervals: [1000] },
      )
      .toBe('online')
    await expect(page.getByTestId('connection-hint')).toBeHidden()
    expect(consoleProblems).toEqual([])
  })
})
