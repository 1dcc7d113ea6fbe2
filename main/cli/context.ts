/** Opening a session (cache + API client + sync) for one command, from options, env and the data folder. */
import { openSession, type OpenSessionOptions, type ServerSession } from '../app/session'
import { NotACacheError } from '../store'
import { CliError, UsageError } from './errors'
import { type CliSetup, type GlobalOptions, loadSetup } from './config'
import type { CliIo } from './io'

export type { GlobalOptions } from './config'

export interface SessionUse {
  /** Run SQLite's whole-file check on open (commands that write); reads skip it to start fast. */
  check?: boolean
  /** The command, as another process waiting for this one is told ("plandesk sync"). */
  purpose: string
  pageSize?: number
  reconcileEveryMs?: number
  pullRetry?: OpenSessionOptions['pullRetry']
}

export async function withSession<T>(
  io: CliIo,
  global: GlobalOptions,
  use: SessionUse,
  fn: (session: ServerSession, setup: CliSetup) => T | Promise<T>,
): Promise<T> {
  const setup = loadSetup(io, global)
  let session: ServerSession
  try {
    session = openSession({
      dataDir: setup.dataDir,
      target: setup.target,
      credentials: setup.credentials,
      purpose: use.purpose,
      language: setup.settings.get().language,
      cacheFile: global.db,
      check: use.check ?? false,
      pageSize: use.pageSize,
      reconcileEveryMs: use.reconcileEveryMs,
      pullRetry: use.pullRetry,
    })
  } catch (e) {
    // A wrong --db (a document, a typo) is a usage mistake; the file was left as it was.
    if (e instanceof NotACacheError) throw new UsageError(global.db ? `${e.message} Use --db with a PlanDesk cache file, or another --data-dir.` : e.message)
    throw e
  }
  for (const n of session.notices) io.err(`${n}\n`)
  try {
    return await fn(session, setup)
  } finally {
    await session.close()
  }
}

/** Says plainly why this session cannot talk to the server, or returns. */
export function requireSignedIn(session: ServerSession, setup: CliSetup): void {
  if (setup.target.demo) {
    throw new CliError('This data folder shows demo data; its demo server runs inside the PlanDesk app. Run "plandesk login --server URL --username NAME" to use a real server.')
  }
  if (!session.serverUrl) throw new CliError('No server configured: run "plandesk login --server URL --username NAME" first.')
  if (!session.signedIn) {
    throw new CliError(`Not signed in to ${session.serverUrl}: run "plandesk login" (or set PLANDESK_TOKEN). The desktop app's sign-in is encrypted for the app alone.`)
  }
}
