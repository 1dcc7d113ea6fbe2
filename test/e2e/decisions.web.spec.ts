/**
 * Deciding in the app, through the web host on the real services and the demo simulator: status
 * changes and payment plans that wait while the server is away and apply when it is back, a
 * refusal with the server's message (the plan keeps the server's status), conflicts resolved both
 * ways, a change PlanDesk cannot check, a bulk decision on 25 plans, and the warning when leaving
 * while changes wait.
 */
import type { OutboxEntry } from '../../preload/contract'
import {
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
  recordNotices,
  simAdmin,
  test,
} from './desk-fixture'

const shot = (name: string) => ({ path: `test-results/screenshots/${name}.png` })

test.describe('Deciding in the app', () => {
  // A change made offline waits for its backoff after the server is back (exponential, full jitter).
  test.describe.configure({ timeout: 120_000 })
  test('a status change made while the server is away waits, then applies once when it is back', async ({ page, desk, consoleProblems }) => {
    const sim = simAdmin(desk)
    await openApp(page, desk)
    const [plan] = await plansIn(page, ['waiting'])

    await sim.away()
    await page.getByTestId('connection-state').click()
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'unreachable')
    await expect(page.getByTestId('connection-state')).toHaveText('Can’t reach the server')
    await openPlan(page, plan.pk)

    const asked = await changeStatus(page, 'Approved')
    // The confirmation names the plan, its current and its new status.
    expect(asked).toContain(`plan ${plan.pk}`)
    expect(asked).toContain('Waiting')
    expect(asked).toContain('Approved')

    // At once, from the cache: the new status with its "waiting to sync" marker.
    const detail = page.getByTestId('plan-detail')
    await expect(detail.getByTestId('detail-status')).toHaveText('Approved')
    await expect(detail.getByTestId('pending-marker')).toHaveText(/Waiting to sync/)
    await expect(detail.getByTestId('server-status')).toContainText('Waiting')
    await expect(detail.locator('[data-testid="timeline-event"][data-kind="local"]').first()).toHaveAttribute('data-state', /pending|sending/)
    await page.screenshot(shot('detail-pending'))
    await closeDetail(page)

    // The list marks the plan, and "has local changes" finds it.
    const row = page.locator(`[data-testid="plan-row"][data-pk="${plan.pk}"]`)
    await expect(row.getByTestId('local-marker')).toHaveAttribute('data-state', 'pending')
    await page.getByTestId('search-input').fill('')
    await page.getByTestId('local-changes-filter').click()
    await expect(page.getByTestId('result-count')).toHaveText(/^\d+ plans?$/)
    await expect(row).toBeVisible()
    await page.getByTestId('local-changes-filter').click()

    // The header counts it; the badge opens the Changes view.
    const badge = page.getByTestId('outbox-badge')
    await expect(badge).toHaveAttribute('data-waiting', '1')
    await expect(badge).toContainText('1 waiting')
    await badge.click()
    const item = outboxItem(page, plan.pk)
    await expect(item).toHaveAttribute('data-state', 'pending')
    await expect(item.getByTestId('outbox-asked')).toHaveText('Status → Approved')
    // It has tried and says why it waits, in words.
    await expect(item).toContainText('Can’t reach the server')
    await expect(item.getByTestId('outbox-retry')).toBeVisible()
    await page.screenshot(shot('changes-waiting'))

    // The server comes back: the change goes out by itself and shows applied.
    await sim.back()
    await expect(item).toHaveAttribute('data-state', 'applied', { timeout: 60_000 })
    await expect(item).toContainText('Applied')
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
    await expect(badge).toHaveAttribute('data-open', '0')
    await expect(badge).toContainText('all sent')
    await page.screenshot(shot('changes-applied'))

    // Exactly once on the server, by the person who decided.
    const audit = await sim.audit(plan.pk, 'update_status')
    expect(audit).toHaveLength(1)
    expect(audit[0].body).toEqual({ status: 'approved' })
    expect((await sim.plan(plan.pk)).status).toBe('approved')
    await item.getByTestId('outbox-plan').click()
    await expect(page.getByTestId('plan-detail').getByTestId('detail-status')).toHaveText('Approved')
    await expect(page.getByTestId('plan-detail').getByTestId('pending-marker')).toHaveCount(0)
    expect(consoleProblems).toEqual([])
  })

  test('“Send now” tries at once; while the server is away it says why the change did not go out and when it is tried again', async ({ page, desk, consoleProblems }) => {
    const sim = simAdmin(desk)
    await openApp(page, desk)
    const [plan] = await plansIn(page, ['waiting'])
    await sim.away()
    await openPlan(page, plan.pk)
    await changeStatus(page, 'Approved')
    await closeDetail(page)
    await page.getByTestId('outbox-badge').click()
    const item = outboxItem(page, plan.pk)
    await expect(item).toHaveAttribute('data-state', 'pending')
    await page.getByTestId('outbox-push').click()
    await expect(page.locator('.el-message--warning')).toContainText(/^Not sent yet: .*The next automatic try is (in|when)/)
    // Back: one more “Send now” sends it, whatever its backoff says.
    await backOnline(page, sim)
    await page.getByTestId('outbox-push').click()
    await expect(item).toHaveAttribute('data-state', 'applied')
    expect(await sim.audit(plan.pk, 'update_status')).toHaveLength(1)
    expect(consoleProblems).toEqual([])
  })

  test('a refused transition shows the server’s message in the Changes view, then is discarded', async ({ page, desk, consoleProblems }) => {
    await openApp(page, desk)
    const [plan] = await plansIn(page, ['completed'])
    await openPlan(page, plan.pk)
    await changeStatus(page, 'Approved')
    // Sent at once (online) and refused: the detail says so, and shows what the server holds.
    await expect(page.getByTestId('plan-detail').getByTestId('pending-marker')).toHaveAttribute('data-state', 'failed', { timeout: 20_000 })
    await expect(page.getByTestId('plan-detail').getByTestId('pending-marker')).toHaveText(/Refused by the server/)
    await expect(page.getByTestId('plan-detail').getByTestId('detail-status')).toHaveText('Completed')
    await page.getByTestId('plan-changes-open').click()

    const item = outboxItem(page, plan.pk)
    await expect(item).toHaveAttribute('data-state', 'failed')
    await expect(page.getByTestId('outbox-badge')).toHaveAttribute('data-failed', '1')
    const refusal = item.getByTestId('outbox-refusal')
    await expect(refusal).toContainText('The server refused this change')
    await expect(refusal.getByTestId('message-text')).toHaveText('The plan is already “Completed”, a final status: it cannot be changed any more.')
    // The server's own words stay one click away.
    await refusal.getByTestId('message-details-toggle').click()
    await expect(refusal.getByTestId('message-details')).toHaveText('Cancellation plan in final status "completed" cannot be changed.')
    await page.screenshot(shot('changes-failed'))

    // Retrying sends it again and the server refuses again.
    const [refused] = await outboxOf(page, plan.pk)
    await item.getByTestId('outbox-retry').click()
    await expect.poll(async () => (await outboxOf(page, plan.pk))[0].attempts).toBe(refused.attempts + 1)
    await expect.poll(async () => (await outboxOf(page, plan.pk))[0].state).toBe('failed')
    await expect(item).toHaveAttribute('data-state', 'failed')
    // Discarding gives the plan back its server value.
    await item.getByTestId('outbox-discard').click()
    await page.locator('.el-popconfirm:visible').getByRole('button', { name: 'Discard' }).click()
    await expect(item).toHaveAttribute('data-state', 'discarded')
    await expect(item).toContainText('Discarded by')
    await expect(page.getByTestId('outbox-badge')).toHaveAttribute('data-failed', '0')
    await page.getByTestId('nav-plans').click()
    await expect(page.locator(`[data-testid="plan-row"][data-pk="${plan.pk}"]`)).toContainText('Completed')
    await expect(page.locator(`[data-testid="plan-row"][data-pk="${plan.pk}"]`).getByTestId('local-marker')).toHaveCount(0)
    expect(consoleProblems).toEqual([])
  })

  test('a conflict with someone else’s change is resolved both ways', async ({ page, desk, consoleProblems }) => {
    const sim = simAdmin(desk)
    await openApp(page, desk)
    const [a, b] = await plansIn(page, ['waiting'])

    // Decided here while the server is away; meanwhile someone else moves plan A on the server
    // (so no sync can bring their change into this cache before the decision is made).
    await openPlan(page, a.pk)
    await sim.away()
    await changeStatus(page, 'Approved')
    await sim.updatePlan(a.pk, { status: 'waiting_supplier' })
    await backOnline(page, sim)
    await expect(page.getByTestId('plan-detail').getByTestId('pending-marker')).toHaveAttribute('data-state', 'conflict', { timeout: 20_000 })
    await closeDetail(page)
    await expect(page.locator(`[data-testid="plan-row"][data-pk="${a.pk}"]`).getByTestId('local-marker')).toHaveAttribute('data-state', 'conflict')

    await page.getByTestId('outbox-badge').click()
    const itemA = outboxItem(page, a.pk)
    await expect(itemA).toHaveAttribute('data-state', 'conflict')
    // The server's current value beside the person's intended change.
    const compare = itemA.getByTestId('conflict-compare')
    await expect(compare.getByTestId('conflict-server-status')).toHaveText('Waiting for supplier')
    await expect(compare.getByTestId('conflict-mine-status')).toHaveText('Approved')
    await expect(itemA.getByTestId('conflict-who')).toContainText('Kerem Aydemir changed this plan on the server')
    await expect(page.getByTestId('outbox-badge')).toContainText('1 conflict')
    await page.screenshot(shot('conflict'))

    // "Apply mine anyway" (confirmed): sent on the server's current state, applied.
    await itemA.getByTestId('conflict-mine').click()
    await page.getByTestId('confirm-dialog').filter({ visible: true }).getByTestId('confirm-ok').click()
    await expect(itemA).toHaveAttribute('data-state', 'applied', { timeout: 20_000 })
    expect((await sim.plan(a.pk)).status).toBe('approved')
    expect(await sim.audit(a.pk, 'update_status')).toHaveLength(1)

    // Plan B: someone else rejects it; the person keeps theirs.
    await openPlan(page, b.pk)
    await sim.away()
    await changeStatus(page, 'Approved')
    await sim.updatePlan(b.pk, { status: 'rejected' })
    await backOnline(page, sim)
    await expect(page.getByTestId('plan-detail').getByTestId('pending-marker')).toHaveAttribute('data-state', 'conflict', { timeout: 20_000 })
    await page.getByTestId('plan-changes-open').click()
    const itemB = outboxItem(page, b.pk)
    await expect(itemB.getByTestId('conflict-server-status')).toHaveText('Rejected')
    await itemB.getByTestId('conflict-theirs').click()
    await expect(itemB).toHaveAttribute('data-state', 'discarded')
    await expect(itemB).toContainText('the server’s version was kept')
    expect(await sim.audit(b.pk, 'update_status')).toHaveLength(0)
    // The plan shows the server's version (pulled again after "discard mine").
    await page.getByTestId('nav-plans').click()
    await page.getByTestId('search-input').fill(String(b.pk))
    await expect(page.locator(`[data-testid="plan-row"][data-pk="${b.pk}"]`)).toContainText('Rejected', { timeout: 20_000 })
    expect(consoleProblems).toEqual([])
  })

  test('a payment plan created while the server is away is applied when it is back', async ({ page, desk, consoleProblems }) => {
    const sim = simAdmin(desk)
    await openApp(page, desk)
    const [plan] = await plansIn(page, ['waiting', 'approved'])
    await openPlan(page, plan.pk)
    await sim.away()

    await page.getByTestId('payment-plan-open').click()
    const dialog = page.getByTestId('payment-plan-dialog')
    await expect(dialog).toBeVisible()
    // Every item preselected (none is in a payment plan yet), "refund" chosen, the refund of the ticked items shown (no amount to type).
    const items = dialog.getByTestId('payment-plan-item')
    const count = await items.count()
    expect(count).toBeGreaterThan(0)
    await expect(dialog.locator('[data-testid="payment-plan-item"].is-checked')).toHaveCount(count)
    await expect(dialog.getByTestId('payment-plan-type')).toContainText('refund')
    const server = await sim.plan(plan.pk)
    const itemsTotal = (server.cancellationplanorderitem_set as Array<{ order_item: { price: number } }>).reduce((n, i) => n + Math.round(i.order_item.price * 100), 0) / 100
    await expect(dialog.getByTestId('payment-plan-total')).toHaveAttribute('data-amount', String(itemsTotal))
    await page.screenshot(shot('payment-plan-dialog'))
    await dialog.getByTestId('payment-plan-submit').click()
    await expect(dialog).toBeHidden()

    await expect(page.getByTestId('plan-detail').getByTestId('pending-marker')).toHaveText(/Waiting to sync/)
    await page.getByTestId('plan-changes-open').click()
    const item = outboxItem(page, plan.pk)
    await expect(item).toHaveAttribute('data-state', 'pending')
    await expect(item.getByTestId('outbox-asked')).toContainText(`Payment plan: refund · ${count} item`)
    await sim.back()
    await expect(item).toHaveAttribute('data-state', 'applied', { timeout: 60_000 })

    const audit = await sim.audit(plan.pk, 'create_payment_plan')
    expect(audit).toHaveLength(1)
    // Exactly the seed's body: the type and the items, no amount (the server works it out).
    const body = audit[0].body as { payment_plan: Array<Record<string, unknown>> }
    expect(body.payment_plan).toHaveLength(1)
    expect(Object.keys(body.payment_plan[0]).sort()).toEqual(['order_items', 'transaction_type'])
    expect(body.payment_plan[0].transaction_type).toBe('refund')
    expect(body.payment_plan[0].order_items).toHaveLength(count)
    // The plan shows the server's payment plan once it is back in the cache.
    await item.getByTestId('outbox-plan').click()
    await expect(page.getByTestId('plan-detail').getByTestId('existing-payment-plan')).toContainText(`refund · ${count} item`, { timeout: 20_000 })
    expect(consoleProblems).toEqual([])
  })

  test('a change PlanDesk cannot check waits for the person, who marks it as done', async ({ page, desk, consoleProblems }) => {
    const sim = simAdmin(desk)
    await openApp(page, desk)
    const [plan] = await plansIn(page, ['waiting'])
    // The server starts sending this plan in a shape PlanDesk cannot read.
    await sim.updatePlan(plan.pk, { plan_type: 5 }, { offSpec: true })
    await openPlan(page, plan.pk)
    await changeStatus(page, 'Approved')
    await expect(page.getByTestId('plan-detail').getByTestId('pending-marker')).toHaveAttribute('data-state', 'needs_checking', { timeout: 20_000 })
    await page.getByTestId('plan-changes-open').click()
    const item = outboxItem(page, plan.pk)
    await expect(item).toHaveAttribute('data-state', 'needs_checking')
    await expect(item).toContainText('cannot tell whether the change is needed')
    await expect(item).toContainText('Check the plan in Omnitron')
    await expect(page.getByTestId('outbox-badge')).toContainText('1 to check')
    await page.screenshot(shot('changes-needs-checking'))
    // "Send again": checked again, still undecidable, so it waits for the person again (never sent blind).
    const before = (await outboxOf(page, plan.pk))[0].updatedAt
    await item.getByTestId('needs-checking-again').click()
    await expect.poll(async () => (await outboxOf(page, plan.pk))[0].updatedAt).not.toBe(before)
    await expect(item).toHaveAttribute('data-state', 'needs_checking')
    await expect(page.locator('.el-message--error')).toHaveCount(0)
    await item.getByTestId('needs-checking-done').click()
    await expect(item).toHaveAttribute('data-state', 'applied')
    await expect(item).toContainText('Marked as done by')
    // Nothing was sent.
    expect(await sim.audit(plan.pk, 'update_status')).toHaveLength(0)
    await sim.updatePlan(plan.pk, { plan_type: plan.planType })
    expect(consoleProblems).toEqual([])
  })

  test('a bulk decision on 25 plans queues 25 entries, and "all matching" names every plan', async ({ page, desk, consoleProblems }) => {
    const sim = simAdmin(desk)
    await openApp(page, desk)
    await choose(page, page.getByTestId('status-filter'), 'Waiting')
    await page.keyboard.press('Escape')
    const waiting = await plansIn(page, ['waiting'], 200)
    expect(waiting.length).toBeGreaterThanOrEqual(25)
    await expect(page.getByTestId('result-count')).toHaveText(`${waiting.length} plans`)
    const chosen = waiting.slice(0, 25).map((p) => p.pk)

    // Check the first row, scroll, shift-click the 25th: a range.
    await page.locator(`[data-testid="bulk-select"][data-pk="${chosen[0]}"]`).click()
    // Scrolled at once (a wheel scroll goes on after Playwright moves on, and the rows it passes
    // are reused for other plans), then clicked once the rows for the new place are drawn.
    await page.getByRole('grid').evaluate((el) => (el.scrollTop += 700))
    await expect(page.getByRole('grid')).toHaveAttribute('aria-busy', 'false')
    const last = page.locator(`[data-testid="bulk-select"][data-pk="${chosen[24]}"]`)
    await expect(last).toBeVisible()
    await last.click({ modifiers: ['Shift'] })
    await expect(page.getByTestId('bulk-count')).toHaveText('25 plans selected')

    const lastIdBefore = (await ipc<{ entries: OutboxEntry[] }>(page, 'outbox:list', { limit: 1 })).entries[0]?.id ?? 0
    await choose(page, page.getByTestId('bulk-status-select'), 'Approved')
    await page.getByTestId('bulk-apply').click()
    const dialog = page.getByTestId('confirm-dialog').filter({ visible: true })
    await expect(dialog.getByTestId('bulk-breakdown-row')).toHaveCount(1)
    await expect(dialog.getByTestId('bulk-breakdown-row')).toHaveAttribute('data-count', '25')
    await expect(dialog.getByTestId('bulk-confirm-text')).toHaveText('These 25 plans will change to “Approved”:')
    const listed = dialog.getByTestId('bulk-confirm-pks')
    await expect(listed).toHaveAttribute('data-count', '25')
    expect((await listed.locator('.pk').allTextContents()).map(Number)).toEqual(chosen)
    await page.screenshot(shot('bulk-confirm'))
    // The note shows for a few seconds: looked for from the click on, not after other checks.
    const notices = await recordNotices(page)
    await dialog.getByTestId('confirm-ok').click()
    await expect.poll(notices).toContain('25 changes saved, waiting to sync.')
    await expect(dialog).toBeHidden()

    // One new entry per plan, each applied once.
    const fresh = async () => (await Promise.all(chosen.map((pk) => outboxOf(page, pk)))).map((list) => list.filter((e) => e.id > lastIdBefore))
    const entries = await fresh()
    expect(entries.map((list) => list.length)).toEqual(chosen.map(() => 1))
    expect(entries.every(([e]) => e.kind === 'status' && e.targetStatus === 'approved')).toBe(true)
    await expect.poll(async () => (await fresh()).filter(([e]) => e.state === 'applied').length, { timeout: 45_000 }).toBe(25)
    for (const pk of chosen) expect(await sim.audit(pk, 'update_status')).toHaveLength(1)

    // A plan already in the target status is left out, and said so; the others are queued all the same.
    const [other] = (await plansIn(page, ['waiting'], 200)).filter((p) => !chosen.includes(p.pk))
    await page.getByRole('button', { name: 'Clear filters' }).click()
    for (const pk of [chosen[0], other.pk]) {
      await page.getByTestId('search-input').fill(String(pk))
      await page.locator(`[data-testid="bulk-select"][data-pk="${pk}"]`).click()
    }
    await expect(page.getByTestId('bulk-count')).toHaveText('2 plans selected')
    await choose(page, page.getByTestId('bulk-status-select'), 'Approved')
    await page.getByTestId('bulk-apply').click()
    const two = page.getByTestId('confirm-dialog').filter({ visible: true })
    await expect(two.getByTestId('bulk-already')).toHaveText('1 plan is already “Approved”: left out.')
    await expect(two.getByTestId('bulk-confirm-pks')).toHaveAttribute('data-count', '1')
    await expect(two.getByTestId('bulk-confirm-pks').locator('.pk')).toHaveText([String(other.pk)])
    await page.screenshot(shot('bulk-left-out'))
    const noticesNow = await recordNotices(page)
    await two.getByTestId('confirm-ok').click()
    await expect.poll(noticesNow).toContain('1 change saved, waiting to sync.')
    await expect(two).toBeHidden()
    expect((await outboxOf(page, chosen[0])).filter((e) => e.id > lastIdBefore)).toHaveLength(1)
    await page.getByTestId('search-input').fill('')
    await page.getByTestId('outbox-badge').click()
    await expect(page.locator('[data-testid="outbox-item"][data-state="applied"]')).not.toHaveCount(0)
    await page.getByTestId('outbox-filter').locator('[data-view="applied"]').click()
    await page.screenshot(shot('changes-bulk-applied'))

    // "All N matching this search": the confirmation lists every matching plan (then cancel).
    await page.getByTestId('nav-plans').click()
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await choose(page, page.getByTestId('status-filter'), 'Waiting for confirmation')
    await page.keyboard.press('Escape')
    const matching = await plansIn(page, ['confirmation_waiting'], 1000)
    await expect(page.getByTestId('result-count')).toHaveText(new RegExp(`^${matching.length} plans?$`))
    await page.getByTestId('plan-row').first().getByTestId('bulk-select').click()
    if (matching.length > 1) await page.getByTestId('bulk-select-matching').click()
    await expect(page.getByTestId('bulk-count')).toHaveText(new RegExp(`^${matching.length} plans? selected$`))
    await choose(page, page.getByTestId('bulk-status-select'), 'Cancelled')
    await page.getByTestId('bulk-apply').click()
    const all = page.getByTestId('confirm-dialog').filter({ visible: true })
    await expect(all.getByTestId('bulk-confirm-pks')).toHaveAttribute('data-count', String(matching.length))
    if (matching.length > 100) await expect(all.getByTestId('bulk-type-count')).toBeVisible()
    expect((await all.getByTestId('bulk-confirm-pks').locator('.pk').allTextContents()).map(Number).sort()).toEqual(matching.map((p) => p.pk).sort())
    await all.getByTestId('confirm-cancel').click()
    await expect(all).toBeHidden()
    expect(consoleProblems).toEqual([])
  })

  test('leaving while changes wait warns first; with nothing waiting it does not', async ({ page, desk }) => {
    const sim = simAdmin(desk)
    await openApp(page, desk)
    const [plan] = await plansIn(page, ['waiting'])
    await openPlan(page, plan.pk)
    await sim.away()
    await changeStatus(page, 'Rejected')
    await expect(page.getByTestId('outbox-badge')).toHaveAttribute('data-waiting', '1')

    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.type())
      void d.dismiss()
    })
    await page.close({ runBeforeUnload: true })
    await expect.poll(() => dialogs).toEqual(['beforeunload'])
    expect(page.isClosed()).toBe(false)

    // Sent once the server is back; then leaving asks nothing.
    await sim.back()
    await expect(page.getByTestId('outbox-badge')).toHaveAttribute('data-open', '0', { timeout: 60_000 })
    const entries: OutboxEntry[] = await outboxOf(page, plan.pk)
    expect(entries[0].state).toBe('applied')
    await page.close({ runBeforeUnload: true })
    await expect.poll(() => page.isClosed()).toBe(true)
    expect(dialogs).toEqual(['beforeunload'])
  })

  test('a server that answers with errors is named “Server error”, not offline', async ({ page, desk, consoleProblems }) => {
    await openApp(page, desk)
    const faults = (body: object) =>
      fetch(`${desk.simAdmin.url}faults`, {
        method: 'POST',
        headers: { 'X-Simulator-Secret': desk.simAdmin.secret, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
    const state = page.getByTestId('connection-state')
    await expect(state).toHaveAttribute('data-state', 'online')
    expect((await faults({ failRate: 1 })).ok).toBe(true)
    try {
      await expect
        .poll(
          async () => {
            await state.click()
            return state.getAttribute('data-state')
          },
          { timeout: 30_000, intervals: [1000] },
        )
        .toBe('server-error')
      await expect(state).toHaveText('Server error')
      await expect(page.getByTestId('connection-hint')).toContainText('The server has a problem')
      await page.screenshot(shot('server-error'))
    } finally {
      await faults({ failRate: 0 })
    }
    await expect.poll(async () => {
      await state.click()
      return state.getAttribute('data-state')
    }, { timeout: 30_000, intervals: [1000] }).toBe('online')
    expect(consoleProblems).toEqual([])
  })

  test('the plan list’s connection and sync controls carry their test ids', async ({ page, desk }) => {
    await openApp(page, desk)
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
    await expect(page.getByTestId('sync-now')).toBeVisible()
    await expect(page.getByTestId('last-synced')).toHaveText(/Synced/)
    await expect(page.getByTestId('demo-banner')).toBeVisible()
    await expect(page.getByTestId('plan-row').first()).toHaveAttribute('data-pk', /^\d+$/)
    await ipc(page, 'outbox:summary')
  })
})
