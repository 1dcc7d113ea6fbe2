/**
 * Server address rules: the token travels in a header, so anything but this computer must be
 * reached over https. Plain http is allowed only for loopback (the simulator, local tests).
 * The settings form (through the contract's ServerUrlSchema), the launch options and the API
 * client (main/omnitron/url.ts) all apply these rules; each words its own messages.
 *
 * Plain TypeScript only (the WHATWG URL global exists in Node and in browsers): the renderer
 * bundles this through preload/contract.ts.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/** True for this computer's own addresses, the only ones plain http is allowed for. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase())
}

/** Which rule an address breaks, checked in this order. */
export type ServerUrlRule = 'not_a_url' | 'not_http' | 'plain_http' | 'credentials'

export type ServerUrlCheck =
  | { ok: true; url: URL }
  | { ok: false; rule: 'not_a_url' }
  | { ok: false; rule: Exclude<ServerUrlRule, 'not_a_url'>; url: URL }

/** Parses `input` (trimmed) and applies the rules; the parsed URL comes back either way when it parses. */
export function inspectServerUrl(input: string): ServerUrlCheck {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return { ok: false, rule: 'not_a_url' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, rule: 'not_http', url }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { ok: false, rule: 'plain_http', url }
  if (url.username || url.password) return { ok: false, rule: 'credentials', url }
  return { ok: true, url }
}

const PROBLEMS: Record<ServerUrlRule, string> = {
  not_a_url: 'Enter a full server address, e.g. https://omnitron.example.com',
  not_http: 'The server address must start with https://',
  plain_http: 'Use https:// (plain http is allowed only for 127.0.0.1 or localhost)',
  credentials: 'The server address must not contain a user name or password',
}

/** Why a server address is unusable (a sentence for a form), or null. */
export function serverUrlProblem(input: string): string | null {
  const check = inspectServerUrl(input)
  return check.ok ? null : PROBLEMS[check.rule]
}
