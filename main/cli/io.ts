/** The CLI's view of the process, injectable so tests run commands in-process. */
import type { Readable } from 'node:stream'

export interface CliIo {
  out(text: string): void
  err(text: string): void
  stdin: Readable
  stdinIsTTY: boolean
  /** Whether stderr is a terminal (progress bar). */
  stderrIsTTY: boolean
  env: NodeJS.ProcessEnv
  /** Where the progress bar draws; omitted in tests. */
  stderrStream?: NodeJS.WritableStream
}

export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    stdin: process.stdin,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    stderrStream: process.stderr,
  }
}
