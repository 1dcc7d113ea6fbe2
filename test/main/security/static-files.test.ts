import { describe, expect, it } from 'vitest'
import { resolveStaticPath } from '../../../main/security/static-files'

describe('resolveStaticPath', () => {
  const root = '/srv/renderer'
  it('maps paths inside the folder and / to index.html', () => {
    expect(resolveStaticPath(root, '/')).toEqual({ ok: true, file: '/srv/renderer/index.html', rel: '' })
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toMatchObject({ ok: true, file: '/srv/renderer/assets/a b.js' })
  })

  it('refuses anything that resolves outside the folder', () => {
    expect(resolveStaticPath(root, 'assets/../../etc/passwd')).toEqual({ ok: false, status: 403 })
    expect(resolveStaticPath(root, '..%2F..%2Fetc%2Fpasswd')).toEqual({ ok: false, status: 403 })
  })

  it('answers 400 for a malformed %-sequence', () => {
    expect(resolveStaticPath(root, '/%E0%A4%A')).toEqual({ ok: false, status: 400 })
  })
})
