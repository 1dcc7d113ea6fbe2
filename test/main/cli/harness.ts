/** Runs `plandesk` in-process with captured output and a temporary data folder (not a test file). */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { CliIo } from '../../../main/cli/io'
import { runCli } from '../../../main/cli/program'

export interface CliRun {
  code: number
  out: string
  err: string
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'pd-cli-'))
}

/** `onErr`: told each piece of standard error as it is written (to act on a message while the command runs). */
export async function cli(argv: string[], opts: { dataDir: string; stdin?: string; env?: NodeJS.ProcessEnv; onErr?: (text: string) => void }): Promise<CliRun> {
  let out = ''
  let err = ''
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => {
      err += t
      opts.onErr?.(t)
    },
    stdin: Readable.from(opts.stdin === undefined ? [] : [opts.stdin]),
    stdinIsTTY: false,
    stderrIsTTY: false,
    env: { PLANDESK_DATA_DIR: opts.dataDir, ...opts.env },
  }
  const code = await runCli(argv, io)
  return { code, out, err }
}
