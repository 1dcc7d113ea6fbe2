/**
 * Server address rules: the token travels in a header, so anything but this computer must be
 * reached over https. Plain http is allowed only for loopback (the simulator, local tests).
 */
import { isLoopbackHost } from '../../preload/contract'
import { OmnitronError } from './errors'

export { isLoopbackHost }

/** Parses and checks a server base URL; returns it without a trailing slash. */
export function checkServerUrl(input: string): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new OmnitronError('validation', `"${input}" is not a server address; enter e.g. https://omnitron.example.com`, {
      fields: { serverUrl: ['Not a valid address'] },
    })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OmnitronError('validation', `The server address must start with https:// (got ${url.protocol})`, {
      fields: { serverUrl: ['Use https://'] },
    })
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new OmnitronError(
      'validation',
      `Refusing plain http:// for ${url.hostname}: the sign-in token would travel unencrypted. Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}`,
      { fields: { serverUrl: ['Use https:// (plain http is allowed only for 127.0.0.1/localhost)'] } },
    )
  }
  if (url.username || url.password) {
    throw new OmnitronError('validation', 'The server address must not contain a user name or password.', {
      fields: { serverUrl: ['Remove the credentials from the address'] },
    })
  }
  url.search = ''
  url.hash = ''
  return url.toString().replace(/\/+$/, '')
}

/** Whether `link` (a `next`/`previous` URL) points at the same origin as `base`. */
export function sameOrigin(link: string, base: string): boolean {
  try {
    return new URL(link, base).origin === new URL(base).origin
  } catch {
    return false
  }
}
