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

/**
 * How long after the session opened the check starts. The first screen needs both cores for
 * about a second (the window's scripts, the first searches); the check reading the whole file
 * beside it made that second longer. B8's cold start at 100,000 plans: 1.76 s checking at once,
 * 1.45 s three seconds later.
 */
export const CHECK_AFTER_MS = 3_000

export class StartupCheck {
  /** Settles once the outcome was acted on (or the check stopped or failed). */
  readonly done: Promise<void>
  private check: BackgroundCheck | null = null
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  private cancel: () => void = () => undefined

  constructor(session: ServerSession, hooks: StartupCheckHooks, afterMs = CHECK_AFTER_MS) {
    const started = new Promise<BackgroundCheck | null>((ok) => {
      this.cancel = () => ok(null)
      this.timer = setTimeout(() => ok((this.check = checkInBackground(session.store.file))), afterMs)
      this.timer.unref()
    })
    this.done = started
      .then((check) => check?.outcome ?? null)
      .then(
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
      )
      .catch((e: Error) => log.warn(`The cache check's outcome could not be kept: ${e.message}`))
  }

  /** The session closes: the check does not start, or its outcome is not acted on. */
  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.cancel()
    this.check?.stop()
  }
}
