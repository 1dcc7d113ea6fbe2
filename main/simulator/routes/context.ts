/** What every route gets, and what it gives back (the server sends it, possibly with a fault). */
import type { IncomingMessage } from 'node:http'
import type { TokenAuth } from '../auth'
import { jsonBody, JSON_HEADERS } from '../http'
import type { SimState } from '../state'

export interface RouteContext {
  req: IncomingMessage
  url: URL
  state: SimState
  auth: TokenAuth
  /** Absolute origin for next/previous links, from the Host header like Django's build_absolute_uri. */
  origin: string
}

export interface Reply {
  status: number
  headers: Record<string, string | number>
  body: Buffer
  /** Set by routes that changed data: a "lost response" fault may apply after the commit. */
  mutation?: boolean
}

export function jsonReply(status: number, value: unknown, extra: Record<string, string> = {}): Reply {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body: jsonBody(value) }
}
