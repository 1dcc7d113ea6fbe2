import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base, expect, type ConsoleMessage, type Locator, type Page } from '@playwright/test'

export interface RunningApp {
  /** The printed URL, carrying the secret. */
  url: string
  /** The demo simulator's admin interface (see main/simulator/admin-http.ts). */
  simAdmin: { url: string; secret: string }
  origin: string
  dataDir: string
  output: () => string
}

const root = resolve(__dirname, '../..')

/**
 * Puts the review workspace (last route, search and filters, theme) back to a plain start, so a
 * spec sharing an app does not open on the route and filters the spec before it left behind
 * (they survive a reload on purpose). Saved views are left alone.
 */
export async function resetWorkspace(app: RunningApp): Promise<void> {
  const secret = new URL(app.url).searchParams.get('secret') ?? ''
  const res = await fetch(`${app.origin}/ipc/ui:set`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-PlanDesk-Secret': secret },
    body: JSON.stringify({ lastRoute: '/plans', search: { sort: '-modified_date' }, theme: 'light' }),
  })
  const envelope = (await res.json()) as { ok: boolean }
  if (!envelope.ok) throw new Error(`resetting the workspace failed: ${JSON.stringify(envelope)}`)
}

/** Starts `node out/main/webhost.js --demo` (the real services + the built-in simulator). */
export async function startApp(args: string[] = [], dataDir = mkdtempSync(join(tmpdir(), 'plandesk-e2e-'))): Promise<RunningApp & { child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(root, 'out/main/webhost.js'), '--data-dir', dataDir, ...args], {
    cwd: root,
    env: { ...process.env, PLANDESK_LOG_LEVEL: 'info', PLANDESK_E2E_SIM_ADMIN: '1' },
  })
  let output = ''
  child.stdout!.on('data', (c) => (output += c))
  child.stderr!.on('data', (c) => (output += c))
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`web host did not start:\n${output}`)), 60_000)
    const check = (): void => {
      const m = output.match(/PlanDesk is running at (\S+)/)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    }
    child.stdout!.on('data', check)
    child.on('exit', (code) => fail(new Error(`web host exited with ${code}:\n${output}`)))
  })
  const admin = output.match(/Simulator admin: (\S+) (\S+)/)
  return {
    url,
    simAdmin: { url: admin?.[1] ?? '', secret: admin?.[2] ?? '' },
    origin: new URL(url).origin,
    dataDir,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok()
        child.once('exit', () => ok())
        child.kill('SIGTERM')
      }),
  }
}

export const test = base.extend<{ app: RunningApp; consoleProblems: string[] }, { sharedApp: RunningApp & { stop: () => Promise<void> } }>({
  sharedApp: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the object pattern
    async ({}, use) => {
      const app = await startApp(['--demo', '--demo-plans', '400'])
      await use(app)
      await app.stop()
      rmSync(app.dataDir, { recursive: true, force: true })
    },
    { scope: 'worker' },
  ],
  app: async ({ sharedApp }, use) => {
    await resetWorkspace(sharedApp)
    await use(sharedApp)
  },
  /** Console errors and CSP violations seen during the test; specs assert it stays empty. */
  consoleProblems: async ({ page }, use) => {
    const problems: string[] = []
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') problems.push(m.text())
    })
    page.on('pageerror', (e) => problems.push(e.message))
    await use(problems)
  },
})

export { expect }

/**
 * Resolves once the page's CSS transitions and animations have ended (a dialog fading in, a
 * drawer sliding, a dropdown opening) and a frame was drawn after them. Endless ones (a
 * spinner, an indeterminate progress bar) are not waited for. Animations that start while
 * others end are waited for too, up to `timeoutMs`.
 */
export async function animationsDone(page: Page, timeoutMs = 10_000): Promise<void> {
  // A string, so this file needs no DOM types (it is compiled for Node).
  await page.waitForFunction(
    `(async () => {
      const finite = () => document.getAnimations().filter((a) => a.playState === 'running' || a.playState === 'pending')
        .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
      for (let left = finite(); left.length > 0; left = finite()) await Promise.all(left.map((a) => a.finished.catch(() => undefined)))
      await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))
      return finite().length === 0
    })()`,
    undefined,
    { timeout: timeoutMs },
  )
}

/**
 * Records the text of every notice (Element Plus message) the page shows from now on, however
 * briefly: a "waiting to sync" notice goes as soon as its changes reached the server, which on
 * a fast connection can be before a check for it polls once. Returns a reader of the texts.
 */
export async function recordNotices(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(`(() => {
    if (window.__notices) return
    const seen = (window.__notices = [])
    const record = () => document.querySelectorAll('.el-message .el-message__content').forEach((el) => {
      const text = el.textContent.trim()
      if (text && !seen.includes(text)) seen.push(text)
    })
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true })
  })()`)
  return async () => (await page.evaluate('[...(window.__notices || [])]')) as string[]
}

/**
 * Chooses an option of an Element Plus select (opening it unless it is open). Its list is teleported to the body and zooms in:
 * the option is taken from the list this select controls (aria-controls), never from another
 * select's list still fading out, and clicked once the list stands still.
 */
export async function choose(page: Page, select: Locator, option: string): Promise<void> {
  const input = select.locator('[aria-controls]').first()
  // A multiple select stays open between choices: a second click would close it.
  if ((await input.getAttribute('aria-expanded')) !== 'true') await select.click()
  const listId = await input.getAttribute('aria-controls')
  const list = listId ? page.locator(`[id="${listId}"]`) : page.locator('.el-select-dropdown:visible')
  const item = list.getByRole('option', { name: option, exact: true })
  await expect(item).toBeVisible()
  await animationsDone(page)
  await item.click()
}
