import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { safeStorage } from '../../mocks/electron'
import { SafeStorageVault } from '../../../main/electron/safe-storage-vault'

const creds = { serverUrl: 'https://omnitron.example.com', username: 'ayse', token: 'tok-1234567890-secret' }

describe('SafeStorageVault', () => {
  afterEach(() => {
    safeStorage.available = true
    safeStorage.backend = 'gnome_libsecret'
  })

  it('stores the token encrypted, readable only by the user, and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plandesk-vault-'))
    const vault = new SafeStorageVault(dir, safeStorage as never, 'linux')
    vault.save(creds)
    const file = join(dir, 'credentials.bin')
    expect(readFileSync(file, 'utf8')).not.toContain(creds.token)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(vault.load()).toEqual(creds)
    vault.clear()
    expect(vault.load()).toBeNull()
  })

  it('is not secure on Linux without a keyring (basic_text)', () => {
    safeStorage.backend = 'basic_text'
    const vault = new SafeStorageVault(mkdtempSync(join(tmpdir(), 'v-')), safeStorage as never, 'linux')
    expect(vault.secure).toBe(false)
    expect(vault.description).toMatch(/no secure storage/)
  })

  it('refuses to save when encryption is unavailable, with a clear message', () => {
    safeStorage.available = false
    const vault = new SafeStorageVault(mkdtempSync(join(tmpdir(), 'v-')), safeStorage as never, 'win32')
    expect(vault.secure).toBe(false)
    expect(() => vault.save(creds)).toThrow(/cannot encrypt/)
  })

  it('treats an undecryptable file as no saved sign-in', () => {
    const dir = mkdtempSync(join(tmpdir(), 'v-'))
    const vault = new SafeStorageVault(dir, safeStorage as never, 'darwin')
    vault.save(creds)
    const broken = { ...safeStorage, decryptString: () => 'not json' }
    expect(new SafeStorageVault(dir, broken as never, 'darwin').load()).toBeNull()
  })
})
