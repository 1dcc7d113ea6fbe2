import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

/**
 * Browser specs drive Debian's Chromium (PLANDESK_CHROMIUM overrides the path; on a machine
 * with Playwright's own Chromium and no /usr/bin/chromium, that one is used) against the real
 * main-process services through the web host. electron.spec.ts launches the real app where the
 * Electron binary exists and is skipped, with the reason, where it does not.
 */
const chromium = process.env.PLANDESK_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1400, height: 860 },
  },
  projects: [
    {
      name: 'web',
      testMatch: /.*\.web\.spec\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromium,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
})
