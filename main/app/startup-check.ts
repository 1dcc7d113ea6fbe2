/**
 * The cache's start-up checks for the app and the web host, run after the session opened and
 * began to answer (store/cache-check.ts runs them on a worker thread). What they find is acted
 * on as the checks at open did: plans whose stored record is damaged are fetched again at the
 * next sync, with a line for the person; a damaged file makes the holder open the session again
 * with the checks at open, which move the file aside, build a fresh cache and say so. The
 * person's decisions live in the outbox's own file, so nothing they did waits on this.
 */
import { checkInBackground, type BackgroundCheck } from '../store'
import { createLogger } from '../log'
import type { ServerSession } from './session'

const log = createLogger('app')

export interface StartupCheckHooks {
  /** Lines the person is told (damaged records found). */
  notices: (lines: string[]) => void
  /** SQLite found the file damaged (its words): the session must be opened again, checked at open. */
  damaged: (problem: string) => void
}

export class StartupCheck {
  /** Settles once the outcome was acted on (or the check stopped or failed). */
  readonly done: Promise<void>
  private readonly check: BackgroundCheck
  private stopped = false

  constructor(session: ServerSession, hooks: StartupCheckHooks) {
    this.check = checkInBackground(session.store.file)
    this.done = this.check.outcome.then(
      (outcome) => {
        if (outcome === null || this.stopped) return
        if (outcome.problem !== null) {
          log.warn(`The cache check found damage: ${outcome.problem}`)
          hooks.damaged(outcome.problem)
          return
        }
        const lines = session.store.refetchDamaged(outcome.damaged)
        if (lines.length > 0) hooks.notices(lines)
      },
      (e: Error) => log.warn(`The cache check could not run: ${e.message}`),
    ).catch((e: Error) => log.warn(`The cache check's outcome could not be kept: ${e.message}`))
  }

  /** The session closes: its outcome is no longer acted on. */
  stop(): void {
    this.stopped = true
    this.check.stop()
  }
}
