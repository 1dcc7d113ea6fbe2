import type { Protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { extname, normalize, resolve, sep } from 'node:path'
import { contentSecurityPolicy, SECURITY_HEADERS } from '../security/csp'
import { APP_SCHEME } from './security'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
}

/**
 * Serves the built renderer from plandesk://app/ instead of file://, so the page has a real
 * origin for the CSP and for the IPC sender check, and cannot read other local files.
 */
export function serveRenderer(protocol: Protocol, rendererDir: string): void {
  const root = resolve(rendererDir)
  const csp = contentSecurityPolicy()
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html'
    const file = resolve(root, rel)
    if (url.host !== 'app' || (file !== root && !file.startsWith(root + sep))) {
      return new Response('Forbidden', { status: 403 })
    }
    try {
      const body = await readFile(file)
      return new Response(body, {
        headers: { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': csp, ...SECURITY_HEADERS },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}
