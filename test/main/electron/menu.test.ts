import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { menuTemplate } from '../../../main/electron/menu'

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [
    ...(i.role ? [String(i.role)] : []),
    ...(Array.isArray(i.submenu) ? roles(i.submenu) : []),
  ])
}

describe('application menu', () => {
  // No Reload or developer tools in production: asserted on the booted app in checklist.test.ts.
  it('has the editing commands and Quit', () => {
    const r = roles(menuTemplate({ dev: false, platform: 'linux', openHelp: () => undefined }))
    expect(r).toContain('copy')
    expect(r).toContain('quit')
  })

  it('offers Reload and the developer tools in development', () => {
    const r = roles(menuTemplate({ dev: true, platform: 'linux', openHelp: () => undefined }))
    expect(r).toContain('reload')
    expect(r).toContain('toggleDevTools')
  })

  it('adds the app menu on macOS', () => {
    const r = roles(menuTemplate({ dev: false, platform: 'darwin', openHelp: () => undefined }))
    expect(r[0]).toBe('appMenu')
  })
})
