import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultCacheFile, defaultDataDir } from '../../../main/store/paths'

describe('defaultDataDir', () => {
  it('honours PLANDESK_DATA_DIR', () => {
    expect(defaultDataDir({ PLANDESK_DATA_DIR: '/data/pd' }, 'linux', '/home/a')).toBe('/data/pd')
  })
  it('uses the OS user-data folder', () => {
    expect(defaultDataDir({}, 'linux', '/home/a')).toBe(join('/home/a', '.config', 'PlanDesk'))
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/a')).toBe(join('/x', 'PlanDesk'))
    expect(defaultDataDir({}, 'darwin', '/Users/a')).toBe(join('/Users/a', 'Library', 'Application Support', 'PlanDesk'))
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe(join('C:\\Users\\a\\AppData\\Roaming', 'PlanDesk'))
  })
  it('puts the cache inside the data folder', () => {
    expect(defaultCacheFile('/d')).toBe(join('/d', 'cache.sqlite'))
    // one file per server origin (path and trailing slash do not matter)
    const a = defaultCacheFile('/d', 'https://omni.example.com/')
    expect(a).toMatch(/^\/d\/cache-[0-9a-f]{12}\.sqlite$/)
    expect(defaultCacheFile('/d', 'https://omni.example.com/api')).toBe(a)
    expect(defaultCacheFile('/d', 'https://other.example.com')).not.toBe(a)
  })
})
