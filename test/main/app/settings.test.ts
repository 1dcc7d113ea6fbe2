import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { saveJsonFile } from '../../../main/app/json-file'
import { DEFAULT_SETTINGS, SettingsStore } from '../../../main/app/settings'

const dir = () => mkdtempSync(join(tmpdir(), 'plandesk-settings-'))

describe('SettingsStore', () => {
  it('starts in demo mode with defaults and persists updates', () => {
    const d = dir()
    const s = new SettingsStore(d)
    expect(s.get()).toEqual(DEFAULT_SETTINGS)
    s.update({ language: 'tr', serverUrl: 'https://omnitron.example.com/', mode: 'server' })
    const again = new SettingsStore(d).get()
    expect(again.language).toBe('tr')
    expect(again.serverUrl).toBe('https://omnitron.example.com')
    expect(again.mode).toBe('server')
  })

  it('refuses server mode without a server address', () => {
    const s = new SettingsStore(dir())
    expect(() => s.update({ mode: 'server' })).toThrow(/server address/)
    expect(s.get().mode).toBe('demo')
  })

  it('keeps a damaged settings file aside, tells the person and uses defaults', () => {
    const d = dir()
    writeFileSync(join(d, 'settings.json'), '{ not json')
    const s = new SettingsStore(d)
    expect(s.get()).toEqual(DEFAULT_SETTINGS)
    expect(s.notices[0]).toMatch(/could not be read/)
    const kept = readdirSync(d).find((f) => f.startsWith('settings.json.broken-'))
    expect(kept).toBeDefined()
    expect(readFileSync(join(d, kept!), 'utf8')).toBe('{ not json')
    expect(existsSync(join(d, 'settings.json'))).toBe(false)
  })

  it('treats a well-formed file with invalid values as damaged', () => {
    const d = dir()
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, syncIntervalMinutes: -3 }))
    expect(new SettingsStore(d).notices).toHaveLength(1)
  })

  it('keeps no scope (it lives in the cache), but reads one from an older file once', () => {
    const d = dir()
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, scope: { retailStoreRemoteId: 'S1' } }))
    const s = new SettingsStore(d)
    expect(s.notices).toEqual([])
    expect(s.legacyScope).toEqual({ retailStoreRemoteId: 'S1' })
    expect(s.get()).toEqual(DEFAULT_SETTINGS)
    expect(s.get()).not.toHaveProperty('scope')
    // A patch's scope is the session's business: the file is written without any.
    s.update({ language: 'tr', scope: { channelIds: [3] } })
    expect(JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8'))).toEqual({ ...DEFAULT_SETTINGS, language: 'tr' })
    expect(new SettingsStore(d).legacyScope).toBeNull()
    // An empty scope in an old file is no scope.
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, scope: {} }))
    expect(new SettingsStore(d).legacyScope).toBeNull()
  })
})

describe('saving a settings file', () => {
  it('leaves no temp file behind when the write fails, and the old file as it was', () => {
    const d = dir()
    const s = new SettingsStore(d)
    s.update({ language: 'tr' })
    const before = readFileSync(join(d, 'settings.json'), 'utf8')
    // The rename cannot happen (a folder has the file's name): the write fails like a full disk's would.
    const blocked = join(d, 'blocked')
    mkdirSync(join(blocked, 'settings.json'), { recursive: true })
    expect(() => saveJsonFile(join(blocked, 'settings.json'), { x: 1 })).toThrow()
    expect(readdirSync(blocked)).toEqual(['settings.json'])
    expect(readFileSync(join(d, 'settings.json'), 'utf8')).toBe(before)
  })

  it('removes the temp files of processes that are gone when it next reads the file, not those of live ones', () => {
    const d = dir()
    const gone = spawnSync(process.execPath, ['-e', '']).pid!
    writeFileSync(join(d, `settings.json.tmp-${gone}`), '')
    writeFileSync(join(d, `settings.json.tmp-${process.ppid}`), '{}')
    new SettingsStore(d)
    expect(readdirSync(d).sort()).toEqual([`settings.json.tmp-${process.ppid}`])
  })
})
