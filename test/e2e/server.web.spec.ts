import { rmSync } from 'node:fs'
import { startSimulator } from '../../main/simulator'
import type { RunningSimulator } from '../../main/simulator/types'
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
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'signed-out')
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
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online')
  // Signing in starts the first sync by itself.
  await expect(page.getByTestId('result-count')).toHaveText('120 plans', { timeout: 30_000 })
  // Another user changes a plan on the server; "Sync now" brings it in.
  const pk = Number(await page.locator('.el-table-v2__row').first().getAttribute('data-pk'))
  server.admin.updatePlan(pk, { status: 'rejected' }, 'kerem.aydemir')
  await page.getByTestId('sync-now').getByRole('button', { name: 'Sync now' }).click()
  await expect(page.getByTestId('sync-summary')).toContainText('1 updated')
  await expect(page.locator(`.el-table-v2__row[data-pk="${pk}"]`)).toContainText('Rejected')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'signed-out')
  // Signed out, the cache still answers.
  await expect(page.getByTestId('result-count')).toHaveText('120 plans')
  expect(consoleProblems).toEqual([])
})
