/**
 * Whose an API token is, as this data folder has learnt it: from a password sign-in (the server
 * gave the token for that user), or from the server's own record of a change sent with it (the
 * plan's last_updated_by, read back). Kept in the outbox's file (`accounts`), by a digest of the
 * server and the token, never the token itself, so every process (the app, a night job with
 * PLANDESK_TOKEN) knows what another one learnt.
 */
import { createHash } from 'node:crypto'
import type { WritableDB } from '../store/connection'
import type { TokenIdentity } from './replay'

export type TokenStanding =
  /** The token belongs to the person using it. */
  | { kind: 'confirmed'; how: 'password' | 'read_back' }
  /** Nothing is known yet: its changes go out one at a time, each read back. */
  | { kind: 'unconfirmed' }
  /** The token belongs to another account. */
  | { kind: 'other'; account: string }

export function tokenDigest(serverUrl: string, token: string): string {
  return createHash('sha256').update(`${new URL(serverUrl).origin}\n${token}`).digest('hex')
}

export class TokenAccounts implements TokenIdentity {
  private readonly digest: string

  constructor(
    private readonly db: WritableDB,
    serverUrl: string,
    token: string,
    /** The user the token is used as (the author of the changes it sends). */
    private readonly claimed: string,
    /** False where the outbox cannot be written (a full disk): what is learnt is kept in memory only. */
    private readonly canWrite: () => boolean = () => true,
  ) {
    this.digest = tokenDigest(serverUrl, token)
  }

  private known: { account: string; how: string } | null | undefined

  private row(): { account: string; how: string } | null {
    if (this.known === undefined) {
      const r = this.db.prepare('SELECT account, how FROM outbox.accounts WHERE token_digest = ?').get(this.digest) as { account: string; how: string } | undefined
      this.known = r ?? null
    }
    return this.known
  }

  standing(): TokenStanding {
    const r = this.row()
    if (!r) return { kind: 'unconfirmed' }
    if (r.account !== this.claimed) return { kind: 'other', account: r.account }
    return { kind: 'confirmed', how: r.how === 'password' ? 'password' : 'read_back' }
  }

  confirmed(): boolean {
    return this.standing().kind === 'confirmed'
  }

  otherAccount(): string | null {
    const s = this.standing()
    return s.kind === 'other' ? s.account : null
  }

  /** A password sign-in gave this token for the claimed user. */
  signedInWithPassword(): void {
    this.record(this.claimed, 'password')
  }

  observed(account: string): 'ok' | 'mismatch' {
    const s = this.standing()
    if (account === this.claimed) {
      if (s.kind !== 'confirmed') this.record(account, 'read_back')
      return 'ok'
    }
    // After a password sign-in the token is the person's whatever a read-back shows: another
    // name there is a colleague's change made since.
    if (s.kind === 'confirmed' && s.how === 'password') return 'ok'
    this.record(account, 'read_back')
    return 'mismatch'
  }

  private record(account: string, how: 'password' | 'read_back'): void {
    this.known = { account, how }
    if (!this.canWrite()) return
    try {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO outbox.accounts (token_digest, claimed, verdict, account, how, at) VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(this.digest, this.claimed, account === this.claimed ? 'confirmed' : 'mismatch', account, how, new Date().toISOString())
    } catch {
      // Kept in memory for this session; learnt again next time.
    }
  }
}
