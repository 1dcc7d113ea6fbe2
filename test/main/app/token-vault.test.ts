import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileTokenVault, MemoryTokenVault } from '../../../main/app/token-vault'

const creds = { serverUrl: 'https://o.example.com', username: 'mehmet', token: 'abcdef0123456789' }

describe('FileTokenVault', () => {
  it('writes a file only the user can read and reads it back', () => {
    const d = mkdtempSync(join(tmpdir(), 'plandesk-tv-'))
    const v = new FileTokenVault(d)
    expect(v.load()).toBeNull()
    v.save(creds)
    expect(statSync(join(d, 'credentials.json')).mode & 0o777).toBe(0o600)
    expect(new FileTokenVault(d).load()).toEqual(creds)
    v.clear()
    expect(v.load()).toBeNull()
  })
})

describe('MemoryTokenVault', () => {
  it('forgets everything with the process', () => {
    const v = new MemoryTokenVault()
    v.save(creds)
    expect(v.load()).toEqual(creds)
    expect(new MemoryTokenVault().load()).toBeNull()
  })
})
