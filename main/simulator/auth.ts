/**
 * Token authentication like DRF's TokenAuthentication: `Authorization: Token <key>`, one key per
 * user (a second login returns the same key), 401 with {detail, code} otherwise. Tokens live in
 * the simulator's database, like DRF's authtoken table: with a file (--db) they outlive a
 * restart, so clients stay signed in as they would with a real server. Expiring them all (a
 * fault for tests) forces every client to log in again.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Db } from './db'
import { HttpError } from './http'
import type { Actor } from './state'

export class TokenAuth {
  /** Keys already read, so a request costs no query. */
  private readonly byKey = new Map<string, Actor>()

  constructor(private readonly db: Db) {}

  issue(actor: Actor): string {
    const existing = this.db.prepare('SELECT key FROM tokens WHERE user_pk = ?').pluck().get(actor.pk) as string | undefined
    if (existing) return existing
    // DRF keys are 40 hex characters.
    const key = randomBytes(20).toString('hex')
    this.db.prepare('INSERT INTO tokens (key, user_pk, username) VALUES (?, ?, ?)').run(key, actor.pk, actor.username)
    this.byKey.set(key, actor)
    return key
  }

  expireAll(): void {
    this.db.exec('DELETE FROM tokens')
    this.byKey.clear()
  }

  private actorOf(key: string): Actor | undefined {
    const known = this.byKey.get(key)
    if (known) return known
    const row = this.db.prepare('SELECT user_pk AS pk, username FROM tokens WHERE key = ?').get(key) as Actor | undefined
    if (row) this.byKey.set(key, row)
    return row
  }

  authenticate(req: IncomingMessage): Actor {
    const header = req.headers.authorization
    if (!header) {
      throw new HttpError(401, { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' },
        { 'WWW-Authenticate': 'Token' })
    }
    const parts = header.trim().split(/\s+/)
    if (parts[0].toLowerCase() !== 'token' || parts.length !== 2) {
      const detail = parts.length === 1 && parts[0].toLowerCase() === 'token'
        ? 'Invalid token header. No credentials provided.'
        : parts[0].toLowerCase() === 'token' ? 'Invalid token header. Token string should not contain spaces.'
          : 'Authentication credentials were not provided.'
      throw new HttpError(401, { detail, code: parts[0].toLowerCase() === 'token' ? 'authentication_failed' : 'not_authenticated' },
        { 'WWW-Authenticate': 'Token' })
    }
    const actor = this.actorOf(parts[1])
    if (!actor) {
      throw new HttpError(401, { detail: 'Invalid token.', code: 'authentication_failed' }, { 'WWW-Authenticate': 'Token' })
    }
    return actor
  }
}
