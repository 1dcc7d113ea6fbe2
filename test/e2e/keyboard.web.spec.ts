/**
 * Reviewing with the keyboard alone, through the web host on the demo simulator: three plans
 * opened, decided and confirmed without the mouse (j/k, Enter, a/r, Enter on the confirmation),
 * each decision queued once in the outbox and applied on the server; the `g` jumps and the help
 * overlay; and a barcode scanner typing an order number then Enter.
 */
import type { PlanDetail, SearchResult } from '../../preload/contract'
import { choose, expect, ipc, openApp, outboxOf, simAdmin, test } from './desk-fixture'

const shot = (name: string) => ({ path: `test-results/screenshots/${name}.png` })

test.describe('Keyboard review', () => {
  test.describe.configure({ timeout: 120_000 })

  test('three plans decided with the keyboard alone, each queued once and applied on the server', async ({ page, desk, consoleProblems }) => {
    await openApp(page, desk)
    // Set-up with the mouse: the waiting plans only. From here on, only keys.
    await choose(page, page.getByTestId('status-filter'), 'Waiting')
    await page.keyboard.press('Escape')
    await page.getByTestId('result-count').click()
    const waiting = (await ipc<SearchResult>(page, 'plans:search', { statuses: ['waiting'], sort: '-modified_date', limit: 3 })).rows
    expect(waiting).toHaveLength(3)
    // The list shows the waiting plans before j moves in it.
    const total = (await ipc<SearchResult>(page, 'plans:search', { statuses: ['waiting'], limit: 1 })).total
    await expect(page.getByTestId('result-count')).toHaveText(`${total} plans`)
    await expect(page.getByRole('grid')).toHaveAttribute('aria-busy', 'false')

    const detail = page.getByTestId('plan-detail')
    const decided: Array<[number, string]> = []
    await page.keyboard.press('j')
    await expect(page.locator(`[data-testid="plan-row"][data-pk="${waiting[0].pk}"]`)).toHaveAttribute('aria-selected', 'true')
    await page.keyboard.press('Enter')
    await expect(detail).toContainText(`Plan ${waiting[0].pk}`)
    await expect(page).toHaveURL(new RegExp(`#/plans/${waiting[0].pk}$`))

    for (const [i, [key, status]] of ([['a', 'Approved'], ['r', 'Rejected'], ['a', 'Approved']] as const).entries()) {
      const pk = waiting[i].pk
      // After a decision the next plan of the list opens by itself.
      if (i > 0) {
        await expect(detail).toHaveAttribute('data-pk', String(pk))
        await expect(page).toHaveURL(new RegExp(`#/plans/${pk}$`))
      }
      await page.keyboard.press(key)
      const dialog = page.getByTestId('confirm-dialog').filter({ visible: true })
      await expect(dialog.getByTestId('confirm-text')).toContainText(`plan ${pk}`)
      await expect(dialog.getByTestId('confirm-text')).toContainText(status)
      // The focus is on the confirming button: Enter confirms.
      await expect(dialog.getByTestId('confirm-ok')).toBeFocused()
      if (i === 0) await page.screenshot(shot('keyboard-confirm'))
      await page.keyboard.press('Enter')
      await expect(dialog).toBeHidden()
      decided.push([pk, status.toLowerCase()])
      // The decided plan shows its new status in the list; the detail has moved on.
      await expect(detail).not.toHaveAttribute('data-pk', String(pk))
      expect((await ipc<PlanDetail>(page, 'plans:get', { pk })).summary.status).toBe(status.toLowerCase())
    }

    // Escape closes the detail. The decided plans left the "Waiting" list, and the plan that followed
    // the last one is selected, now at its top; j and k move on what the list shows.
    await page.keyboard.press('Escape')
    await expect(detail).toBeHidden()
    for (const [pk] of decided) await expect(page.locator(`[data-testid="plan-row"][data-pk="${pk}"]`)).toHaveCount(0)
    await expect(page.getByRole('grid')).toHaveAttribute('aria-busy', 'false')
    const selected = page.locator('[data-testid="plan-row"][aria-selected="true"]')
    await expect(selected).toHaveAttribute('aria-rowindex', '2')
    const shown = async () => Number(await page.locator('[data-testid="plan-row"]').nth(1).getAttribute('data-pk'))
    await page.keyboard.press('j')
    await expect(selected).toHaveAttribute('data-pk', String(await shown()))
    await page.keyboard.press('k')
    await expect(selected).toHaveAttribute('data-pk', await page.locator('[data-testid="plan-row"]').first().getAttribute('data-pk') ?? '')
    // Far down the list, the selection stays in sight (the table draws only the rows on screen).
    for (let i = 0; i < 30; i++) await page.keyboard.press('j')
    await expect(selected).toBeInViewport()

    // Each decision is in the outbox once, and the server applied each once.
    const sim = simAdmin(desk)
    for (const [pk, status] of decided) {
      const entries = await outboxOf(page, pk)
      expect(entries.map((e) => e.targetStatus)).toEqual([status])
      await expect.poll(async () => (await outboxOf(page, pk))[0].state, { timeout: 60_000 }).toBe('applied')
      expect(await sim.audit(pk, 'update_status')).toHaveLength(1)
    }

    // g c and g p jump between the screens; ? shows every shortcut.
    await page.keyboard.press('g')
    await page.keyboard.press('c')
    await expect(page).toHaveURL(/#\/changes$/)
    await page.keyboard.press('g')
    await page.keyboard.press('p')
    await expect(page).toHaveURL(/#\/plans$/)
    await page.keyboard.press('?')
    const help = page.getByTestId('shortcut-help')
    await expect(help).toBeVisible()
    await expect(help.locator('tr[data-action]')).toHaveCount(17)
    await expect(help.locator('tr[data-action="clickOpen"]')).toContainText('Open the plan')
    await expect(help).toContainText('On an open plan: approve')
    await page.screenshot(shot('keyboard-help'))
    await page.keyboard.press('Escape')
    await expect(help).toBeHidden()
    expect(consoleProblems).toEqual([])
  })

  test('a scanner typing an order number and Enter opens the plan when it is the only match', async ({ page, desk, consoleProblems }) => {
    await openApp(page, desk)
    // An order number the app's search finds on one plan only.
    const candidates = (await ipc<SearchResult>(page, 'plans:search', { sort: 'pk', limit: 50 })).rows
    let found: { orderNumber: string; pk: number } | null = null
    for (const r of candidates) {
      if (!r.orderNumber) continue
      const res = await ipc<SearchResult>(page, 'plans:search', { text: r.orderNumber, limit: 2 })
      if (res.total === 1) {
        found = { orderNumber: r.orderNumber, pk: r.pk }
        break
      }
    }
    expect(found, 'an order number that matches one plan').not.toBeNull()
    const { orderNumber, pk } = found!

    await page.keyboard.press('/')
    await expect(page.getByTestId('search-input')).toBeFocused()
    // A scanner types fast and ends with Enter.
    await page.keyboard.type(orderNumber, { delay: 5 })
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('plan-detail')).toContainText(`Plan ${pk}`)
    await expect(page).toHaveURL(new RegExp(`#/plans/${pk}$`))
    await page.keyboard.press('Escape')

    // Several matches: the list shows them and nothing opens.
    await page.getByTestId('search-input').fill('')
    await page.keyboard.press('/')
    const prefix = orderNumber.slice(0, Math.max(1, orderNumber.length - 2))
    const several = await ipc<SearchResult>(page, 'plans:search', { text: prefix, limit: 1 })
    expect(several.total).toBeGreaterThan(1)
    await page.keyboard.type(prefix, { delay: 5 })
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('result-count')).toHaveText(`${several.total.toLocaleString('en-GB')} plans`)
    await expect(page.getByTestId('plan-detail')).toBeHidden()
    expect(consoleProblems).toEqual([])
  })
})
