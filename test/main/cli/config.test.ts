import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cacheFile, clearSession, readSession, writeSession } from '../../../main/cli/config'
import { tempDataDir } from './harness'

describe('CLI session', () => {
  it('writes 0600 and reads back, with env overrides', () => {
    const dir = tempDataDir()
    const env = { PLANDESK_DATA_DIR: dir }
    const file = writeSession(env, { serverUrl: 'https://a.example', username: 'u', token: 'tok', scope: { retailStoreRemoteId: 'S' } })
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readSession(env)).toEqual({ serverUrl: 'https://a.example', username: 'u', token: 'tok', scope: { retailStoreRemoteId: 'S' } })
    expect(readSession({ ...env, PLANDESK_TOKEN: 'envtok', PLANDESK_SERVER: 'https://b.example' })).toMatchObject({ token: 'envtok', serverUrl: 'https://b.example' })
    clearSession(env)
    expect(readSession(env)).toEqual({ serverUrl: 'https://a.example', username: null, token: null, scope: { retailStoreRemoteId: 'S' } })
  })

  it('says so when the session file is damaged', () => {
    const dir = tempDataDir()
    writeFileSync(join(dir, 'cli-session.json'), '{nope')
    expect(() => readSession({ PLANDESK_DATA_DIR: dir })).toThrow(/damaged/)
  })

  it('uses --db, else the per-server cache of the data folder', () => {
    const env = { PLANDESK_DATA_DIR: '/d' }
    expect(cacheFile(env, '/x/my.sqlite', 'https://a.example')).toBe('/x/my.sqlite')
    expect(cacheFile(env, undefined, null)).toBe('/d/cache.sqlite')
    expect(cacheFile(env, undefined, 'https://a.example')).toMatch(/^\/d\/cache-[0-9a-f]{12}\.sqlite$/)
  })
})
