import { rmSync } from 'node:fs'
import { startSimulator } from '../../main/simulator'
import type { RunningSimulator } from '../../main/simulator/types'
import type { Page } from '@playwright/test'
import { changeStatus, closeDetail, openPlan, plansIn } from './desk-fixture'
import { test as base, expect, startApp, type RunningApp } from './webhost-fixture'

/** The app against a server of its own (not demo mode): sign-in, errors, sync, sign-out. */
const test = base.extend<object, { server: RunningSimulator; serverApp: RunningApp & { stop: () => Promise<void> } }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern
    async ({}, use) => {
      const sim = await startSimulator({ plans: 120, seed: 9 })
      await use(sim)
      await sim.close()
    },
    { scope: 'worker' },
  ],
  serverApp: [
    async ({ server }, use) => {
      const app = await startApp(['--server', server.url])
      await use(app)
      await app.stop()
      rmSync(app.dataDir, { recursive: true, force: true })
    },
    { scope: 'worker' },
  ],
})

test('signs in to a server, shows refusals clearly, syncs, and signs out', async ({ page, serverApp, server, consoleProblems }) => {
  await page.goto(serverApp.url)
  await expect(page.getByTestId('demo-banner')).toHaveCount(0)
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'signed-out')
  const dialog = page.getByRole('dialog', { name: 'Sign in to Omnitron' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByLabel('Server address')).toHaveValue(server.url)
  // The web host has no OS secure storage: the person is told where a remembered token would go.
  await expect(dialog.getByTestId('insecure-storage')).toContainText('only your user account can read')
  await dialog.getByLabel('Username').fill(server.username)
  await dialog.getByLabel('Password').fill('wrong-password')
  await dialog.getByRole('button', { name: 'Sign in' }).click()
  await expect(dialog.getByTestId('login-error')).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/login-error.png' })
  await dialog.getByLabel('Password').fill(server.password)
  await dialog.getByRole('button', { name: 'Sign in' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online')
  // Signing in starts the first sync by itself.
  await expect(page.getByTestId('result-count')).toHaveText('120 plans', { timeout: 30_000 })
  // Another user changes a plan on the server; "Sync now" brings it in.
  const pk = Number(await page.locator('[data-testid="plan-row"]').first().getAttribute('data-pk'))
  server.admin.updatePlan(pk, { status: 'rejected' }, 'kerem.aydemir')
  await page.getByTestId('sync-now').getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByTestId('sync-summary')).toContainText('1 updated')
  await expect(page.locator(`[data-testid="plan-row"][data-pk="${pk}"]`)).toContainText('Rejected')
  await expect(page.getByTestId('last-synced')).toHaveText(/Synced/)

  // The server stops accepting the sign-in: "Sign in again", with the sign-in dialog one click away;
  // the change made meanwhile waits and goes out after the new sign-in.
  server.expireTokens()
  const waiting = await firstPlanIn(page, 'waiting')
  await openPlan(page, waiting)
  await changeStatus(page, 'Approved')
  await closeDetail(page)
  const state = page.getByTestId('connection-state')
  await expect(state).toHaveAttribute('data-state', 'sign-in', { timeout: 20_000 })
  await expect(state).toHaveText('Sign in again')
  await expect(page.getByTestId('connection-hint')).toContainText('Your changes wait until you do')
  await page.screenshot({ path: 'test-results/screenshots/sign-in-again.png' })
  await state.click()
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Username').fill(server.username)
  await dialog.getByLabel('Password').fill(server.password)
  await dialog.getByRole('button', { name: 'Sign in' }).click()
  await expect(dialog).toBeHidden()
  await expect(state).toHaveAttribute('data-state', 'online')
  await expect(page.getByTestId('outbox-badge')).toHaveAttribute('data-open', '0', { timeout: 20_000 })
  expect(server.admin.getPlan(waiting)?.status).toBe('approved')

  // Signing out while a change waits: PlanDesk asks; "keep" signs out and the change waits for its author.
  await server.setOffline(true)
  const another = await firstPlanIn(page, 'waiting')
  await openPlan(page, another)
  await changeStatus(page, 'Rejected')
  await closeDetail(page)
  await page.getByRole('button', { name: 'Sign out' }).click()
  const ask = page.getByRole('dialog', { name: 'Sign out' })
  await expect(ask).toContainText('1 of your changes has not reached the server yet')
  await ask.getByRole('button', { name: 'Keep them and sign out' }).click()
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'signed-out')
  await page.getByTestId('outbox-badge').click()
  await expect(page.locator(`[data-testid="outbox-item"][data-plan="${another}"]`).getByTestId('outbox-wait-reason')).toContainText(
    `Waits for ${server.username} to sign in`,
  )
  await server.setOffline(false)
  // Signed out, the cache still answers.
  await page.getByTestId('nav-plans').click()
  await page.getByTestId('search-input').fill('')
  await expect(page.getByTestId('result-count')).toHaveText('120 plans')
  expect(consoleProblems).toEqual([])
})

/** The first plan in a status without local changes, through the contract (set-up only). */
async function firstPlanIn(page: Page, status: string): Promise<number> {
  return (await plansIn(page, [status], 20))[0].pk
}
