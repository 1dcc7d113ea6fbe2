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

export async function cli(argv: string[], opts: { dataDir: string; stdin?: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  let out = ''
  let err = ''
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    stdin: Readable.from(opts.stdin === undefined ? [] : [opts.stdin]),
    stdinIsTTY: false,
    stderrIsTTY: false,
    env: { PLANDESK_DATA_DIR: opts.dataDir, ...opts.env },
  }
  const code = await runCli(argv, io)
  return { code, out, err }
}
