import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { SettingsStore } from '../../../main/app/settings'
import { FileTokenVault } from '../../../main/app/token-vault'
import { dataDirOf, loadSetup } from '../../../main/cli/config'
import { UsageError } from '../../../main/cli/errors'
import type { CliIo } from '../../../main/cli/io'
import { defaultDataDir } from '../../../main/store/paths'
import { tempDataDir } from './harness'

function io(env: NodeJS.ProcessEnv): CliIo & { errors: string[] } {
  const errors: string[] = []
  return { out: () => {}, err: (t) => void errors.push(t), stdin: Readable.from([]), stdinIsTTY: false, stderrIsTTY: false, env, errors }
}

/** A data folder the app (or `plandesk login`) set up for a server. */
function serverFolder(serverUrl = 'https://a.example.com', token = 'tok'): string {
  const dir = tempDataDir()
  new SettingsStore(dir).update({ mode: 'server', serverUrl })
  new FileTokenVault(dir).save({ serverUrl, username: 'ayse', token })
  return dir
}

describe('CLI setup (the data folder it shares with the app)', () => {
  it('takes the data folder from --data-dir, else PLANDESK_DATA_DIR, else the app’s default', () => {
    expect(dataDirOf(io({ PLANDESK_DATA_DIR: '/env' }), { dataDir: '/flag' })).toBe('/flag')
    expect(dataDirOf(io({ PLANDESK_DATA_DIR: '/env' }), {})).toBe('/env')
    const env = { XDG_CONFIG_HOME: '/xdg', APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }
    expect(dataDirOf(io(env), {})).toBe(defaultDataDir(env))
  })

  it('reads the server from settings.json and the sign-in from credentials.json', () => {
    const dir = serverFolder()
    const setup = loadSetup(io({}), { dataDir: dir })
    expect(setup.dataDir).toBe(dir)
    expect(setup.target).toEqual({ demo: false, serverUrl: 'https://a.example.com' })
    expect(setup.credentials).toEqual({ username: 'ayse', token: 'tok' })
    expect(setup.vault.file).toBe(join(dir, 'credentials.json'))
  })

  it('shows demo data for a data folder nobody set up, as the app does', () => {
    const setup = loadSetup(io({}), { dataDir: tempDataDir() })
    expect(setup.target).toEqual({ demo: true, serverUrl: null })
    expect(setup.credentials).toBeNull()
  })

  it('never uses a token saved for another server', () => {
    const dir = serverFolder()
    new SettingsStore(dir).update({ serverUrl: 'https://b.example.com' })
    expect(loadSetup(io({}), { dataDir: dir }).credentials).toBeNull()
  })

  it('lets PLANDESK_SERVER and PLANDESK_TOKEN override the folder for one run', () => {
    const dir = serverFolder()
    const other = loadSetup(io({ PLANDESK_SERVER: 'https://b.example.com/', PLANDESK_TOKEN: 'envtok' }), { dataDir: dir })
    expect(other.target).toEqual({ demo: false, serverUrl: 'https://b.example.com' })
    expect(other.credentials).toEqual({ username: null, token: 'envtok' })
    // Another server without a token: the saved token (of a.example.com) is not sent there.
    expect(loadSetup(io({ PLANDESK_SERVER: 'https://b.example.com' }), { dataDir: dir }).credentials).toBeNull()
    // The same server, another token.
    expect(loadSetup(io({ PLANDESK_TOKEN: 'envtok' }), { dataDir: dir })).toMatchObject({
      target: { serverUrl: 'https://a.example.com' },
      credentials: { token: 'envtok' },
    })
    // A server in a demo folder.
    expect(loadSetup(io({ PLANDESK_SERVER: 'https://b.example.com' }), { dataDir: tempDataDir() }).target).toEqual({ demo: false, serverUrl: 'https://b.example.com' })
  })

  it('refuses an unusable PLANDESK_SERVER as a usage mistake', () => {
    expect(() => loadSetup(io({ PLANDESK_SERVER: 'http://omnitron.example.com' }), { dataDir: tempDataDir() })).toThrow(UsageError)
    expect(() => loadSetup(io({ PLANDESK_SERVER: 'nonsense' }), { dataDir: tempDataDir() })).toThrow(/^PLANDESK_SERVER: /)
  })

  it('says on stderr when settings.json was damaged, and goes on with the defaults', () => {
    const dir = tempDataDir()
    writeFileSync(join(dir, 'settings.json'), '{nope')
    const out = io({})
    expect(loadSetup(out, { dataDir: dir }).target).toEqual({ demo: true, serverUrl: null })
    expect(out.errors.join('')).toMatch(/settings file could not be read/)
  })
})
