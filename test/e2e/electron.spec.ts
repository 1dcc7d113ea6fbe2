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
  test.skip(reason !== null, reason ?? '')
  const app = await electron.launch({
    executablePath: binary!,
    args: [root, '--demo', '--demo-plans', '200', '--data-dir', mkdtempSync(join(tmpdir(), 'plandesk-electron-'))],
    env: { ...process.env, PLANDESK_SQLITE_BINDING: nativeBinding },
  })
  const window = await app.firstWindow()
  await expect(window.getByTestId('demo-banner')).toBeVisible()
  await expect(window.getByTestId('result-count')).toHaveText('200 plans', { timeout: 30_000 })
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const w = BrowserWindow.getAllWindows()[0]
    return w.webContents.getLastWebPreferences()
  })
  expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
  expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
  await app.close()
})
