/**
 * Benchmark work that must run in a process of its own (the simulator, whose memory would
 * otherwise count as PlanDesk's; the "main process" whose RSS is a figure): forked TypeScript
 * modules answering commands over Node's IPC channel.
 *
 * Parent: `const c = await forkChild('sim-child.ts'); await c.call('start', {...}); await c.close()`.
 * Child:  `serveCommands({ start: async (args) => ..., ... })`.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

interface Request {
  id: number
  cmd: string
  args: unknown
}
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string }

export interface Child {
  readonly pid: number
  call<T>(cmd: string, args?: unknown): Promise<T>
  /** Asks the child to finish, and kills it if it has not after a few seconds. */
  close(): Promise<void>
}

export async function forkChild(module: string, env: NodeJS.ProcessEnv = {}): Promise<Child> {
  const proc: ChildProcess = fork(join(__dirname, '..', module), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  })
  let next = 1
  const pending = new Map<number, { ok: (v: unknown) => void; fail: (e: Error) => void }>()
  let exited: Error | null = null
  proc.on('message', (m: Reply) => {
    const p = pending.get(m.id)
    if (!p) return
    pending.delete(m.id)
    if (m.ok) p.ok(m.value)
    else p.fail(new Error(`${module}: ${m.error}`))
  })
  proc.on('exit', (code, signal) => {
    exited = new Error(`${module} exited (${signal ?? code})`)
    for (const p of pending.values()) p.fail(exited)
    pending.clear()
  })
  await new Promise<void>((ok, fail) => {
    proc.once('message', () => ok())
    proc.once('exit', () => fail(exited ?? new Error(`${module} did not start`)))
  })
  return {
    pid: proc.pid!,
    call<T>(cmd: string, args?: unknown): Promise<T> {
      if (exited) return Promise.reject(exited)
      const id = next++
      return new Promise<T>((ok, fail) => {
        pending.set(id, { ok: ok as (v: unknown) => void, fail })
        proc.send({ id, cmd, args } satisfies Request)
      })
    },
    async close(): Promise<void> {
      if (exited) return
      const gone = new Promise<void>((ok) => proc.once('exit', () => ok()))
      proc.send({ id: 0, cmd: '__exit', args: null } satisfies Request)
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
      await gone
      clearTimeout(timer)
    },
  }
}

/** In the child: answers the parent's commands; `__exit` runs `onExit` and ends the process. */
export function serveCommands(handlers: Record<string, (args: never) => unknown>, onExit: () => Promise<void> = async () => {}): void {
  process.on('message', (m: Request) => {
    if (m.cmd === '__exit') {
      void onExit().finally(() => process.exit(0))
      return
    }
    const handler = handlers[m.cmd]
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${m.cmd}`)
        return handler(m.args as never)
      })
      .then(
        (value) => process.send!({ id: m.id, ok: true, value } satisfies Reply),
        (err: unknown) => process.send!({ id: m.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Reply),
      )
  })
  process.send!({ id: -1, ok: true, value: 'ready' } satisfies Reply)
}

/** Resident set size of this process, in MB. */
export function rssMb(): number {
  return process.memoryUsage().rss / 2 ** 20
}
