/**
 * The cache's two checks at start-up, away from the thread that answers the person. SQLite's
 * quick_check reads every page of the file and the record check reads every stored server record:
 * about 1.9 s at 100,000 plans, during which the app showed nothing. The app and the web host now
 * open the cache without them, serve the first rows, and run both here, on a worker thread with a
 * read-only connection of its own (check-worker.ts); the app acts on what they find
 * (app/startup-check.ts: damaged records are fetched again; a damaged file is moved aside and the
 * session opened again on a fresh cache). The CLI's writing commands still check at open, where nobody
 * waits for a first screen.
 */
import Database from 'better-sqlite3'
import { isCorruptionError } from '../domain/errors'
import { sqliteOptions } from '../native/sqlite'
import { quickCheck } from './integrity'
import { findDamagedRecords } from './search'
import { startWorker } from '../native/threads'

export interface CacheCheckOutcome {
  /** What SQLite found wrong with the file (quickCheck's words), or null when it is whole. */
  problem: string | null
  /** Plans whose stored server record is not intact (only looked for when the file is whole). */
  damaged: number[]
}

/** Runs both checks on a read-only connection of its own (a snapshot: writes go on meanwhile). */
export function checkCacheFile(file: string): CacheCheckOutcome {
  let db: Database.Database | null = null
  try {
    db = new Database(file, sqliteOptions({ readonly: true, fileMustExist: true }))
    const problem = quickCheck(db)
    return { problem, damaged: problem === null ? findDamagedRecords(db) : [] }
  } catch (e) {
    if (!isCorruptionError(e)) throw e
    return { problem: (e as Error).message, damaged: [] }
  } finally {
    try {
      db?.close()
    } catch {
      // already unusable
    }
  }
}

export interface BackgroundCheck {
  /** The outcome; null when stopped first. Rejects only when the check itself failed (not with damage). */
  readonly outcome: Promise<CacheCheckOutcome | null>
  /** Stops the check (the session closes): the outcome is null. */
  stop(): void
  /** Which thread answered: the worker, or this one when no worker could (null until answered). */
  readonly answeredBy: 'worker' | 'this thread' | null
}

/**
 * Checks the cache's file on a worker thread. When no worker can start, the check runs on this
 * thread after a turn of the event loop, so what is already asked is answered first.
 */
export function checkInBackground(file: string): BackgroundCheck {
  let settled = false
  let answeredBy: BackgroundCheck['answeredBy'] = null
  let finish: (o: CacheCheckOutcome | null) => void = () => undefined
  let fail: (e: Error) => void = () => undefined
  const outcome = new Promise<CacheCheckOutcome | null>((ok, ko) => {
    finish = (o) => {
      settled = true
      ok(o)
    }
    fail = (e) => {
      settled = true
      ko(e)
    }
  })
  // Without a worker (none could start, or it ended without answering): checked on this thread.
  const here = (): void =>
    void setImmediate(() => {
      if (settled) return
      try {
        answeredBy = 'this thread'
        finish(checkCacheFile(file))
      } catch (e) {
        fail(e as Error)
      }
    })
  let worker: ReturnType<typeof startWorker> | null = null
  try {
    worker = startWorker('check-worker', { file })
  } catch {
    here()
  }
  if (worker) {
    const w = worker
    w.once('message', (m: { outcome?: CacheCheckOutcome; error?: string }) => {
      if (settled) return
      answeredBy = 'worker'
      if (m.outcome) finish(m.outcome)
      else fail(new Error(m.error ?? 'The cache check failed.'))
    })
    // Its file missing from a build, out of memory, ...: an 'error' is followed by 'exit'.
    w.on('error', () => undefined)
    w.once('exit', () => {
      if (!settled) here()
    })
    w.unref()
  }
  return {
    outcome,
    get answeredBy() {
      return answeredBy
    },
    stop() {
      if (settled) return
      finish(null)
      void worker?.terminate()
    },
  }
}
