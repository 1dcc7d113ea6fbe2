/**
 * The plan detail through the web host, on the real services and the demo simulator: its
 * timeline (a change made on the server and seen by a sync, and a decision made here, in order,
 * with the decision's state in the queue), the order summary, refunds, people and items against
 * the plan's JSON, a payment plan, the other plans of the order, the raw JSON, Turkish, the note
 * on an old cache. Screenshots in light and dark go to test-results/screenshots/detail-*.png.
 */
import { rmSync } from 'node:fs'
import type { Page } from '@playwright/test'
import type { PlanDetail, PlanSummary, SearchResult, TimelineEvent } from '../../preload/contract'
import { codeLabel } from '../../main/domain'
import { changeStatus, ipc, openApp, plansIn, simAdmin } from './desk-fixture'
import { animationsDone, test as base, expect, startApp, type RunningApp } from './webhost-fixture'

const PLANS = 400
const shot = (name: string) => ({ path: `test-results/screenshots/detail-${name}.png` })

type App = RunningApp & { stop: () => Promise<void> }
/** An app of its own: the specs here change plans on the server and decide on them. */
const test = base.extend<object, { desk: App }>({
  desk: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern
    async ({}, use) => {
      const app = await startApp(['--demo', '--demo-plans', String(PLANS)])
      await use(app)
      await app.stop()
      rmSync(app.dataDir, { recursive: true, force: true })
    },
    { scope: 'worker' },
  ],
})

type Json = Record<string, unknown>
/** An amount as a person reading that language expects it, in the plan's currency (TRY, EUR, USD). */
const formatMoney = (amount: number | null, currency: string | null, locale: string) =>
  amount === null ? '—' : new Intl.NumberFormat(locale, { style: 'currency', currency: currency!, currencyDisplay: 'narrowSymbol' }).format(amount)
const o = (v: unknown) => (v ?? {}) as Json

/** The timeline as it is on screen, newest first: each event's kind, state (a change made here) and text (spaces left out: the status tags sit side by side). */
async function timelineOnScreen(page: Page): Promise<Array<{ kind: string; state: string | null; at: string; text: string }>> {
  const events = page.getByTestId('plan-detail').getByTestId('timeline-event')
  return events.evaluateAll((els) =>
    els.map((el) => ({
      kind: el.getAttribute('data-kind') ?? '',
      state: el.getAttribute('data-state'),
      at: el.getAttribute('data-at') ?? '',
      text: (el.querySelector('[data-testid="timeline-what"]')?.textContent ?? '').replace(/\s+/g, ''),
    })),
  )
}

/**
 * Opens a plan's detail by its address (a deep link). Not through the list's search: a short plan
 * number (9) also matches many other plans, so its row may not be on screen.
 */
async function openByLink(page: Page, app: RunningApp, pk: number): Promise<void> {
  await page.goto(`${app.origin}/#/plans/${pk}`)
  await expect(page.getByTestId('plan-detail')).toHaveAttribute('data-pk', String(pk))
}

test.describe.configure({ mode: 'serial', timeout: 120_000 })

test('a plan changed on the server and decided here shows both on its timeline, newest first, with the decision’s state', async ({ page, desk: app, consoleProblems }) => {
  const sim = simAdmin(app)
  await openApp(page, app, `${PLANS} plans`)
  const [plan] = await plansIn(page, ['waiting'])
  await openByLink(page, app, plan.pk)
  const detail = page.getByTestId('plan-detail')
  const events = detail.getByTestId('timeline-event')
  // Nothing has happened to it since this cache met it: its creation alone.
  await expect(events).toHaveCount(1)
  await expect(events.first()).toHaveAttribute('data-kind', 'created')
  await expect(events.first()).toHaveAttribute('data-at', plan.createdDate!)

  // Someone else approves it on the server; a sync brings it in while the plan is open.
  await sim.updatePlan(plan.pk, { status: 'approved' })
  await ipc(page, 'sync:start', {})
  await expect(events).toHaveCount(2)
  await expect(detail.getByTestId('detail-status')).toHaveText('Approved')
  expect(await timelineOnScreen(page)).toMatchObject([
    { kind: 'status', state: null, text: 'Waiting→Approved' },
    { kind: 'created', state: null, text: 'Created' },
  ])
  await expect(events.first()).toContainText('Status changed on the server · by Kerem Aydemir')

  // Decided here while the server is away: the change waits in the queue, newest on the timeline.
  await sim.away()
  await changeStatus(page, 'Completed')
  await expect(events).toHaveCount(3)
  const decided = events.first()
  await expect(decided).toHaveAttribute('data-kind', 'local')
  await expect(decided).toHaveAttribute('data-state', /pending|sending/)
  await expect(decided.getByTestId('timeline-what')).toHaveText('Status → Completed')
  await expect(decided).toContainText('Changed here · by demo')
  await page.screenshot(shot('timeline-waiting'))

  // The server is back: the change goes out by itself, and its line says it applied.
  await sim.back()
  await expect(decided).toHaveAttribute('data-state', 'applied', { timeout: 60_000 })
  await expect(decided.getByTestId('timeline-state')).toHaveText('Applied')
  const screen = await timelineOnScreen(page)
  expect(screen.map((e) => [e.kind, e.state, e.text])).toEqual([
    ['local', 'applied', 'Status→Completed'],
    ['status', null, 'Waiting→Approved'],
    ['created', null, 'Created'],
  ])
  // Newest first, and exactly what main answers.
  const times = screen.map((e) => Date.parse(e.at))
  expect(times).toEqual([...times].sort((a, b) => b - a))
  const answer = await ipc<TimelineEvent[]>(page, 'plans:timeline', { pk: plan.pk })
  expect(answer.map((e) => e.at)).toEqual(screen.map((e) => e.at))
  // The applied change is not counted again as a change on the server once the server's copy comes in.
  await ipc(page, 'sync:start', {})
  await expect(detail.getByTestId('pending-marker')).toHaveCount(0)
  expect((await timelineOnScreen(page)).map((e) => e.kind)).toEqual(['local', 'status', 'created'])

  // The detail with every kind of event, in light and dark.
  await page.screenshot(shot('light'))
  await ipc(page, 'ui:set', { theme: 'dark' })
  await page.reload()
  await expect(page.locator('html')).toHaveClass(/dark/)
  await expect(events).toHaveCount(3)
  await animationsDone(page)
  await page.screenshot(shot('dark'))
  await detail.getByTestId('raw-json-toggle').click()
  await detail.getByTestId('raw-json').scrollIntoViewIfNeeded()
  await page.screenshot(shot('dark-raw'))
  expect(consoleProblems).toEqual([])
})

test('the order summary, refunds, people and items show what the plan’s JSON says; a missing field is a dash', async ({ page, desk: app, consoleProblems }) => {
  await openApp(page, app, `${PLANS} plans`)
  // A plan with most of what the summary shows: tracking number, discount, installments, several items.
  const rows = (await ipc<SearchResult>(page, 'plans:search', { limit: 200, sort: 'pk' })).rows
  const details = await Promise.all(rows.map((r) => ipc<PlanDetail>(page, 'plans:get', { pk: r.pk })))
  const score = (d: PlanDetail) => {
    const order = o(d.server.order)
    return [order.tracking_number, Number(order.discount_amount) > 0, Number(order.installment_count) > 1, (d.server.cancellationplanorderitem_set as unknown[]).length > 1].filter(Boolean).length
  }
  const plan = details.reduce((best, d) => (score(d) > score(best) ? d : best))
  const withoutTracking = details.find((d) => !o(d.server.order).tracking_number)!
  const server = plan.server
  const order = o(server.order)
  const currency = plan.summary.currency
  const money = (v: unknown) => formatMoney(v === null || v === undefined ? null : Number(v), currency, 'en-GB')

  await openByLink(page, app, plan.summary.pk)
  const detail = page.getByTestId('plan-detail')
  const expected: Record<string, string> = {
    'order-number': String(order.number),
    'order-channel': String(o(order.extra_field).channel_name),
    'order-customer': String(order.customer),
    'order-amount': money(order.amount),
    'order-shipping': money(order.shipping_amount),
    'order-discount': money(order.discount_amount),
    'order-payment-option': codeLabel('paymentOption', String(order.payment_option_slug), 'en') ?? String(order.payment_option_slug),
    'order-installments': String(order.installment_count),
    'order-cargo': codeLabel('cargo', String(order.shipping_company), 'en') ?? String(order.shipping_company),
    'order-channel-type': codeLabel('channelType', plan.summary.channelType, 'en') ?? String(plan.summary.channelType),
    'order-tracking': String(order.tracking_number),
    'order-invoice': String(server.invoice_number),
    'refund-amount': money(server.refund_amount),
    'shipping-refund': money(server.shipping_refund_amount),
    'discount-refund': money(server.discount_refund_amount),
    'created-by': `${o(server.created_by).first_name} ${o(server.created_by).last_name}`,
    'last-updated-by': `${o(server.last_updated_by).first_name} ${o(server.last_updated_by).last_name}`,
  }
  for (const [id, value] of Object.entries(expected)) await expect(detail.getByTestId(id), id).toHaveText(value)
  // Names and labels instead of codes, the code on hover.
  await expect(detail.getByTestId('order-payment-option')).toHaveAttribute('title', String(order.payment_option_slug))
  await expect(detail.getByTestId('order-cargo')).toHaveAttribute('title', String(order.shipping_company))
  await expect(detail.getByTestId('order-delivery-type')).not.toHaveText(/_/)
  await expect(detail).not.toContainText('undefined')
  await expect(detail).not.toContainText('NaN')

  const items = server.cancellationplanorderitem_set as Json[]
  const table = detail.getByTestId('plan-items')
  await expect(table.locator('tbody tr')).toHaveCount(items.length)
  for (const [i, item] of items.entries()) {
    const row = table.locator('tbody tr').nth(i)
    const orderItem = o(item.order_item)
    const product = o(orderItem.product)
    const reason = o(item.reason)
    await expect(row.getByTestId('item-name')).toHaveText(String(product.name))
    await expect(row.getByTestId('item-sku')).toHaveText(String(product.sku))
    await expect(row.getByTestId('item-price')).toHaveText(money(orderItem.price))
    await expect(row.getByTestId('item-tax')).toHaveText(`${orderItem.tax_rate}%`)
    await expect(row.getByTestId('item-status')).toHaveAttribute('data-status', String(item.status))
    await expect(row.getByTestId('item-previous-status')).toHaveAttribute('data-status', String(item.order_item_previous_status))
    // The reason in the person's language (the server sends its translations).
    await expect(row.getByTestId('item-reason')).toHaveText(String(o(o(reason.translations).en).subject ?? reason.subject))
  }
  await page.screenshot(shot('summary-light'))

  // In Turkish: the labels, the amounts and the item statuses follow the language.
  await ipc(page, 'settings:update', { language: 'tr' })
  await page.reload()
  await expect(detail).toContainText(`Plan ${plan.summary.pk}`)
  await expect(detail.getByTestId('plan-order')).toContainText('Sipariş numarası')
  await expect(detail.getByTestId('order-amount')).toHaveText(formatMoney(Number(order.amount), currency, 'tr-TR'))
  await expect(detail.getByTestId('plan-timeline')).toContainText('Zaman çizelgesi')
  const first = items[0]
  await expect(table.locator('tbody tr').first().getByTestId('item-reason')).toHaveText(String(o(o(o(first.reason).translations).tr).subject ?? o(first.reason).subject))
  await page.screenshot(shot('summary-tr'))
  await ipc(page, 'settings:update', { language: 'en' })

  // A field the server left out shows a dash.
  await openByLink(page, app, withoutTracking.summary.pk)
  await expect(detail.getByTestId('order-tracking')).toHaveText('—')
  expect(consoleProblems).toEqual([])
})

test('another plan of the same order opens from the detail, and back returns to the first', async ({ page, desk: app, consoleProblems }) => {
  await openApp(page, app, `${PLANS} plans`)
  const rows = (await ipc<SearchResult>(page, 'plans:search', { limit: 400, sort: 'pk' })).rows
  let plan: PlanSummary | undefined
  let related: PlanSummary[] = []
  for (const r of rows) {
    related = await ipc<PlanSummary[]>(page, 'plans:related', { pk: r.pk })
    if (related.length > 0) {
      plan = r
      break
    }
  }
  expect(plan, 'a plan with another plan of its order').toBeDefined()
  const other = related[0]
  expect(other.orderNumber).toBe(plan!.orderNumber)

  await openByLink(page, app, plan!.pk)
  const detail = page.getByTestId('plan-detail')
  const links = detail.getByTestId('related-plan')
  await expect(links).toHaveCount(related.length)
  await expect(links.first()).toHaveAttribute('data-pk', String(other.pk))
  await links.first().getByTestId('related-plan-open').click()
  await expect(page).toHaveURL(new RegExp(`#/plans/${other.pk}$`))
  await expect(detail).toHaveAttribute('data-pk', String(other.pk))
  await expect(detail.getByTestId('order-number')).toHaveText(plan!.orderNumber!)
  // And the first plan is one of this one's related plans.
  await expect(detail.locator(`[data-testid="related-plan"][data-pk="${plan!.pk}"]`)).toBeVisible()
  await page.goBack()
  await expect(page).toHaveURL(new RegExp(`#/plans/${plan!.pk}$`))
  await expect(detail).toHaveAttribute('data-pk', String(plan!.pk))
  expect(consoleProblems).toEqual([])
})

test('the raw JSON is behind a toggle and is the plan exactly as cached', async ({ page, desk: app, consoleProblems }) => {
  await openApp(page, app, `${PLANS} plans`)
  const [plan] = (await ipc<SearchResult>(page, 'plans:search', { limit: 1 })).rows
  await openByLink(page, app, plan.pk)
  const detail = page.getByTestId('plan-detail')
  const toggle = detail.getByTestId('raw-json-toggle')
  await expect(detail.getByTestId('raw-json')).toHaveCount(0)
  await expect(toggle).toHaveText('Show the JSON the server sent')
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const shown = JSON.parse((await detail.getByTestId('raw-json').textContent()) ?? '') as unknown
  expect(shown).toEqual((await ipc<PlanDetail>(page, 'plans:get', { pk: plan.pk })).server)
  await toggle.click()
  await expect(detail.getByTestId('raw-json')).toHaveCount(0)
  expect(consoleProblems).toEqual([])
})

test('the detail says how old the cached copy is once the last sync is over an hour old', async ({ page, desk: app, consoleProblems }) => {
  await openApp(page, app, `${PLANS} plans`)
  const [plan] = (await ipc<SearchResult>(page, 'plans:search', { limit: 1 })).rows
  await openByLink(page, app, plan.pk)
  const detail = page.getByTestId('plan-detail')
  await expect(detail.getByTestId('freshness')).toHaveCount(0)
  // Two hours later by the page's clock, nothing synced meanwhile.
  const { lastSyncAt } = await ipc<{ lastSyncAt: string }>(page, 'sync:state')
  await page.clock.setFixedTime(Date.parse(lastSyncAt) + 2 * 3_600_000)
  await page.reload()
  await expect(detail).toContainText(`Plan ${plan.pk}`)
  await expect(detail.getByTestId('freshness')).toBeVisible()
  await expect(detail.getByTestId('freshness')).toContainText('This is the copy saved here 2 hours ago')
  await page.screenshot(shot('old-cache'))
  expect(consoleProblems).toEqual([])
})

test('a payment plan on the server is shown line by line, with the items it names; screenshots in light and dark', async ({ page, desk: app, consoleProblems }) => {
  await openApp(page, app, `${PLANS} plans`)
  const detail = page.getByTestId('plan-detail')
  const rows = (await ipc<SearchResult>(page, 'plans:search', { statuses: ['completed'], limit: 200, sort: 'pk' })).rows
  let shown = false
  for (const r of rows) {
    const [full, related] = await Promise.all([ipc<PlanDetail>(page, 'plans:get', { pk: r.pk }), ipc<PlanSummary[]>(page, 'plans:related', { pk: r.pk })])
    const lines = o(full.server.payment_plan).payment_plan as Json[] | undefined
    if (related.length === 0 || !Array.isArray(lines)) continue
    const names = new Map((full.server.cancellationplanorderitem_set as Json[]).map((i) => [o(i.order_item).pk, String(o(o(i.order_item).product).name)]))
    for (const theme of ['light', 'dark'] as const) {
      await ipc(page, 'ui:set', { theme })
      await openByLink(page, app, r.pk)
      await page.reload()
      const rowsOnScreen = detail.getByTestId('payment-plan-lines').locator('tbody tr')
      await expect(rowsOnScreen).toHaveCount(lines.length)
      for (const [i, line] of lines.entries()) {
        await expect(rowsOnScreen.nth(i)).toContainText(String(line.transaction_type))
        for (const item of line.order_items as number[]) await expect(rowsOnScreen.nth(i)).toContainText(names.get(item) ?? `#${item}`)
        await expect(rowsOnScreen.nth(i)).toContainText(formatMoney(Number(line.refund_amount), full.summary.currency, 'en-GB'))
      }
      await detail.getByTestId('related-plans').scrollIntoViewIfNeeded()
      await page.screenshot(shot(`payment-plan-${theme}`))
    }
    shown = true
    break
  }
  expect(shown, 'a completed plan with a payment plan and a related plan').toBe(true)
  expect(consoleProblems).toEqual([])
})
