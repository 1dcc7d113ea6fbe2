import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test, expect, _electron as electron } from '@playwright/test'

/**
 * The real desktop app. Runs wherever the Electron binary is installed (and a display exists);
 * elsewhere it is reported as skipped with the reason.
 */
const root = resolve(__dirname, '../..')
const pathFile = join(root, 'node_modules/electron/path.txt')
const binary = existsSync(pathFile) ? join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim()) : null
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version as string
// Built by `npm start` (scripts/native.mjs) beside node_modules, so the Node build stays intact.
const nativeBinding =
  process.env.PLANDESK_SQLITE_BINDING ??
  join(root, '.plandesk-native', `electron-${electronVersion}`, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')

function skipReason(): string | null {
  if (!binary || !existsSync(binary)) return 'The Electron binary is not installed (it cannot be downloaded on this machine).'
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'No display for Electron.'
  if (!existsSync(nativeBinding)) return 'better-sqlite3 is not built for Electron yet: run `npm start` once.'
  return null
}

test('the desktop app opens a secure window with demo data', async () => {
  const reason = skipReason()
  // The list reporter shows a skip without its reason; say it where CI's log shows it.
  if (reason) console.log(`[electron] skipped: ${reason}`)
  test.skip(reason !== null, reason ?? '')
  const app = await electron.launch({
    executablePath: binary!,
    args: [root, '--demo', '--demo-plans', '200', '--data-dir', mkdtempSync(join(tmpdir(), 'plandesk-electron-'))],
    env: { ...process.env, PLANDESK_SQLITE_BINDING: nativeBinding },
  })
  const page = await app.firstWindow()
  await expect(page.getByTestId('demo-banner')).toBeVisible()
  await expect(page.getByTestId('result-count')).toHaveText('200 plans', { timeout: 30_000 })
  // No Node in the page (nodeIntegration off, sandboxed), and the bridge exposes only the contract.
  expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined')
  expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined')
  expect(await page.evaluate(() => Object.keys((globalThis as unknown as { plandesk?: object }).plandesk ?? {}).sort())).toEqual(['host', 'invoke', 'on'])
  expect(await page.evaluate(() => (globalThis as unknown as { location: { protocol: string } }).location.protocol)).toBe('plandesk:')
  await app.close()
})
