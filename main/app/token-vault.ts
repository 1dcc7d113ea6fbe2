import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { loadJsonFile, saveJsonFile } from './json-file'

export interface StoredCredentials {
  serverUrl: string
  username: string
  token: string
  /** 'password': the server gave this token for this user at a password sign-in (so it is theirs). */
  verified?: 'password'
}

export const StoredCredentialsSchema = z.object({
  serverUrl: z.string().min(1),
  username: z.string(),
  token: z.string().min(1),
  verified: z.literal('password').optional(),
})

/**
 * Where the API token is kept between launches. The Electron app uses safeStorage
 * (main/electron/safe-storage-vault.ts); the web host uses a file only the user can read.
 */
export interface TokenVault {
  /** True when the OS encrypts the token (Keychain, DPAPI, libsecret/kwallet). */
  readonly secure: boolean
  /** Human explanation of where the token lives, shown next to "remember me". */
  readonly description: string
  load(): StoredCredentials | null
  save(credentials: StoredCredentials): void
  clear(): void
}

/** Keeps credentials in <dir>/credentials.json with mode 0600 (readable only by the user). */
export class FileTokenVault implements TokenVault {
  readonly secure = false
  readonly description = 'Stored unencrypted in a file that only your user account can read.'
  private readonly path: string

  constructor(dir: string, name = 'credentials.json') {
    this.path = join(dir, name)
  }

  /** Where the token is kept (told to the person after a CLI sign-in). */
  get file(): string {
    return this.path
  }

  load(): StoredCredentials | null {
    return loadJsonFile(this.path, StoredCredentialsSchema).value
  }

  save(credentials: StoredCredentials): void {
    saveJsonFile(this.path, credentials, 0o600)
  }

  clear(): void {
    if (existsSync(this.path)) rmSync(this.path)
  }
}

/** Remembers nothing: for a session where the person chose not to store the token. */
export class MemoryTokenVault implements TokenVault {
  readonly secure = false
  readonly description = 'Kept in memory only; you sign in again after a restart.'
  private value: StoredCredentials | null = null
  load(): StoredCredentials | null {
    return this.value
  }
  save(c: StoredCredentials): void {
    this.value = c
  }
  clear(): void {
    this.value = null
  }
}
