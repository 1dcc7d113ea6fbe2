import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { SafeStorage } from 'electron'
import { saveJsonFile } from '../app/json-file'
import { StoredCredentialsSchema, type StoredCredentials, type TokenVault } from '../app/token-vault'
import { AppError } from '../domain/errors'
import { createLogger } from '../log'

const log = createLogger('vault')

/**
 * Keeps the credentials encrypted with Electron's safeStorage (Keychain on macOS, DPAPI on
 * Windows, libsecret/kwallet on Linux). Linux without a keyring falls back to a hard-coded key
 * ('basic_text'), which is not secure: then `secure` is false, the person is told, and the
 * token is only written if they still choose to be remembered.
 */
export class SafeStorageVault implements TokenVault {
  private readonly path: string

  constructor(
    dataDir: string,
    private readonly safeStorage: SafeStorage,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.path = join(dataDir, 'credentials.bin')
  }

  get secure(): boolean {
    if (!this.safeStorage.isEncryptionAvailable()) return false
    if (this.platform === 'linux') {
      const backend = this.safeStorage.getSelectedStorageBackend?.()
      return backend !== 'basic_text' && backend !== 'unknown'
    }
    return true
  }

  get description(): string {
    return this.secure
      ? 'Encrypted by your operating system’s secure storage.'
      : 'This computer offers no secure storage: a remembered sign-in is kept with weak encryption in a file only your account can read.'
  }

  load(): StoredCredentials | null {
    if (!existsSync(this.path) || !this.safeStorage.isEncryptionAvailable()) return null
    try {
      const blob = Buffer.from(readFileSync(this.path, 'utf8'), 'base64')
      const parsed = StoredCredentialsSchema.safeParse(JSON.parse(this.safeStorage.decryptString(blob)))
      return parsed.success ? parsed.data : null
    } catch {
      log.warn('The saved sign-in could not be decrypted; you need to sign in again.')
      return null
    }
  }

  save(credentials: StoredCredentials): void {
    if (!this.safeStorage.isEncryptionAvailable()) {
      throw new AppError('storage', 'This computer cannot encrypt the sign-in; sign in without “remember me”.')
    }
    const blob = this.safeStorage.encryptString(JSON.stringify(credentials))
    saveJsonFile(this.path, blob.toString('base64'), 0o600)
  }

  clear(): void {
    if (existsSync(this.path)) rmSync(this.path)
  }
}
