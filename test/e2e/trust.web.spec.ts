/**
 * Decisions a store can trust, through the web host on the real services and the demo simulator:
 * a refused change leaves the plan showing what the server holds, with the server's words (row,
 * detail, "Has local changes") and teaches the status menu; a conflict names the colleague and
 * "Apply mine anyway" asks first; a bulk decision shows its scope and leaves out what it should;
 * the Changes view acts on a selection and on the refused changes of one bulk decision; the
 * payment-plan dialog sends what the seed defines and follows the ticked items.
 */
import type { Page } from '@playwright/test'
import type { LearnedRefusal, PlanSummary } from '../../preload/contract'
import {
  animationsDone,
  backOnline,
  changeStatus,
  choose,
  closeDetail,
  expect,
  ipc,
  openApp,
  openPlan,
  outboxItem,
  outboxOf,
  plansIn,
  simAdmin,
  test,
} from './desk-fixture'

const shot = (name: string) => ({ path: `test-results/screenshots/${name}.png` })
const FINAL_WORDS = 'The plan is already “Completed”, a final status: it cannot be changed any more.'

/** Checks plans for a bulk decision, finding each by its number. */
async function check(page: Page, pks: number[]): Promise<void> {
  for (const pk of pks) {
    await page.getByTestId('search-input').fill(String(pk))
    await expect(page.getByRole('grid')).toHaveAttribute('aria-busy', 'false')
    await page.locator(`[data-testid="bulk-select"][data-pk="${pk}"]`).click()
  }
  await expect(page.getByTestId('bulk-count')).toHaveText(`${pks.length} plans selected`)
}

const row = (page: Page, pk: number) => page.locator(`[data-testid="plan-row"][data-pk="${pk}"]`)

test.describe('Decisions a store can trust', () => {
  test.describe.configure({ timeout: 120_000 })

  test('a refused change: the row, the detail and “Has local changes” show the server’s status with the refusal’s words, and the menu learns it', async ({ page, desk, consoleProblems }) => {
    await openApp(page, desk)
    const [a, b] = await plansIn(page, ['completed'])
    await openPlan(page, a.pk)
    const detail = page.getByTestId('plan-detail')
    // The status it has is never offered.
    await detail.getByTestId('status-select').click()
    const list = page.locator(`[id="${await detail.getByTestId('status-select').locator('[aria-controls]').first().getAttribute('aria-controls')}"]`)
    await expect(list.getByRole('option', { name: 'Waiting for supplier', exact: true })).toBeVisible()
    await expect(list.getByRole('option', { name: 'Completed', exact: true })).toHaveCount(0)
    await page.keyboard.press('Escape')

    await changeStatus(page, 'Waiting for supplier')
    await expect(detail.getByTestId('pending-marker')).toHaveAttribute('data-state', 'failed', { timeout: 20_000 })
    // The detail: what the server holds, and why it refused.
    await expect(detail.getByTestId('detail-status')).toHaveText('Completed')
    const refusal = detail.getByTestId('detail-refusal')
    await expect(refusal).toContainText('Refused by the server: “Waiting for supplier”.')
    await expect(refusal.getByTestId('message-text')).toHaveText(FINAL_WORDS)
    await expect(refusal).toContainText('The plan stays “Completed” on the server.')
    await expect(detail.getByTestId('server-status')).toHaveCount(0)
    await page.screenshot(shot('trust-detail-refused'))
    await closeDetail(page)

    // The row: the server's status, and the refusal's words on its marker.
    const marker = row(page, a.pk).getByTestId('local-marker')
    await expect(row(page, a.pk).locator('.c-status')).toContainText('Completed')
    await expect(marker).toHaveAttribute('data-state', 'failed')
    await expect(marker).toHaveAttribute('aria-label', `Refused by the server: “Waiting for supplier”. ${FINAL_WORDS}`)
    // "Has local changes" lists it the same way.
    await page.getByTestId('search-input').fill('')
    await page.getByTestId('local-changes-filter').click()
    await expect(row(page, a.pk)).toBeVisible()
    await expect(row(page, a.pk).locator('.c-status')).toContainText('Completed')
    await expect(row(page, a.pk).getByTestId('local-marker')).toHaveAttribute('aria-label', /Refused by the server: “Waiting for supplier”\. The plan is already “Completed”/)
    await marker.hover()
    await expect(page.locator('.el-popper:visible').filter({ hasText: 'Refused by the server' })).toBeVisible()
    await page.screenshot(shot('trust-list-refused'))
    await page.getByTestId('local-changes-filter').click()
    const summary = (await ipc<{ summary: PlanSummary }>(page, 'plans:get', { pk: a.pk })).summary
    expect(summary).toMatchObject({ status: 'completed', serverStatus: 'completed', localState: 'failed' })

    // Another completed plan: the menu marks the refused status, and the confirmation shows the server's words.
    // The specs share one app, which keeps every refusal it learnt: exactly those from "completed" are marked.
    const learnt = (await ipc<LearnedRefusal[]>(page, 'plans:refusals')).filter((r) => r.from === 'completed')
    expect(learnt.map((r) => r.to)).toContain('waiting_supplier')
    await openPlan(page, b.pk)
    await detail.getByTestId('status-select').click()
    const marked = page.locator('[data-refused="true"]').filter({ visible: true })
    await expect(marked).toHaveCount(learnt.length)
    const learntHere = marked.filter({ hasText: 'Waiting for supplier' })
    await expect(learntHere).toHaveCount(1)
    await expect(learntHere.getByTestId('status-option-refused')).toHaveText(/^Refused by the server from “Completed” on .+/)
    await animationsDone(page)
    await page.screenshot(shot('trust-menu-refused'))
    await page.keyboard.press('Escape')
    await choose(page, detail.getByTestId('status-select'), 'Waiting for supplier')
    await detail.getByTestId('status-apply').click()
    const confirm = page.getByTestId('confirm-dialog').filter({ visible: true })
    await expect(confirm.getByTestId('decide-refused-before')).toContainText('Refused by the server from “Completed”')
    await expect(confirm.getByTestId('decide-refused-before').getByTestId('message-text')).toHaveText(FINAL_WORDS)
    await expect(confirm.getByTestId('confirm-ok')).toHaveText('Send it anyway')
    await confirm.getByTestId('confirm-cancel').click()
    await expect(confirm).toBeHidden()
    expect(await outboxOf(page, b.pk)).toEqual([])

    // A change made behind the refused one says why it waits.
    await closeDetail(page)
    await openPlan(page, a.pk)
    await changeStatus(page, 'Cancelled')
    await page.getByTestId('plan-changes-open').click()
    const [behind, refused] = await outboxOf(page, a.pk)
    const item = page.locator(`[data-testid="outbox-item"][data-id="${behind.id}"]`)
    await expect(item.getByTestId('outbox-wait-reason')).toHaveText(`Waits behind change ${refused.id} of the same plan, which the server refused (retry or discard it).`)
    await expect(item.getByTestId('outbox-wait-reason')).toHaveAttribute('data-kind', 'behind')
    await page.screenshot(shot('trust-waits-behind'))
    for (const id of [behind.id, refused.id]) await ipc(page, 'outbox:discard', { id })
    expect(consoleProblems).toEqual([])
  })

  test('a conflict names the colleague and when; “Apply mine anyway” asks first, with both values', async ({ page, desk, consoleProblems }) => {
    const sim = simAdmin(desk)
    await openApp(page, desk)
    const [plan] = await plansIn(page, ['waiting'])
    await openPlan(page, plan.pk)
    // A failed attempt first: its error must not stay on the card once the plan is in conflict.
    await sim.away()
    await changeStatus(page, 'Approved')
    await expect.poll(async () => (await outboxOf(page, plan.pk))[0].lastError?.code, { timeout: 20_000 }).toBeTruthy()
    await sim.updatePlan(plan.pk, { status: 'waiting_supplier' })
    await backOnline(page, sim)
    const detail = page.getByTestId('plan-detail')
    await expect(detail.getByTestId('pending-marker')).toHaveAttribute('data-state', 'conflict', { timeout: 30_000 })
    await expect(detail.getByTestId('detail-status')).toHaveText('Waiting for supplier')
    await expect(detail.getByTestId('detail-conflict-who')).toHaveText(/^Kerem Aydemir changed this plan on the server on .+, after your change was made here\.$/)
    await expect(detail.getByTestId('detail-conflict-theirs')).toHaveText('Waiting for supplier')
    await expect(detail.getByTestId('detail-conflict-mine')).toHaveText('Approved')
    await page.screenshot(shot('trust-detail-conflict'))
    await closeDetail(page)
    await expect(row(page, plan.pk).locator('.c-status')).toContainText('Waiting for supplier')
    await expect(row(page, plan.pk).getByTestId('local-marker')).toHaveAttribute('aria-label', /^Kerem Aydemir changed it to “Waiting for supplier” on .+; your change: “Approved”\. See Changes\.$/)

    await page.getByTestId('outbox-badge').click()
    const item = outboxItem(page, plan.pk)
    await expect(item).toHaveAttribute('data-state', 'conflict')
    await expect(item.getByTestId('conflict-who')).toHaveText(/^Kerem Aydemir changed this plan on the server on .+, after you made this change here\. Compare, then choose\.$/)
    await expect(item).not.toContainText('Last error')
    await expect(item).not.toContainText('Can’t reach')
    // "Apply mine anyway" confirms, both values side by side; cancelling sends nothing.
    await item.getByTestId('conflict-mine').click()
    const confirm = page.getByTestId('confirm-dialog').filter({ visible: true })
    await expect(confirm.getByTestId('apply-mine-text')).toHaveText('Your change is sent on top of the server’s current version: what Kerem Aydemir changed is overwritten.')
    await expect(confirm.getByTestId('apply-mine-theirs')).toHaveText('Waiting for supplier')
    await expect(confirm.getByTestId('apply-mine-mine')).toHaveText('Approved')
    await animationsDone(page)
    await page.screenshot(shot('trust-apply-mine-confirm'))
    await confirm.getByTestId('confirm-cancel').click()
    await expect(confirm).toBeHidden()
    await expect(item).toHaveAttribute('data-state', 'conflict')
    expect(await sim.audit(plan.pk, 'update_status')).toHaveLength(0)
    await item.getByTestId('conflict-mine').click()
    await confirm.getByTestId('confirm-ok').click()
    await expect(item).toHaveAttribute('data-state', 'applied', { timeout: 20_000 })
    expect((await sim.plan(plan.pk)).status).toBe('approved')
    expect(await sim.audit(plan.pk, 'update_status')).toHaveLength(1)
    expect(consoleProblems).toEqual([])
  })

  test('a bulk decision over plans in three statuses shows the breakdown, leaves out those already in the target, and its refused changes go at once', async ({ page, desk, consoleProblems }) => {
    const sim = simAdmin(desk)
    await openApp(page, desk)
    const waiting = (await plansIn(page, ['waiting'])).slice(-2).map((p) => p.pk)
    const approved = (await plansIn(page, ['approved'])).slice(-2).map((p) => p.pk)
    const cancelled = (await plansIn(page, ['cancelled'])).slice(-2).map((p) => p.pk)
    await check(page, [...waiting, ...approved, ...cancelled])
    await choose(page, page.getByTestId('bulk-status-select'), 'Cancelled')
    await page.getByTestId('bulk-apply').click()
    const dialog = page.getByTestId('confirm-dialog').filter({ visible: true })
    await expect(dialog.getByTestId('bulk-scope-total')).toHaveText('6 plans selected, by the status they show now:')
    const breakdown = dialog.getByTestId('bulk-breakdown-row')
    await expect(breakdown).toHaveCount(3)
    for (const [status, label] of [['waiting', 'Waiting'], ['approved', 'Approved'], ['cancelled', 'Cancelled']]) {
      const line = breakdown.and(page.locator(`[data-status="${status}"]`))
      await expect(line).toHaveAttribute('data-count', '2')
      await expect(line).toContainText(label)
    }
    await expect(dialog.getByTestId('bulk-already')).toHaveText('2 plans are already “Cancelled”: left out.')
    await expect(dialog.getByTestId('bulk-confirm-text')).toHaveText('These 4 plans will change to “Cancelled”:')
    const listed = dialog.getByTestId('bulk-confirm-pks')
    await expect(listed).toHaveAttribute('data-count', '4')
    expect((await listed.locator('.pk').allTextContents()).map(Number).sort()).toEqual([...waiting, ...approved].sort())
    await expect(dialog.getByTestId('confirm-ok')).toHaveText('Change 4 plans')
    await animationsDone(page)
    await page.screenshot(shot('trust-bulk-scope'))
    await dialog.getByTestId('confirm-ok').click()
    await expect(dialog).toBeHidden()

    // One bulk decision: the server cancels the waiting plans and refuses approved → cancelled.
    const entriesOf = async (pks: number[]) => (await Promise.all(pks.map((pk) => outboxOf(page, pk)))).map((l) => l[0])
    await expect.poll(async () => (await entriesOf([...waiting, ...approved])).map((e) => e.state), { timeout: 45_000 }).toEqual(['applied', 'applied', 'failed', 'failed'])
    const batch = (await entriesOf(waiting))[0].batch
    expect(batch).toBeTruthy()
    expect((await entriesOf([...waiting, ...approved])).every((e) => e.batch === batch)).toBe(true)
    for (const pk of cancelled) expect(await outboxOf(page, pk)).toEqual([])
    for (const pk of cancelled) expect(await sim.audit(pk, 'update_status')).toHaveLength(0)

    // The Changes view: the two refused ones selected and retried in one step (refused again)…
    await page.getByTestId('outbox-badge').click()
    await page.getByTestId('outbox-filter').locator('[data-view="failed"]').click()
    const failed = await entriesOf(approved)
    for (const e of failed) await page.locator(`[data-testid="outbox-item"][data-id="${e.id}"]`).getByTestId('outbox-select').click()
    await expect(page.getByTestId('outbox-selection')).toHaveAttribute('data-count', '2')
    await expect(page.getByTestId('outbox-retry-selected')).toHaveText('Retry 2')
    await page.screenshot(shot('trust-changes-selection'))
    await page.getByTestId('outbox-retry-selected').click()
    await expect.poll(async () => (await entriesOf(approved)).map((e) => `${e.state}:${e.attempts}`), { timeout: 30_000 }).toEqual(failed.map((e) => `failed:${e.attempts + 1}`))
    // …then all the refused changes of that bulk decision discarded at once.
    const first = page.locator(`[data-testid="outbox-item"][data-id="${failed[0].id}"]`)
    await first.getByTestId('outbox-discard-batch').click()
    await expect.poll(async () => (await entriesOf(approved)).map((e) => e.state)).toEqual(['discarded', 'discarded'])
    for (const pk of approved) expect((await sim.plan(pk)).status).toBe('approved')

    // The refusal is learned: the next bulk decision lists those plans apart.
    await page.getByTestId('nav-plans').click()
    await check(page, [...approved, waiting[0]])
    await choose(page, page.getByTestId('bulk-status-select'), 'Cancelled')
    await page.getByTestId('bulk-apply').click()
    const again = page.getByTestId('confirm-dialog').filter({ visible: true })
    await expect(again.getByTestId('bulk-already')).toHaveText('1 plan is already “Cancelled”: left out.')
    const apart = again.getByTestId('bulk-refused')
    await expect(apart).toHaveAttribute('data-from', 'approved')
    await expect(apart).toHaveAttribute('data-count', '2')
    await expect(apart).toContainText('2 plans in “Approved”: listed apart, left out.')
    await expect(apart).toContainText('Refused by the server from “Approved” on')
    await expect(again.getByTestId('bulk-confirm-text')).toHaveText('No plan would change.')
    await expect(again.getByTestId('confirm-ok')).toBeDisabled()
    await again.getByTestId('bulk-include-refused').click()
    await expect(again.getByTestId('bulk-confirm-pks')).toHaveAttribute('data-count', '2')
    await expect(again.getByTestId('confirm-ok')).toBeEnabled()
    await animationsDone(page)
    await page.screenshot(shot('trust-bulk-refused-apart'))
    await again.getByTestId('confirm-cancel').click()
    await page.getByTestId('bulk-clear').click()
    expect(consoleProblems).toEqual([])
  })

  test('above 100 plans, the bulk confirmation asks for the number to be typed', async ({ page, desk, consoleProblems }) => {
    await openApp(page, desk)
    const before = (await ipc<{ total: number }>(page, 'outbox:list', {})).total
    await page.getByTestId('plan-row').first().getByTestId('bulk-select').click()
    await page.getByTestId('bulk-select-matching').click()
    await choose(page, page.getByTestId('bulk-status-select'), 'Rejected')
    await page.getByTestId('bulk-apply').click()
    const dialog = page.getByTestId('confirm-dialog').filter({ visible: true })
    const count = Number(await dialog.getByTestId('bulk-confirm-pks').getAttribute('data-count'))
    expect(count).toBeGreaterThan(100)
    expect(await dialog.getByTestId('bulk-breakdown-row').count()).toBeGreaterThan(3)
    await expect(dialog.getByTestId('confirm-ok')).toBeDisabled()
    await dialog.getByTestId('bulk-type-count').fill(String(count - 1))
    await expect(dialog.getByTestId('confirm-ok')).toBeDisabled()
    await dialog.getByTestId('bulk-type-count').fill(count.toLocaleString('en-GB'))
    await expect(dialog.getByTestId('confirm-ok')).toBeEnabled()
    await animationsDone(page)
    await page.screenshot(shot('trust-bulk-type-count'))
    await dialog.getByTestId('confirm-cancel').click()
    await expect(dialog).toBeHidden()
    await page.getByTestId('bulk-clear').click()
    expect((await ipc<{ total: number }>(page, 'outbox:list', {})).total).toBe(before)
    expect(consoleProblems).toEqual([])
  })

  test('the payment-plan dialog: the total follows the ticked items, the type is chosen, the server’s field errors show beside their field', async ({ page, desk, consoleProblems }) => {
    const sim = simAdmin(desk)
    await openApp(page, desk)
    // A plan with two items or more, and a payment plan of another type somewhere in the cache.
    const plans = await plansIn(page, ['approved'], 200)
    const withItems = plans.filter((p) => p.itemCount >= 2)
    const [plan, other] = withItems.slice(-2)
    await sim.updatePlan(other.pk, { payment_plan: { payment_plan: [{ transaction_type: 'exchange', order_items: [] }] } })
    await ipc(page, 'sync:start', {})
    await expect.poll(async () => ipc<string[]>(page, 'plans:transactionTypes')).toEqual(['refund', 'exchange'])

    const server = await sim.plan(plan.pk)
    const items = server.cancellationplanorderitem_set as Array<{ order_item: { pk: number; price: number } }>
    const cents = (list: typeof items) => list.reduce((n, i) => n + Math.round(i.order_item.price * 100), 0) / 100
    const money = (n: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: plan.currency!, currencyDisplay: 'narrowSymbol' }).format(n)

    await openPlan(page, plan.pk)
    await page.getByTestId('payment-plan-open').click()
    const dialog = page.getByTestId('payment-plan-dialog')
    const ticks = dialog.getByTestId('payment-plan-item')
    await expect(ticks).toHaveCount(items.length)
    await expect(dialog.locator('[data-testid="payment-plan-item"].is-checked')).toHaveCount(items.length)
    const total = dialog.getByTestId('payment-plan-total')
    await expect(total).toHaveText(money(cents(items)))
    // No amount to type: it follows the ticks.
    await expect(dialog.locator('input[type="number"], .el-input-number')).toHaveCount(0)
    await ticks.nth(0).click()
    await expect(total).toHaveText(money(cents(items.slice(1))))
    await dialog.getByTestId('payment-plan-all').click()
    await expect(total).toHaveText(money(cents(items)))
    await dialog.getByTestId('payment-plan-all').click()
    await expect(total).toHaveText(money(0))
    await expect(dialog.getByTestId('payment-plan-items')).toContainText('Choose at least one item.')
    await expect(dialog.getByTestId('payment-plan-submit')).toBeDisabled()
    await dialog.getByTestId('payment-plan-all').click()
    // The type: chosen from the server's types, "refund" first.
    await dialog.getByTestId('payment-plan-type').click()
    const typeList = page.locator(`[id="${await dialog.getByTestId('payment-plan-type').locator('[aria-controls]').first().getAttribute('aria-controls')}"]`)
    await expect(typeList.getByRole('option')).toHaveText(['refund', 'exchange'])
    await page.keyboard.press('Escape')
    await expect(dialog.getByTestId('payment-plan-type')).toContainText('refund')
    await animationsDone(page)
    await page.screenshot(shot('trust-payment-plan-dialog'))

    // The server no longer has the first item in this plan (its copy here does not know yet): it refuses with a field error.
    const gone = items[0].order_item.pk
    const changed = (server.cancellationplanorderitem_set as Array<Record<string, unknown>>).map((it, i) =>
      i === 0 ? { ...it, order_item: { ...(it.order_item as Record<string, unknown>), pk: gone + 900_000 } } : it,
    )
    await sim.updatePlan(plan.pk, { cancellationplanorderitem_set: changed, modified_date: server.modified_date })
    await dialog.getByTestId('payment-plan-submit').click()
    const itemsField = dialog.getByTestId('payment-plan-items')
    await expect(itemsField.locator('.el-form-item__error')).toHaveText(`Item ${gone} is no longer an item of this plan on the server.`, { timeout: 30_000 })
    await expect(dialog.getByTestId('payment-plan-submit')).toHaveText('Send the corrected payment plan')
    await animationsDone(page)
    await page.screenshot(shot('trust-payment-plan-field-error'))
    await ticks.nth(0).click()
    await expect(total).toHaveText(money(cents(items.slice(1))))
    await dialog.getByTestId('payment-plan-submit').click()
    await expect(dialog).toBeHidden({ timeout: 30_000 })

    // Exactly the seed's body, once; the refused one was replaced, not left holding the plan.
    const audit = await sim.audit(plan.pk, 'create_payment_plan')
    expect(audit.map((a) => a.body)).toEqual([{ payment_plan: [{ transaction_type: 'refund', order_items: items.slice(1).map((i) => i.order_item.pk) }] }])
    expect((await outboxOf(page, plan.pk)).map((e) => e.state)).toEqual(['applied', 'discarded'])
    // Once the plan is read again, the items of its payment plan are marked, and not ticked at first
    // (the one the server gave the plan since is).
    await expect(page.getByTestId('plan-detail').getByTestId('existing-payment-plan')).toContainText(`refund · ${items.length - 1} item`, { timeout: 20_000 })
    await page.getByTestId('payment-plan-open').click()
    await expect(dialog.getByTestId('payment-plan-item-in-plan')).toHaveCount(items.length - 1)
    await expect(dialog.locator('[data-testid="payment-plan-item"].is-checked')).toHaveCount(1)
    await expect(dialog.locator(`[data-testid="payment-plan-item"][data-order-item="${gone + 900_000}"]`)).toHaveClass(/is-checked/)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(consoleProblems).toEqual([])
  })
})
