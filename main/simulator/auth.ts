/**
 * Token authentication like DRF's TokenAuthentication: `Authorization: Token <key>`, one key per
 * user (a second login returns the same key), 401 with {detail, code} otherwise. Tokens live in
 * memory: expiring them all (a fault for tests) forces every client to log in again.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { HttpError } from './http'
import type { Actor } from './state'

export class TokenAuth {
  private readonly byKey = new Map<string, Actor>()
  private readonly byUser = new Map<number, string>()

  issue(actor: Actor): string {
    const existing = this.byUser.get(actor.pk)
    if (existing) return existing
    // DRF keys are 40 hex characters.
    const key = randomBytes(20).toString('hex')
    this.byKey.set(key, actor)
    this.byUser.set(actor.pk, key)
    return key
  }

  expireAll(): void {
    this.byKey.clear()
    this.byUser.clear()
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
    const actor = this.byKey.get(parts[1])
    if (!actor) {
      throw new HttpError(401, { detail: 'Invalid token.', code: 'authentication_failed' }, { 'WWW-Authenticate': 'Token' })
    }
    return actor
  }
}
