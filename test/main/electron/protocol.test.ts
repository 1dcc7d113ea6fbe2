import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { protocol } from '../../mocks/electron'
import { serveRenderer } from '../../../main/electron/protocol'

describe('plandesk:// protocol', () => {
  let handle: (req: Request) => Promise<Response>

  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'plandesk-proto-'))
    const dir = join(base, 'renderer')
    mkdirSync(join(dir, 'assets'), { recursive: true })
    writeFileSync(join(dir, 'index.html'), '<title>PlanDesk</title>')
    writeFileSync(join(dir, 'assets', 'a.js'), 'x')
    writeFileSync(join(base, 'secret.txt'), 'outside')
    serveRenderer(protocol as never, dir)
    handle = protocol.handlers.get('plandesk')!
  })

  it('serves the renderer with its CSP and content type', async () => {
    const res = await handle(new Request('plandesk://app/index.html'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(await res.text()).toContain('PlanDesk')
    expect((await handle(new Request('plandesk://app/assets/a.js'))).headers.get('content-type')).toContain('javascript')
  })

  it('never serves files outside the renderer folder, nor other hosts, nor malformed paths', async () => {
    for (const path of ['..%2Fsecret.txt', '%2E%2E/secret.txt', 'assets/..%2F..%2Fsecret.txt']) {
      const res = await handle(new Request(`plandesk://app/${path}`))
      expect([403, 404]).toContain(res.status)
      expect(await res.text()).not.toContain('outside')
    }
    expect((await handle(new Request('plandesk://other/index.html'))).status).toBe(403)
    expect((await handle(new Request('plandesk://app/%E0%A4%A'))).status).toBe(400)
    expect((await handle(new Request('plandesk://app/missing.js'))).status).toBe(404)
  })
})
