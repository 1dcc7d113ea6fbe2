/**
 * The single entry point of every IPC call, whichever transport carried it (Electron's ipcMain
 * or the web host's POST /ipc/<channel>): the channel must exist, the argument must pass the
 * channel's zod schema before the handler runs, and the result always comes back as an Envelope.
 */
import type { z } from 'zod'
import {
  channels,
  isChannel,
  type Channel,
  type Envelope,
  type ParsedArgsOf,
  type ResultOf,
} from '../../preload/contract'
import { errorEnvelope } from './errors'

export type Handler<C extends Channel> = (args: ParsedArgsOf<C>) => Promise<ResultOf<C>> | ResultOf<C>
export type Handlers = { [C in Channel]: Handler<C> }

export function validationError(issues: z.core.$ZodIssue[]): Envelope<never> {
  const fields: Record<string, string[]> = {}
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.join('.') : 'non_field_errors'
    ;(fields[key] ??= []).push(issue.message)
  }
  const first = issues[0]
  const where = first && first.path.length ? ` (${first.path.join('.')})` : ''
  return {
    ok: false,
    error: { code: 'validation', message: `Invalid request${where}: ${first?.message ?? 'unknown problem'}`, fields },
  }
}

export async function dispatch(handlers: Handlers, channel: unknown, arg: unknown): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'validation', message: `Unknown channel: ${String(channel).slice(0, 80)}` } }
  }
  const parsed = channels[channel].args.safeParse(arg)
  if (!parsed.success) return validationError(parsed.error.issues)
  try {
    const handler = handlers[channel] as (a: unknown) => unknown
    const value = await handler(parsed.data)
    return { ok: true, value }
  } catch (err) {
    return errorEnvelope(err)
  }
}
