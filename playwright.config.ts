import { existsSync } from 'node:fs'
import { chromium as playwrightChromium, defineConfig } from '@playwright/test'

/**
 * Browser specs drive Chromium against the real main-process services through the web host:
 * PLANDESK_CHROMIUM if set, else Playwright's own build where it is installed, else Debian's
 * /usr/bin/chromium (this project's machines). electron.spec.ts launches the real app where the
 * Electron binary exists and is skipped, with the reason, where it does not.
 */
function chromiumPath(): string | undefined {
  if (process.env.PLANDESK_CHROMIUM) return process.env.PLANDESK_CHROMIUM
  try {
    // Playwright's own build, where `npx playwright install` could run: leave the path to it.
    if (existsSync(playwrightChromium.executablePath())) return undefined
  } catch {
    // No build of its own is known for this platform.
  }
  return '/usr/bin/chromium'
}
const chromium = chromiumPath()

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
    // A failed spec keeps its trace: every action, the page's DOM before and after it, the
    // network and the console. Without the trace's screencast (a JPEG of every frame, which cost
    // about a sixth of the specs' time here): the failure's own screenshot is kept below.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    viewport: { width: 1400, height: 860 },
    // The specs run with the system's "reduce motion" on: dialogs, menus and notices appear at
    // once (renderer/src/styles/motion.css), so no step waits for a fade, no check measures half
    // an animation, and Chromium draws a sixth less. Specs about what happens during motion ask
    // for it (page.emulateMedia); PLANDESK_E2E_MOTION=on runs every spec with motion.
    reducedMotion: process.env.PLANDESK_E2E_MOTION === 'on' ? 'no-preference' : 'reduce',
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
