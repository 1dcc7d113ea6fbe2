/**
 * Real processes for the multi-process tests (not a test file): the `plandesk` CLI and the web
 * host, each a separate Node process on a shared data folder, against a simulator the test
 * runs. The built CLI (out/main/cli.js, made by `npm run build:only`, which `npm test` runs
 * first) is used when present; otherwise the sources run through tsx.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Envelope } from '../../preload/contract'

export const root = resolve(__dirname, '../..')
const builtCli = join(root, 'out/main/cli.js')
const builtWebHost = join(root, 'out/main/webhost.js')

export function tempDataDir(prefix = 'plandesk-proc-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** The newest modification time of the sources the CLI is built from. */
function newestSource(): number {
  let newest = 0
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
    }
  }
  for (const dir of ['main', 'preload']) walk(join(root, dir))
  return newest
}

/** The built CLI when it is newer than every source (npm test builds first); the sources through tsx otherwise. */
function cliCommand(): string[] {
  const fresh = existsSync(builtCli) && statSync(builtCli).mtimeMs >= newestSource()
  return fresh ? [builtCli] : ['--require', 'tsx/cjs', join(root, 'main/cli.ts')]
}

export interface CliRun {
  child: ChildProcess
  /** Resolves when the process exits. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>
  stdout: () => string
  stderr: () => string
}

/** Starts `plandesk ARGS` on a data folder; `input` is written to its stdin (a password). */
export function startCli(args: string[], opts: { dataDir: string; env?: NodeJS.ProcessEnv; input?: string }): CliRun {
  const child = spawn(process.execPath, [...cliCommand(), '--data-dir', opts.dataDir, ...args], {
    cwd: root,
    env: { ...process.env, PLANDESK_TOKEN: '', PLANDESK_SERVER: '', PLANDESK_DATA_DIR: '', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (c) => (stdout += c))
  child.stderr!.on('data', (c) => (stderr += c))
  child.stdin!.end(opts.input ?? '')
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((ok) =>
    child.on('close', (code, signal) => ok({ code, signal, stdout, stderr })),
  )
  return { child, done, stdout: () => stdout, stderr: () => stderr }
}

export function runCli(args: string[], opts: { dataDir: string; env?: NodeJS.ProcessEnv; input?: string }) {
  return startCli(args, opts).done
}

/** Signs the data folder in to the simulator as a user (password demo1234 for every user). */
export async function login(dataDir: string, serverUrl: string, username = 'demo'): Promise<void> {
  const r = await runCli(['login', '--server', serverUrl, '--username', username], { dataDir, input: 'demo1234\n' })
  if (r.code !== 0) throw new Error(`login failed (${r.code}): ${r.stderr}`)
}

export interface WebHostProcess {
  child: ChildProcess
  origin: string
  secret: string
  output: () => string
  call<T>(channel: string, arg?: unknown): Promise<Envelope<T>>
  stop(): Promise<void>
}

/** Starts `node out/main/webhost.js --data-dir D ARGS` and waits for its address. Needs the build. */
export async function startWebHost(dataDir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<WebHostProcess> {
  if (!existsSync(builtWebHost)) throw new Error('out/main/webhost.js is missing: run "npm run build:only" first (npm test does).')
  const child = spawn(process.execPath, [builtWebHost, '--data-dir', dataDir, '--no-background', ...args], {
    cwd: root,
    env: { ...process.env, PLANDESK_DATA_DIR: '', ...env },
  })
  let output = ''
  child.stdout!.on('data', (c) => (output += c))
  child.stderr!.on('data', (c) => (output += c))
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`web host did not start:\n${output}`)), 30_000)
    child.stdout!.on('data', () => {
      const m = output.match(/PlanDesk is running at (\S+)/)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    })
    child.on('exit', (code) => fail(new Error(`web host exited with ${code}:\n${output}`)))
  })
  const parsed = new URL(url)
  const secret = parsed.searchParams.get('secret')!
  return {
    child,
    origin: parsed.origin,
    secret,
    output: () => output,
    async call<T>(channel: string, arg?: unknown): Promise<Envelope<T>> {
      const res = await fetch(`${parsed.origin}/ipc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-plandesk-secret': secret },
        body: arg === undefined ? '' : JSON.stringify(arg),
      })
      return (await res.json()) as Envelope<T>
    },
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok()
        child.once('exit', () => ok())
        child.kill('SIGTERM')
      }),
  }
}

/** Polls until check() is true (or throws after timeoutMs). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
