/**
 * B8: the renderer in Debian's Chromium through the web host (`node out/main/webhost.js` on the
 * shared data folder, signed in, no background work), measured from the test side because the
 * renderer sets no performance marks of its own:
 * - keystroke → rows painted: a capture-phase keydown listener takes the key's event time; a
 *   MutationObserver sees the visible rows change; the time after the next animation frame (and
 *   a task after it, so the frame has been painted) ends the sample. The plans:search request's
 *   resource timing splits it into the debounce before the request, the request, and the render
 *   after it. Keystrokes alternate a letter and Backspace, so every one changes the rows.
 * - start → first rows painted: from the navigation's start (a fresh load of the renderer, the
 *   web host already running) to the frame after the first plan row is in the document;
 * - cold start: from spawning the web host on the synced cache to the first rows painted in a
 *   browser page already open (the clock of the page's timeOrigin is the machine's);
 * - the bundle the window loads before its first paint (the JavaScript and CSS index.html
 *   names; screens loaded later are not counted), raw and gzipped;
 * - scrolling 10,000 rows: the table's scroller moves 30 rows a frame, waiting at the end of
 *   what is loaded for the next page; PerformanceObserver('longtask') records every long task.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium, type Page } from '@playwright/test'
import { ensureBuilt } from './cli.bench'
import type { BenchGroup } from './lib/context'
import type { Figure } from './lib/report'
import { ascending, percentile, repeat, runStats } from './lib/stats'

const ROOT = join(__dirname, '../..')
const WEBHOST = join(ROOT, 'out/main/webhost.js')
/** Debian's Chromium, as the browser specs run it (docs/design-rules.md §2.1). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
/** Candidate keys; those whose one-letter search shows the same first five rows as no search are dropped. */
// Keys of a US layout only: Playwright types other characters with insertText, which sends no keydown.
const CANDIDATES = ['k', 'a', 'c', 's', 'm', 't', 'e', 'o', 'p', 'g', 'b', 'd', 'h', 'y', 'u', 'n', 'l', 'i']
const ROW_PX = 40

async function startHost(dataDir: string): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [WEBHOST, '--data-dir', dataDir, '--no-background', '--port', '0'], { cwd: ROOT, env: { ...process.env, PLANDESK_LOG_LEVEL: 'warn' } })
  let output = ''
  child.stdout!.on('data', (c) => (output += c))
  child.stderr!.on('data', (c) => (output += c))
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the web host did not start:\n${output}`)), 60_000)
    child.stdout!.on('data', () => {
      const m = output.match(/PlanDesk is running at (\S+)/)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    })
    child.on('exit', (code) => fail(new Error(`the web host exited with ${code}:\n${output}`)))
  })
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok()
        child.once('exit', () => ok())
        child.kill('SIGTERM')
      }),
  }
}

/** In the page: what the plans list shows now (the visible rows, or the empty state). */
const SIGNATURE = `() => {
  const rows = [...document.querySelectorAll('[data-testid="plan-row"]')].map((r) => r.getAttribute('data-pk')).join(',')
  return rows + '|' + (document.querySelector('[data-testid="empty-state"]') ? 'empty' : '')
}`

interface KeySample {
  total: number
  debounce: number | null
  request: number | null
  render: number | null
}

async function arm(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const signature = ${SIGNATURE}
    const before = signature()
    const w = window
    // The resource timing buffer holds 250 entries by default: start each keystroke empty.
    performance.clearResourceTimings()
    w.__b8 = { t0: null }
    document.addEventListener('keydown', (e) => { if (w.__b8.t0 === null) w.__b8.t0 = e.timeStamp }, { capture: true, once: true })
    w.__b8.done = new Promise((resolve) => {
      const root = document.querySelector('[data-testid="plans-view"]')
      const timer = setTimeout(() => { mo.disconnect(); resolve(null) }, 20000)
      const mo = new MutationObserver(() => {
        if (signature() === before) return
        mo.disconnect()
        clearTimeout(timer)
        const tDom = performance.now()
        requestAnimationFrame(() => setTimeout(() => {
          const t1 = performance.now()
          const t0 = w.__b8.t0
          const req = performance.getEntriesByType('resource').filter((r) => (r.name.includes('/ipc/plans%3Asearch') || r.name.includes('/ipc/plans:search')) && r.startTime >= t0).pop()
          resolve({ t0, tDom, t1, reqStart: req ? req.startTime : null, reqEnd: req ? req.responseEnd : null })
        }, 0))
      })
      mo.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-pk'] })
    })
  })()`)
}

async function keystrokes(page: Page, count: number, letters: string[]): Promise<KeySample[]> {
  const input = page.getByTestId('search-input')
  await input.click()
  const out: KeySample[] = []
  for (let i = 0; i < count; i++) {
    await arm(page)
    if (i % 2 === 0) await page.keyboard.type(letters[(i / 2) % letters.length])
    else await page.keyboard.press('Backspace')
    const r = (await page.evaluate('window.__b8.done')) as { t0: number | null; t1: number; reqStart: number | null; reqEnd: number | null } | null
    if (r === null) throw new Error(`keystroke ${i + 1} did not change the rows within 20 s`)
    if (r.t0 === null) throw new Error(`keystroke ${i + 1} sent no keydown`)
    if (process.env.PLANDESK_BENCH_DEBUG) console.log(JSON.stringify(r))
    out.push({
      total: r.t1 - r.t0,
      debounce: r.reqStart === null ? null : r.reqStart - r.t0,
      request: r.reqStart === null || r.reqEnd === null ? null : r.reqEnd - r.reqStart,
      render: r.reqEnd === null ? null : r.t1 - r.reqEnd,
    })
  }
  return out
}

/** Set before the renderer runs: when the first plan row was painted, in ms since the navigation started. */
const FIRST_ROWS = `(() => {
  window.__firstRows = null
  const mo = new MutationObserver(() => {
    if (!document.querySelector('[data-testid="plan-row"]')) return
    mo.disconnect()
    requestAnimationFrame(() => setTimeout(() => { window.__firstRows = performance.now() }, 0))
  })
  mo.observe(document, { childList: true, subtree: true })
})()`

/** The JavaScript and CSS the renderer's index.html loads up front. */
function initialBundle(): { rawKb: number; gzipKb: number; files: number } {
  const dir = join(ROOT, 'out/renderer')
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  const files = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1])
  if (files.length === 0) throw new Error('index.html names no JavaScript or CSS assets')
  let raw = 0
  let gz = 0
  for (const f of files) {
    const bytes = readFileSync(join(dir, f))
    raw += bytes.length
    gz += gzipSync(bytes).length
  }
  return { rawKb: raw / 1024, gzipKb: gz / 1024, files: files.length }
}

interface ScrollResult {
  ms: number
  rows: number
  longTasks: number[]
  frameP95: number
  frameMax: number
}

async function scroll(page: Page, depth: number): Promise<ScrollResult> {
  return (await page.evaluate(`(async () => {
    const depth = ${depth}, rowPx = ${ROW_PX}
    const table = document.querySelector('[data-testid="plan-table"]')
    const scroller = [...table.querySelectorAll('*')].find((e) => e.scrollHeight > e.clientHeight + 10 && getComputedStyle(e).overflowY !== 'visible')
    if (!scroller) throw new Error('no scrolling element in the table')
    const longTasks = []
    const po = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration) })
    po.observe({ type: 'longtask', buffered: false })
    const frames = []
    const target = depth * rowPx - scroller.clientHeight
    const t0 = performance.now()
    let last = t0, waitedSince = null
    await new Promise((resolve, reject) => {
      const step = () => {
        const now = performance.now()
        frames.push(now - last)
        last = now
        if (scroller.scrollTop >= target) return resolve()
        const max = scroller.scrollHeight - scroller.clientHeight
        if (scroller.scrollTop >= max - 1) {
          // at the end of what is loaded: the next page is on its way
          waitedSince ??= now
          if (now - waitedSince > 15000) return reject(new Error('no more rows loaded after ' + Math.round(scroller.scrollTop / rowPx) + ' rows'))
        } else waitedSince = null
        scroller.scrollTop = Math.min(target, scroller.scrollTop + 30 * rowPx)
        requestAnimationFrame(step)
      }
      requestAnimationFrame(step)
    })
    const ms = performance.now() - t0
    await new Promise((r) => setTimeout(r, 100))
    po.disconnect()
    frames.sort((a, b) => a - b)
    return { ms, rows: Math.round((scroller.scrollTop + scroller.clientHeight) / rowPx), longTasks, frameP95: frames[Math.ceil(frames.length * 0.95) - 1], frameMax: frames[frames.length - 1] }
  })()`)) as ScrollResult
}

export const group: BenchGroup = {
  name: 'ui',
  scenarios: ['B8'],
  async run(ctx) {
    ensureBuilt(WEBHOST)
    const { dataDir, main } = await ctx.fixture()
    const first = async (text?: string) => (await main.call<number[]>('searchPks', { q: { text, sort: '-modified_date', limit: 5 } })).join()
    const all = await first()
    const letters: string[] = []
    for (const c of CANDIDATES) if ((await first(c)) !== all) letters.push(c)
    if (letters.length < 3) throw new Error(`only ${letters.length} one-letter searches change the list`)
    const host = await startHost(dataDir)
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } })
      await page.addInitScript(FIRST_ROWS)
      await page.goto(host.url)
      const origin = new URL(host.url).origin
      const fresh = async () => {
        await page.goto(origin + '/')
        await page.getByTestId('plan-row').first().waitFor({ timeout: 60_000 })
      }
      const firstRows = await repeat(ctx.runs, ctx.warmups, async () => {
        await fresh()
        await page.waitForFunction('window.__firstRows !== null', undefined, { timeout: 60_000 })
        return (await page.evaluate('window.__firstRows')) as number
      })
      const bundle = initialBundle()
      const perRun = ctx.quick ? 10 : 50
      const keys = await repeat(ctx.runs, ctx.warmups, async () => {
        await fresh()
        return keystrokes(page, perRun, letters)
      })
      const depth = Math.min(ctx.quick ? 2_000 : 10_000, ctx.plans)
      const scrolls = await repeat(ctx.runs, ctx.warmups, async () => {
        await fresh()
        return scroll(page, depth)
      })
      // Cold start: the web host started on the synced cache (as the app starts), to the first rows painted in a page already open.
      await host.stop()
      const cold = await repeat(ctx.runs, ctx.warmups, async () => {
        const t0 = Date.now()
        const h = await startHost(dataDir)
        try {
          await page.goto(h.url)
          // Read with evaluate (not a string predicate, which the app's CSP refuses to eval); the time is the page's own.
          for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((ok) => setTimeout(ok, 20))) {
            const painted = (await page.evaluate('window.__firstRows === null ? null : performance.timeOrigin + window.__firstRows')) as number | null
            if (painted !== null) return painted - t0
          }
          throw new Error('no rows painted within 60 s of the web host starting')
        } finally {
          await h.stop()
        }
      })
      ctx.log(`keystroke p95 per run: ${keys.map((k) => Math.round(percentile(ascending(k.map((s) => s.total)), 95))).join(', ')} ms; ` +
        `longest task while scrolling per run: ${scrolls.map((s) => Math.round(Math.max(0, ...s.longTasks))).join(', ')} ms`)
      const part = (k: KeySample[], f: keyof KeySample) => percentile(ascending(k.map((s) => s[f]).filter((v): v is number => v !== null)), 50)
      const figures: Figure[] = [
        { scenario: 'B8', name: 'window start (renderer load) → first rows painted', unit: 'ms', stats: runStats(firstRows), targets: [],
          note: 'the web host already running and its cache open; Electron adds its own start-up before this' },
        { scenario: 'B8', name: 'cold start: web host started → first rows painted', unit: 'ms', stats: runStats(cold), targets: [{ kind: 'max', value: 1000 }],
          note: 'the process started on a synced cache, a browser already open; Electron adds its own window start-up' },
        { scenario: 'B8', name: `JavaScript and CSS loaded before the first paint (${bundle.files} files), gzipped`, unit: 'KB', stats: runStats([bundle.gzipKb]), targets: [],
          detail: { rawKb: Math.round(bundle.rawKb) } },
        { scenario: 'B8', name: `keystroke → rows painted, p95 of ${perRun} keystrokes`, unit: 'ms', stats: runStats(keys.map((k) => percentile(ascending(k.map((s) => s.total)), 95))),
          targets: [{ kind: 'max', value: 50 }],
          detail: {
            p50Ms: runStats(keys.map((k) => percentile(ascending(k.map((s) => s.total)), 50))).median,
            debounceP50Ms: runStats(keys.map((k) => part(k, 'debounce'))).median,
            requestP50Ms: runStats(keys.map((k) => part(k, 'request'))).median,
            renderP50Ms: runStats(keys.map((k) => part(k, 'render'))).median,
          } },
        { scenario: 'B8', name: `scrolling ${depth.toLocaleString('en-US')} rows: longest task`, unit: 'ms', stats: runStats(scrolls.map((s) => Math.max(0, ...s.longTasks))),
          targets: [{ kind: 'max', value: 100, strict: false }],
          detail: {
            longTasksOver50: runStats(scrolls.map((s) => s.longTasks.length)).median,
            longTasksOver100: runStats(scrolls.map((s) => s.longTasks.filter((d) => d > 100).length)).median,
            scrollMs: runStats(scrolls.map((s) => s.ms)).median,
            frameP95Ms: runStats(scrolls.map((s) => s.frameP95)).median,
            frameMaxMs: runStats(scrolls.map((s) => s.frameMax)).median,
          } },
      ]
      return figures
    } finally {
      await browser.close()
      await host.stop()
    }
  },
}
