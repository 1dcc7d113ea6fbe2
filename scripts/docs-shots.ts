/**
 * `npm run docs:shots`: the pictures of the README and docs/user-guide.md, taken from the app as
 * it is (the built web host on demo data, in Chromium), so they never drift from what a person
 * sees. Writes docs/images/*.png.
 *
 *   npm run docs:shots              build first (npm run build:only), then every picture
 *   tsx scripts/docs-shots.ts list  only the pictures whose name contains "list"
 *
 * Chromium: PLANDESK_CHROMIUM, else Playwright's own where it is installed, else Debian's.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Page } from '@playwright/test'

const root = resolve(__dirname, '..')
const OUT = join(root, 'docs/images')
const VIEWPORT = { width: 1440, height: 900 }
const PLANS = 3000

interface Host {
  url: string
  origin: string
  admin: { url: string; secret: string }
  child: ChildProcess
}

function chromiumPath(): string | undefined {
  if (process.env.PLANDESK_CHROMIUM) return process.env.PLANDESK_CHROMIUM
  try {
    if (existsSync(chromium.executablePath())) return undefined
  } catch {
    // No build of Playwright's own for this platform.
  }
  return '/usr/bin/chromium'
}

/** The demo web host on a data folder of its own; resolves with its address once it serves. */
function startHost(dataDir: string): Promise<Host> {
  const webhost = join(root, 'out/main/webhost.js')
  if (!existsSync(webhost)) throw new Error('out/main/webhost.js is missing: run "npm run build:only" first.')
  const child = spawn(process.execPath, [webhost, '--data-dir', dataDir, '--demo', '--demo-plans', String(PLANS)], {
    cwd: root,
    env: { ...process.env, PLANDESK_E2E_SIM_ADMIN: '1', PLANDESK_DATA_DIR: '' },
  })
  let output = ''
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the web host did not start:\n${output}`)), 60_000)
    const look = (chunk: Buffer): void => {
      output += chunk
      const url = output.match(/PlanDesk is running at (\S+)/)?.[1]
      const admin = output.match(/Simulator admin: (\S+) (\S+)/)
      if (url && admin) {
        clearTimeout(timer)
        ok({ url, origin: new URL(url).origin, admin: { url: admin[1], secret: admin[2] }, child })
      }
    }
    child.stdout.on('data', look)
    child.stderr.on('data', (c: Buffer) => (output += c))
    child.on('exit', (code) => fail(new Error(`the web host exited with ${code}:\n${output}`)))
  })
}

/** Calls the contract from the page, as the renderer does (to set the scene, never to stand in for the UI). */
async function ipc<T>(page: Page, channel: string, arg?: unknown): Promise<T> {
  const env = (await page.evaluate(
    async ([c, a]) => (await fetch(`/ipc/${c}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: a === undefined ? '' : JSON.stringify(a) })).json(),
    [channel, arg] as const,
  )) as { ok: boolean; value: T; error?: { message: string } }
  if (!env.ok) throw new Error(`${channel}: ${env.error?.message}`)
  return env.value
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(`(async () => {
    const running = () => document.getAnimations().filter((a) => a.playState === 'running' && Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
    for (let left = running(); left.length > 0; left = running()) await Promise.all(left.map((a) => a.finished.catch(() => undefined)))
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))
    return true
  })()`)
}

async function shot(page: Page, name: string): Promise<void> {
  await settled(page)
  await page.screenshot({ path: join(OUT, `${name}.png`) })
  console.log(`docs/images/${name}.png`)
}

interface Scene {
  name: string
  take: (page: Page, host: Host) => Promise<void>
}

const openList = async (page: Page, host: Host): Promise<void> => {
  await page.goto(`${host.origin}/#/plans`)
  await page.getByTestId('result-count').filter({ hasText: /\d/ }).waitFor()
  await page.getByTestId('plan-row').first().waitFor()
}

/** A plan in a status, without local changes. */
async function planIn(page: Page, status: string): Promise<number> {
  const r = await ipc<{ rows: Array<{ pk: number; pendingEdits: number }> }>(page, 'plans:search', { statuses: [status], limit: 20, sort: '-modified_date' })
  const plan = r.rows.find((p) => p.pendingEdits === 0)
  if (!plan) throw new Error(`no ${status} plan without local changes`)
  return plan.pk
}

const SCENES: Scene[] = [
  { name: 'list', take: (page, host) => openList(page, host).then(() => shot(page, 'list')) },
  {
    name: 'detail',
    take: async (page, host) => {
      await openList(page, host)
      await page.goto(`${host.origin}/#/plans/${await planIn(page, 'waiting')}`)
      await page.getByTestId('plan-detail').waitFor()
      await shot(page, 'detail')
    },
  },
  {
    name: 'changes',
    take: async (page, host) => {
      await openList(page, host)
      // A few decisions, one of them refused by the server (a final status cannot change).
      await ipc(page, 'plans:setStatus', { pk: await planIn(page, 'waiting'), status: 'approved' })
      await ipc(page, 'plans:setStatus', { pk: await planIn(page, 'completed'), status: 'approved' })
      await ipc(page, 'outbox:push')
      await page.goto(`${host.origin}/#/changes`)
      await page.getByTestId('outbox-item').first().waitFor()
      await shot(page, 'changes')
    },
  },
  {
    name: 'overview',
    take: async (page, host) => {
      await openList(page, host)
      await page.goto(`${host.origin}/#/overview`)
      await page.locator('canvas').first().waitFor()
      // ECharts draws its bars in over about a second on its own timer, not a CSS animation.
      await page.waitForTimeout(1500)
      await shot(page, 'overview')
    },
  },
  {
    name: 'dark-tr',
    take: async (page, host) => {
      await openList(page, host)
      await ipc(page, 'ui:set', { theme: 'dark' })
      await ipc(page, 'settings:update', { language: 'tr' })
      try {
        await openList(page, host)
        await page.reload()
        await page.getByTestId('plan-row').first().waitFor()
        await shot(page, 'list-dark-tr')
      } finally {
        await ipc(page, 'settings:update', { language: 'en' })
        await ipc(page, 'ui:set', { theme: 'light' })
      }
    },
  },
]

async function main(): Promise<void> {
  const only = process.argv[2]
  const scenes = SCENES.filter((s) => !only || s.name.includes(only))
  mkdirSync(OUT, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'plandesk-shots-'))
  const host = await startHost(dataDir)
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, colorScheme: 'light' })
    // The printed address hands the per-launch secret over once; later visits carry its cookie.
    await page.goto(host.url)
    await page.getByTestId('result-count').filter({ hasText: PLANS.toLocaleString('en-GB') }).waitFor({ timeout: 120_000 })
    for (const scene of scenes) await scene.take(page, host)
  } finally {
    await browser.close()
    host.child.kill('SIGTERM')
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
