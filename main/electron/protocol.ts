import type { Protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { contentSecurityPolicy, SECURITY_HEADERS } from '../security/csp'
import { contentType, resolveStaticPath } from '../security/static-files'
import { APP_SCHEME } from './security'

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
    if (url.host !== 'app') return new Response('Forbidden', { status: 403 })
    const target = resolveStaticPath(root, url.pathname)
    if (!target.ok) return new Response(target.status === 400 ? 'Bad path' : 'Forbidden', { status: target.status })
    try {
      const body = await readFile(target.file)
      return new Response(body, {
        headers: { 'Content-Type': contentType(target.file), 'Content-Security-Policy': csp, ...SECURITY_HEADERS },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}
