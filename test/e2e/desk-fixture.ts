/**
 * For the decision specs: an app of their own (so the plans they change do not disturb the other
 * specs), the demo simulator's admin interface (offline, changes "by another user", the audit
 * log), and a few steps every spec takes through the UI.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import type { AuditEntry } from '../../main/simulator/types'
import type { Channel, ConnectionState, Envelope, OutboxEntry, PlanSummary, SearchQuery, SearchResult } from '../../preload/contract'
import { animationsDone, test as base, choose, expect, resetWorkspace, startApp, type RunningApp } from './webhost-fixture'
export { animationsDone, choose, recordNotices } from './webhost-fixture'

export const PLANS = 1200

type Desk = RunningApp & { stop: () => Promise<void> }

/** A demo app of its own, for one spec file's worker. */
async function ownDesk(use: (app: Desk) => Promise<void>): Promise<void> {
  const app = await startApp(['--demo', '--demo-plans', String(PLANS)])
  await use(app)
  await app.stop()
  // What the services logged, for when a spec fails.
  mkdirSync('test-results', { recursive: true })
  writeFileSync(`test-results/desk-host-${app.origin.split(':').pop()}.log`, app.output())
  rmSync(app.dataDir, { recursive: true, force: true })
}

// Two names for two apps: a worker-scoped fixture is shared by every file the worker runs, and
// the Turkish spec must not change plans under the English one (or the other way round).
export const test = base.extend<object, { desk: Desk }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern
  desk: [async ({}, use) => ownDesk(use), { scope: 'worker' }],
})
export const testTr = base.extend<object, { deskTr: Desk }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern
  deskTr: [async ({}, use) => ownDesk(use), { scope: 'worker' }],
})
export { expect }

/** The demo simulator's admin interface (main/simulator/admin-http.ts). */
export function simAdmin(app: RunningApp) {
  async function req<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${app.simAdmin.url}${path}`, {
      method,
      headers: { 'X-Simulator-Secret': app.simAdmin.secret, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`)
    return (await res.json()) as T
  }
  return {
    /**
     * The server can no longer be reached (every connection is reset before an answer, so no
     * change lands) until back(): a spec that checks what happens while it is away is not in a
     * race with a timer bringing it back.
     */
    away: () => req('POST', 'faults', { resetRate: 1 }),
    back: () => req('POST', 'faults', { resetRate: 0 }),
    /** A change made on the server by someone else (bumps modified_date). */
    /** offSpec: let the server send values its own API description does not allow (a server PlanDesk must survive). */
    updatePlan: (pk: number, patch: Record<string, unknown>, opts: { user?: string; offSpec?: boolean } = {}) =>
      req('POST', `plans/${pk}`, { patch, user: opts.user ?? 'kerem.aydemir', ...(opts.offSpec ? { offSpec: true } : {}) }),
    audit: async (pk: number, action?: string) =>
      (await req<{ entries: AuditEntry[] }>('GET', `audit?pk=${pk}${action ? `&action=${action}` : ''}`)).entries,
    plan: (pk: number) => req<Record<string, unknown>>('GET', `plans/${pk}`),
  }
}

/** Calls the contract from the page, as the renderer does (for set-up and for checks, never instead of the UI under test). */
export async function ipc<T>(page: Page, channel: Channel, arg?: unknown): Promise<T> {
  const envelope = await page.evaluate(
    async ([c, a]) => {
      const res = await fetch(`/ipc/${c}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: a === undefined ? '' : JSON.stringify(a) })
      return (await res.json()) as unknown
    },
    [channel, arg] as const,
  )
  const env = envelope as Envelope<T>
  if (!env.ok) throw new Error(`${channel}: ${env.error.code} ${env.error.message}`)
  return env.value
}

/** The server is reachable again, and the app has seen it (so what waits is sent now). */
export async function backOnline(page: Page, sim: ReturnType<typeof simAdmin>): Promise<void> {
  await sim.back()
  await expect.poll(async () => (await ipc<ConnectionState>(page, 'connection:check')).status, { timeout: 30_000 }).toBe('online')
}

/** Plans in these statuses without local changes, in the list's default order. */
export async function plansIn(page: Page, statuses: string[], limit = 50, extra: Partial<SearchQuery> = {}): Promise<PlanSummary[]> {
  const res = await ipc<SearchResult>(page, 'plans:search', { statuses, limit, sort: '-modified_date', ...extra })
  return res.rows.filter((r) => r.pendingEdits === 0)
}

export async function outboxOf(page: Page, planPk: number): Promise<OutboxEntry[]> {
  return (await ipc<{ entries: OutboxEntry[] }>(page, 'outbox:list', { planPk, limit: 50 })).entries
}

/** Opens the app on the plain list (no filters left by the spec before) and waits for the first sync. */
export async function openApp(page: Page, app: RunningApp, count = `${PLANS.toLocaleString('en-GB')} plans`): Promise<void> {
  await resetWorkspace(app)
  await page.goto(app.url)
  await expect(page.getByTestId('result-count')).toHaveText(count, { timeout: 60_000 })
}

/** Finds a plan by its number and opens its detail. */
export async function openPlan(page: Page, pk: number): Promise<void> {
  await page.getByTestId('nav-plans').click()
  await page.getByTestId('search-input').fill(String(pk))
  // The search's rows are drawn (rows are reused by place: one shown before the search may be
  // rewritten with another plan under the pointer).
  await expect(page.getByRole('grid')).toHaveAttribute('aria-busy', 'false')
  const row = page.locator(`[data-testid="plan-row"][data-pk="${pk}"]`)
  await expect(row).toBeVisible()
  await row.click()
  await expect(page.getByTestId('plan-detail')).toBeVisible()
  await expect(page.getByTestId('plan-detail')).toContainText(`Plan ${pk}`)
}

/**
 * Changes a plan's status through the detail: choose, ask, confirm. Returns the confirmation's
 * text. The confirming button says `confirmText`, or "Send it anyway" when the server refused this
 * change from the plan's status before (the specs share one app, which remembers refusals).
 */
export async function changeStatus(page: Page, status: string, confirmText = 'Change status'): Promise<string> {
  const detail = page.getByTestId('plan-detail')
  await choose(page, detail.getByTestId('status-select'), status)
  await detail.getByTestId('status-apply').click()
  const dialog = page.getByTestId('confirm-dialog').filter({ visible: true })
  await expect(dialog).toBeVisible()
  await animationsDone(page)
  const text = (await dialog.getByTestId('confirm-text').textContent()) ?? ''
  const refusedBefore = (await dialog.getByTestId('decide-refused-before').count()) > 0
  const ok = dialog.getByTestId('confirm-ok')
  if (!refusedBefore) await expect(ok).toHaveText(confirmText)
  await ok.click()
  await expect(dialog).toBeHidden()
  return text
}

/** The Changes view's entry for a plan (the newest when there are several). */
export function outboxItem(page: Page, planPk: number) {
  return page.locator(`[data-testid="outbox-item"][data-plan="${planPk}"]`).first()
}

export async function closeDetail(page: Page): Promise<void> {
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('plan-detail')).toBeHidden()
}
