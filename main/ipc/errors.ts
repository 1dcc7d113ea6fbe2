import type { ErrorCode, IpcError } from '../../preload/contract'
import { ERROR_CODES } from '../../preload/contract'
import { createLogger, redact } from '../log'
import { DISK_FULL_MESSAGE, isDiskFull } from '../store/disk'
import { isCorruptionError } from '../store/integrity'

/** A database file found damaged while PlanDesk runs (the checks at start-up missed it, or it broke since). */
export const DAMAGED_MESSAGE =
  "A file of PlanDesk's is damaged, so this could not be done. Start PlanDesk again: it moves a damaged cache aside and builds a fresh one, and keeps every unsent decision it can read."


const log = createLogger('ipc')

/**
 * An error a handler throws on purpose: it crosses the bridge with its code, message and fields
 * as they are. Anything else becomes `internal` with a generic message (and is logged).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

interface KindedError {
  kind?: unknown
  code?: unknown
  message?: unknown
  fields?: unknown
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v)
}

/** Maps anything thrown by a service to the envelope's structured error. */
export function toIpcError(err: unknown): IpcError {
  if (err instanceof AppError) {
    return withFields({ code: err.code, message: err.message }, err.fields)
  }
  if (isDiskFull(err)) return { code: 'disk_full', message: DISK_FULL_MESSAGE }
  if (isCorruptionError(err)) return { code: 'storage', message: `${DAMAGED_MESSAGE} (${redact(String((err as Error).message))})` }
  const e = (err ?? {}) as KindedError
  // OmnitronError (kind), SyncEngine's busy/cancelled errors (kind or code), ...
  const code = isErrorCode(e.kind) ? e.kind : isErrorCode(e.code) ? e.code : null
  if (code && typeof e.message === 'string') {
    return withFields({ code, message: redact(e.message) }, e.fields)
  }
  log.error('Unexpected error in a handler:', err)
  return { code: 'internal', message: 'Something went wrong inside PlanDesk. The details are in the log.' }
}

function withFields(error: IpcError, fields: unknown): IpcError {
  if (fields && typeof fields === 'object' && Object.keys(fields).length > 0) {
    error.fields = fields as Record<string, string[]>
  }
  return error
}
