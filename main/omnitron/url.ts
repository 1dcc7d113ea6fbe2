/**
 * Server address rules: the token travels in a header, so anything but this computer must be
 * reached over https. Plain http is allowed only for loopback (the simulator, local tests).
 * The rules themselves are main/domain's (inspectServerUrl); this file words them as API errors.
 */
import { inspectServerUrl, isLoopbackHost, type ServerUrlCheck } from '../domain'
import { OmnitronError } from './errors'

export { isLoopbackHost }

/**
 * Parses and checks a server base URL (main/domain's rules, worded for the API client's
 * errors); returns it without query, fragment or trailing slash.
 */
export function checkServerUrl(input: string): string {
  const check = inspectServerUrl(input)
  if (!check.ok) throw refusal(input, check)
  const url = check.url
  url.search = ''
  url.hash = ''
  return url.toString().replace(/\/+$/, '')
}

function refusal(input: string, check: Extract<ServerUrlCheck, { ok: false }>): OmnitronError {
  switch (check.rule) {
    case 'not_a_url':
      return new OmnitronError('validation', `"${input}" is not a server address; enter e.g. https://omnitron.example.com`, {
        fields: { serverUrl: ['Not a valid address'] },
      })
    case 'not_http':
      return new OmnitronError('validation', `The server address must start with https:// (got ${check.url.protocol})`, {
        fields: { serverUrl: ['Use https://'] },
      })
    case 'plain_http': {
      const { host, hostname, pathname } = check.url
      return new OmnitronError(
        'validation',
        `Refusing plain http:// for ${hostname}: the sign-in token would travel unencrypted. Use https://${host}${pathname === '/' ? '' : pathname}`,
        { fields: { serverUrl: ['Use https:// (plain http is allowed only for 127.0.0.1/localhost)'] } },
      )
    }
    case 'credentials':
      return new OmnitronError('validation', 'The server address must not contain a user name or password.', {
        fields: { serverUrl: ['Remove the credentials from the address'] },
      })
  }
}

/** Whether `link` (a `next`/`previous` URL) points at the same origin as `base`. */
export function sameOrigin(link: string, base: string): boolean {
  try {
    return new URL(link, base).origin === new URL(base).origin
  } catch {
    return false
  }
}
