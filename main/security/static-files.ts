import { extname, normalize, resolve, sep } from 'node:path'

/** Content types of what the built renderer contains. */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

export function contentType(file: string): string {
  return MIME[extname(file)] ?? 'application/octet-stream'
}

export type StaticPath = { ok: true; file: string; rel: string } | { ok: false; status: 400 | 403 }

/**
 * Maps a URL path to a file inside `root` (the built renderer), for the web host and the
 * plandesk:// protocol alike: a malformed %-sequence is 400, anything resolving outside the
 * folder (`..`, encoded or not) is 403. `/` means index.html.
 */
export function resolveStaticPath(root: string, pathname: string): StaticPath {
  let rel: string
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '')
  } catch {
    return { ok: false, status: 400 }
  }
  const base = resolve(root)
  const file = resolve(base, rel || 'index.html')
  if (file !== base && !file.startsWith(base + sep)) return { ok: false, status: 403 }
  return { ok: true, file, rel }
}
