/** Opening the cache and the API client for a command, from options, env and the session. */
import { OmnitronClient } from '../omnitron'
import { openStore, type PlanStore } from '../store'
import { type CliSession, cacheFile, readSession } from './config'
import { CliError } from './errors'
import type { CliIo } from './io'

export interface GlobalOptions {
  db?: string
}

export function withStore<T>(io: CliIo, global: GlobalOptions, fn: (store: PlanStore, session: CliSession) => T | Promise<T>): Promise<T> {
  const session = readSession(io.env)
  const { store, notices } = openStore({ file: cacheFile(io.env, global.db, session.serverUrl) })
  for (const n of notices) io.err(`${n}\n`)
  return Promise.resolve()
    .then(() => fn(store, session))
    .finally(() => store.close())
}

export function clientFor(session: CliSession): OmnitronClient {
  if (!session.serverUrl) throw new CliError('No server configured: run "plandesk login --server URL --username NAME" first.')
  if (!session.token) throw new CliError(`Not signed in to ${session.serverUrl}: run "plandesk login" (or set PLANDESK_TOKEN).`)
  return new OmnitronClient({ baseUrl: session.serverUrl, token: session.token })
}
