/**
 * Signing in and out of a server: the token asked for with a password, kept in the vault when
 * the person says so, and a new session for the new person. Signing out with changes that have
 * not reached the server asks first (send them, or keep them for the next sign-in).
 */
import type { AuthStatus, LoginArgs, LogoutArgs } from '../../preload/contract'
import { AppError } from '../domain/errors'
import { forgetSecret, registerSecret } from '../log'
import { OmnitronClient } from '../omnitron'
import { checkServerUrl } from '../omnitron/url'
import type { ConnectivityMonitor } from './connectivity'
import type { SessionHolder } from './session-holder'
import type { SettingsStore } from './settings'
import type { SyncCoordinator } from './sync-coordinator'
import type { TokenVault } from './token-vault'

export interface SignInOptions {
  demo: boolean
  /** The sign-in the app started with came from the vault. */
  remembered: boolean
  vault: TokenVault
  settings: SettingsStore
  holder: SessionHolder
  connectivity: ConnectivityMonitor
  sync: SyncCoordinator
  notices: string[]
}

export class SignIn {
  private remembered: boolean

  constructor(private readonly opts: SignInOptions) {
    this.remembered = opts.remembered
  }

  status(): AuthStatus {
    const { holder, settings, vault } = this.opts
    const s = holder.current
    return {
      signedIn: s.signedIn,
      username: s.username,
      serverUrl: s.serverUrl ?? settings.get().serverUrl,
      secureStorageAvailable: vault.secure,
      tokenStorage: vault.description,
      remembered: this.remembered,
    }
  }

  async login(args: LoginArgs): Promise<AuthStatus> {
    const { settings, vault, holder, connectivity } = this.opts
    if (this.opts.demo) throw new AppError('validation', 'Leave demo mode (Settings, then restart) before signing in to a server.')
    const serverUrl = checkServerUrl(args.serverUrl)
    const token = await new OmnitronClient({ baseUrl: serverUrl, language: settings.get().language }).login(args.username, args.password)
    registerSecret(token)
    this.remembered = false
    if (args.remember) {
      try {
        vault.save({ serverUrl, username: args.username, token, verified: 'password' })
        this.remembered = true
      } catch (err) {
        // Signed in all the same; the person is told the sign-in lasts only this session.
        this.opts.notices.push(`${(err as Error).message} You are signed in until PlanDesk closes.`)
      }
    } else vault.clear()
    settings.update({ mode: 'server', serverUrl })
    this.opts.sync.forgetError()
    await holder.replace({ demo: false, serverUrl }, { username: args.username, token, verified: 'password' })
    await connectivity.check()
    return this.status()
  }

  async logout(args: LogoutArgs): Promise<AuthStatus> {
    const { vault, holder, connectivity } = this.opts
    if (this.opts.demo) throw new AppError('validation', 'Demo mode signs in by itself; there is nothing to sign out of.')
    const own = holder.current.ownOpenEdits()
    if (own > 0 && !args.pending) {
      const message = `${own} of your changes ${own === 1 ? 'has' : 'have'} not reached the server yet. Send them first, or sign out and keep them until you sign in again.`
      throw new AppError('validation', message, { pending: [message] })
    }
    if (own > 0 && args.pending === 'send') await holder.current.push({ wait: true, now: true })
    const old = holder.current
    forgetSecret(old.credentials?.token)
    vault.clear()
    this.remembered = false
    this.opts.sync.forgetError()
    await holder.replace({ demo: false, serverUrl: old.serverUrl }, null)
    connectivity.setSignedOut('Signed out.')
    return this.status()
  }
}
