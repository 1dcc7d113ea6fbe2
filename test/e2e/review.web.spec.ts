/**
 * A day of review at the keyboard, in names instead of codes, through the web host on an app of
 * its own: decisions in a row that each move on to the next plan, a click that opens a plan,
 * channels by name, Turkish that fits 1280×800 (checked by script, light and dark), the Changes
 * view with a change in every state passing axe, a list as long as its count from the start, a
 * header that keeps its place, and notices that follow their changes.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import type { OutboxEntry, OutboxState, PlanFacets, SearchResult } from '../../preload/contract'
import { choose, ipc, outboxOf, plansIn, simAdmin } from './desk-fixture'
import { animationsDone, test as base, expect, resetWorkspace, startApp, type RunningApp } from './webhost-fixture'

const PLANS = 1200
const shot = (name: string) => ({ path: `test-results/screenshots/review-${name}.png` })

const test = base.extend<object, { review: RunningApp & { stop: () => Promise<void> } }>({
  review: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern
    async ({}, use) => {
      const app = await startApp(['--demo', '--demo-plans', String(PLANS)])
      // The first sync done before any test changes the settings (a new language starts a new session).
      const secret = new URL(app.url).searchParams.get('secret') ?? ''
      await expect
        .poll(
          async () => {
            const res = await fetch(`${app.origin}/ipc/sync:state`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-PlanDesk-Secret': secret }, body: '' })
            return ((await res.json()) as { value?: { lastSyncAt: string | null } }).value?.lastSyncAt ?? null
          },
          { timeout: 60_000 },
        )
        .not.toBeNull()
      await use(app)
      await app.stop()
    },
    { scope: 'worker' },
  ],
})

async function open(page: Page, app: RunningApp, opts: { lang?: 'en' | 'tr'; theme?: 'light' | 'dark' } = {}): Promise<void> {
  await resetWorkspace(app)
  const secret = new URL(app.url).searchParams.get('secret') ?? ''
  const post = (channel: string, body: unknown) =>
    fetch(`${app.origin}/ipc/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-PlanDesk-Secret': secret }, body: JSON.stringify(body) })
  await post('settings:update', { language: opts.lang ?? 'en' })
  await post('ui:set', { theme: opts.theme ?? 'light' })
  await page.goto(app.url)
  await expect(page.getByTestId('result-count')).toHaveText(opts.lang === 'tr' ? `${PLANS.toLocaleString('tr-TR')} plan` : `${PLANS.toLocaleString('en-GB')} plans`, { timeout: 60_000 })
}

/**
 * Every text of the given parts that does not fit: cut by a box that clips it (an ellipsis
 * included: the text is laid out in full and only painted shorter), broken over two lines, or an
 * empty field's placeholder longer than the field; and every row of controls that wrapped.
 */
async function misfits(page: Page, parts: string[], rows: string[]): Promise<string[]> {
  // A string, so this file needs no DOM types (it is compiled for Node).
  return (await page.evaluate(`(() => {
    const parts = ${JSON.stringify(parts)}, rows = ${JSON.stringify(rows)}, out = []
    const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + (el.textContent || el.placeholder || '').trim().slice(0, 40) + '"'
    const clips = (el) => ['hidden', 'clip', 'auto', 'scroll'].includes(getComputedStyle(el).overflowX)
    const canvas = document.createElement('canvas').getContext('2d')
    for (const sel of parts) for (const root of document.querySelectorAll(sel)) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue
        if (el.tagName === 'INPUT' && el.placeholder && !el.value) {
          const cs = getComputedStyle(el)
          canvas.font = cs.font
          const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
          if (canvas.measureText(el.placeholder).width > room + 1) out.push('placeholder cut: ' + name(el))
        }
        for (const t of [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim())) {
          const range = document.createRange()
          range.selectNodeContents(t)
          const rects = [...range.getClientRects()].filter((r) => r.width > 0)
          if (new Set(rects.map((r) => Math.round(r.top))).size > 1) out.push('wrapped: ' + name(el))
          const box = range.getBoundingClientRect()
          for (let a = el; a && a !== document.body; a = a.parentElement) {
            if (!clips(a)) continue
            const r = a.getBoundingClientRect()
            if (box.right > r.right + 1 || box.left < r.left - 1) {
              out.push('cut: ' + name(el) + ' by ' + name(a).slice(0, 40))
              break
            }
          }
        }
      }
    }
    for (const sel of rows) for (const row of document.querySelectorAll(sel)) {
      const tops = new Set([...row.children].filter((c) => c.getClientRects().length).map((c) => { const r = c.getBoundingClientRect(); return Math.round((r.top + r.bottom) / 2 / 8) }))
      if (tops.size > 1) out.push('row wrapped: ' + name(row))
    }
    return out
  })()`)) as string[]
}

test.describe('Review all day at the keyboard', () => {
  test.describe.configure({ timeout: 600_000 })

  test('five decisions in a row at the keyboard, a then Enter at once, each followed by the next plan of the list; a click opens a plan', async ({ page, review, consoleProblems }) => {
    // With motion: Enter pressed while the confirmation is still zooming in must not be lost.
    await page.emulateMedia({ reducedMotion: 'no-preference' })
    await open(page, review)
    await choose(page, page.getByTestId('status-filter'), 'Waiting')
    await page.keyboard.press('Escape')
    const list = (await ipc<SearchResult>(page, 'plans:search', { statuses: ['waiting'], sort: '-modified_date', limit: 20 })).rows
    await expect(page.locator('[data-testid="plan-row"]').nth(3)).toHaveAttribute('data-pk', String(list[3].pk))

    // One click on the fourth row opens it (no double-click, no Enter).
    await page.locator('[data-testid="plan-row"]').nth(3).click()
    const detail = page.getByTestId('plan-detail')
    await expect(detail).toHaveAttribute('data-pk', String(list[3].pk))
    await expect(page).toHaveURL(new RegExp(`#/plans/${list[3].pk}$`))

    for (let i = 3; i < 8; i++) {
      await expect(detail).toHaveAttribute('data-pk', String(list[i].pk))
      // No wait between the two keys: the confirmation takes Enter before it has finished appearing.
      await page.keyboard.press('a')
      await page.keyboard.press('Enter')
      // The plan that followed it in the list as it stood, although the decided plan leaves the "Waiting" list.
      await expect(detail).toHaveAttribute('data-pk', String(list[i + 1].pk))
      await expect(page).toHaveURL(new RegExp(`#/plans/${list[i + 1].pk}$`))
      await expect(page.getByTestId('confirm-dialog').filter({ visible: true })).toHaveCount(0)
    }
    // Five changes queued, one for each plan, and none for the plan now open.
    for (const plan of list.slice(3, 8)) expect((await outboxOf(page, plan.pk)).map((e) => e.targetStatus)).toEqual(['approved'])
    expect(await outboxOf(page, list[8].pk)).toEqual([])
    await page.screenshot(shot('after-five'))

    // j goes on from there; the help says a click opens a plan.
    await page.keyboard.press('j')
    await expect(detail).toHaveAttribute('data-pk', String(list[9].pk))
    await page.keyboard.press('Escape')
    await page.keyboard.press('?')
    await expect(page.getByTestId('shortcut-help').locator('tr[data-action="clickOpen"]')).toContainText('Open the plan')
    await page.keyboard.press('Escape')
    expect(consoleProblems).toEqual([])
  })

  test('the channel filter shows names; the detail shows labels with the code on hover', async ({ page, review, consoleProblems }) => {
    await open(page, review)
    const facets = await ipc<PlanFacets>(page, 'plans:facets')
    const named = facets.channels.filter((c) => c.name)
    expect(named.length).toBeGreaterThan(3)
    await page.getByTestId('more-filters').click()
    const select = page.getByTestId('filter-channel')
    await select.click()
    const listId = await select.locator('[aria-controls]').first().getAttribute('aria-controls')
    const options = page.locator(`[id="${listId}"]`).getByRole('option')
    await expect(options).toHaveCount(facets.channels.length)
    // Each option is the channel's name and its count, never its bare number.
    for (const [i, c] of facets.channels.entries()) await expect(options.nth(i)).toHaveText(`${c.name ?? `Channel ${c.id}`} ${c.count.toLocaleString('en-GB')}`)
    await page.screenshot(shot('channels'))
    const channel = named[1]
    await options.nth(facets.channels.indexOf(channel)).click()
    await page.keyboard.press('Escape')
    await expect(page.locator('[data-testid="filter-chip"][data-filter="channelIds"]')).toContainText(channel.name!)
    await expect(page.getByTestId('result-count')).toHaveText(`${channel.count.toLocaleString('en-GB')} plans`)
    expect(consoleProblems).toEqual([])
  })

  const layouts = [
    { lang: 'tr', width: 1280, height: 800, theme: 'light' },
    { lang: 'tr', width: 1280, height: 800, theme: 'dark' },
    { lang: 'en', width: 1280, height: 800, theme: 'light' },
    { lang: 'tr', width: 1440, height: 900, theme: 'dark' },
    { lang: 'en', width: 1440, height: 900, theme: 'dark' },
  ] as const
  for (const { lang, width, height, theme } of layouts) {
    test(`${lang === 'tr' ? 'Turkish' : 'English'} at ${width}×${height} fits, ${theme}: no text cut or wrapped in the header, the toolbar or the table header`, async ({ page, review, consoleProblems }) => {
      await page.setViewportSize({ width, height })
      await open(page, review, { lang, theme })
      const parts = ['.header', '.filters-wrap', '.head-row', '.views .head']
      const rows = ['.header .right', '.header .nav', '.filters-wrap .filters']
      expect(await misfits(page, parts, rows)).toEqual([])
      // With the filter panel open, and with a bulk selection whose count is written the Turkish way.
      await page.getByTestId('more-filters').click()
      await page.getByTestId('bulk-select-loaded').click()
      await page.getByTestId('bulk-select-matching').click()
      await expect(page.getByTestId('bulk-count')).toHaveText(lang === 'tr' ? `${PLANS.toLocaleString('tr-TR')} plan seçildi` : `${PLANS.toLocaleString('en-GB')} plans selected`)
      expect(await misfits(page, [...parts, '.bulk-bar', '[data-testid="filter-panel"]'], rows)).toEqual([])
      // The calendar's weeks start on Monday in Turkish (Sunday in Element Plus's English).
      await page.getByTestId('filter-created').getByRole('combobox').first().click()
      await expect(page.locator('.el-picker-panel:visible .el-date-table th').first()).toHaveText(lang === 'tr' ? 'Pzt' : 'Sun')
      await page.keyboard.press('Escape')
      await page.screenshot(shot(`${lang}-${width}-${theme}`))
      // The Changes view's tabs and the overview's header too.
      await page.getByTestId('bulk-clear').click()
      await page.getByTestId('nav-changes').click()
      expect(await misfits(page, ['.header', '.changes-view .toolbar'], ['.header .right', '.changes-view .toolbar'])).toEqual([])
      await page.screenshot(shot(`${lang}-${width}-changes-${theme}`))
      expect(consoleProblems).toEqual([])
    })
  }

  test('the list is as long as its count from the start: the scroll bar dragged to the end shows the last plans', async ({ page, review, consoleProblems }) => {
    await open(page, review)
    const grid = page.getByRole('grid')
    // Before any scrolling, the scroll height is every plan's row (40 px each), not the first page's.
    const height = await grid.evaluate((el) => el.scrollHeight)
    expect(height).toBeGreaterThanOrEqual(PLANS * 40)
    const last = (await ipc<SearchResult>(page, 'plans:search', { sort: '-modified_date', offset: PLANS - 1, limit: 1 })).rows[0]
    await grid.evaluate((el) => {
      el.scrollTop = el.scrollHeight
    })
    const lastRow = page.locator(`[data-testid="plan-row"][aria-rowindex="${PLANS + 1}"]`)
    await expect(lastRow).toBeVisible()
    await expect(lastRow).toHaveAttribute('data-pk', String(last.pk))
    // Only the pages in view were fetched: the places between are still empty, and few rows are drawn.
    expect(await page.locator('[data-testid="plan-row"]').count()).toBeLessThan(60)
    await page.screenshot(shot('list-end'))
    expect(consoleProblems).toEqual([])
  })

  test('the header keeps its place when the connection text changes', async ({ page, review, consoleProblems }) => {
    await open(page, review)
    const boxes = () =>
      Promise.all(['nav-overview', 'sync-now', 'outbox-badge', 'connection-state', 'open-settings'].map((id) => page.getByTestId(id).boundingBox()))
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
    const before = await boxes()
    const sim = simAdmin(review)
    await sim.away()
    await page.getByTestId('connection-state').click()
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'unreachable', { timeout: 20_000 })
    const after = await boxes()
    expect(after.map((b) => [b?.x, b?.width])).toEqual(before.map((b) => [b?.x, b?.width]))
    await page.screenshot(shot('header-offline'))
    await sim.back()
    await page.getByTestId('connection-state').click()
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online', { timeout: 30_000 })
    expect((await boxes()).map((b) => [b?.x, b?.width])).toEqual(before.map((b) => [b?.x, b?.width]))
    expect(consoleProblems.filter((p) => !/Failed to load resource/.test(p))).toEqual([])
  })

  test('notices stay clear of the header and the plan’s tags, confirmations keep their words while closing, and a refused change says so', async ({ page, review, consoleProblems }) => {
    // With motion: the confirmation's words are watched while it fades out.
    await page.emulateMedia({ reducedMotion: 'no-preference' })
    await open(page, review)
    const [plan] = await plansIn(page, ['completed'])
    await page.goto(`${review.url}#/plans/${plan.pk}`)
    const detail = page.getByTestId('plan-detail')
    await expect(detail).toHaveAttribute('data-pk', String(plan.pk))
    await choose(page, detail.getByTestId('status-select'), 'Approved')
    await detail.getByTestId('status-apply').click()
    const dialog = page.getByTestId('confirm-dialog').filter({ visible: true })
    await expect(dialog.getByTestId('confirm-text')).toContainText('to “Approved”')
    // Every text the confirmation shows from here until it is gone.
    await page.evaluate(`(() => {
      window.__texts = []
      const record = () => document.querySelectorAll('[data-testid="confirm-text"]').forEach((el) => window.__texts.push(el.textContent.trim()))
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true })
    })()`)
    await dialog.getByTestId('confirm-ok').click()
    await expect(page.getByTestId('confirm-dialog').filter({ visible: true })).toHaveCount(0)
    const texts = (await page.evaluate('window.__texts')) as string[]
    expect(texts.length).toBeGreaterThan(0)
    expect(texts.filter((t) => !t.includes('to “Approved”'))).toEqual([])

    // The notice sits in the bottom right corner: never over the header or the plan's status and tags.
    const notice = page.locator('.el-message').first()
    await expect(notice).toBeVisible()
    const [n, header, tags] = await Promise.all([notice.boundingBox(), page.locator('.header').boundingBox(), detail.locator('.head').boundingBox()])
    const overlaps = (a: typeof n, b: typeof n) => !!a && !!b && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    expect(overlaps(n, header)).toBe(false)
    expect(overlaps(n, tags)).toBe(false)
    // The server refuses it (a completed plan is final): the "waiting to sync" notice gives way to one that says so.
    await expect(page.locator('.el-message--warning')).toContainText(`Plan ${plan.pk}: the change did not go through`, { timeout: 20_000 })
    await expect(page.locator('.el-message--success')).toHaveCount(0)
    await page.screenshot(shot('refused-notice'))
    expect(consoleProblems).toEqual([])
  })

  test('the Changes view with a change in every state passes axe, light and dark', async ({ page, review }) => {
    const sim = simAdmin(review)
    await open(page, review)
    const stateOf = async (pk: number) => (await outboxOf(page, pk))[0]?.state
    const waiting = await plansIn(page, ['waiting'], 60)
    const completed = await plansIn(page, ['completed'], 10)
    // Forced: the server's refusal of completed → approved may have been learnt already (a spec before taught it).
    const decide = (pk: number, status: string) => ipc<OutboxEntry>(page, 'plans:setStatus', { pk, status, force: true })
    // applied, failed, discarded (a refused one given up), conflict (someone else changed it first), needs checking (a shape PlanDesk cannot read).
    await decide(waiting[0].pk, 'approved')
    await decide(completed[0].pk, 'approved')
    const refused = await decide(completed[1].pk, 'approved')
    await sim.updatePlan(waiting[1].pk, { status: 'waiting_supplier' })
    await decide(waiting[1].pk, 'approved')
    await sim.updatePlan(waiting[2].pk, { plan_type: 5 }, { offSpec: true })
    await decide(waiting[2].pk, 'approved')
    await expect.poll(() => stateOf(waiting[0].pk), { timeout: 30_000 }).toBe('applied')
    await expect.poll(() => stateOf(completed[0].pk), { timeout: 30_000 }).toBe('failed')
    await expect.poll(() => stateOf(completed[1].pk), { timeout: 30_000 }).toBe('failed')
    await ipc(page, 'outbox:discard', { id: refused.id })
    await expect.poll(() => stateOf(waiting[1].pk), { timeout: 30_000 }).toBe('conflict')
    await expect.poll(() => stateOf(waiting[2].pk), { timeout: 30_000 }).toBe('needs_checking')

    const faults = (body: object) =>
      fetch(`${review.simAdmin.url}faults`, { method: 'POST', headers: { 'X-Simulator-Secret': review.simAdmin.secret, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const want: OutboxState[] = ['pending', 'sending', 'applied', 'failed', 'conflict', 'needs_checking', 'discarded']
    let next = 3
    for (const theme of ['light', 'dark'] as const) {
      // "Sending" lasts as long as the server holds the change (until the client's own time limit):
      // the check is taken again (bounded) if the change moved on before axe was through.
      const deadline = Date.now() + 240_000
      let checked = false
      while (!checked) {
        expect(Date.now(), 'a change stayed "sending" for a whole axe run').toBeLessThan(deadline)
        const plan = waiting[next++]
        // The server holds every change until it is let go (reads go on): the change stays "sending" meanwhile.
        await faults({ holdChanges: true })
        await decide(plan.pk, 'approved')
        // A second change to the same plan waits behind the one being sent.
        await decide(plan.pk, 'rejected')
        const states = async () => (await outboxOf(page, plan.pk)).map((e) => e.state).sort()
        await expect.poll(states, { timeout: 90_000 }).toEqual(['pending', 'sending'])
        await page.evaluate(async (t) => {
          await fetch('/ipc/ui:set', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ theme: t, lastRoute: '/changes' }) })
        }, theme)
        await page.goto(`${review.url}#/changes`)
        const items = page.getByTestId('outbox-item')
        for (const s of want) await expect(items.and(page.locator(`[data-state="${s}"]`)).first()).toBeVisible()
        await animationsDone(page)
        const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
        const stillSending = (await outboxOf(page, plan.pk)).some((e) => e.state === 'sending')
        if (stillSending) await page.screenshot(shot(`changes-every-state-${theme}`))
        await faults({ holdChanges: false })
        // The queue settles before anything else is asked (one replay pass at a time).
        await expect.poll(async () => (await states()).some((st) => st === 'pending' || st === 'sending'), { timeout: 90_000 }).toBe(false)
        if (!stillSending) continue
        checked = true
        const serious = result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.slice(0, 4).map((x) => `${x.target.join(' ')} ${(x.any[0]?.message ?? '').slice(0, 120)}`).join(' | ')}`)
        expect(serious, theme).toEqual([])
      }
    }
  })
})
