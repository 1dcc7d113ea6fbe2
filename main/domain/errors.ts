/**
 * The app's errors: AppError (a failure thrown on purpose, with its code, words and fields), the
 * wording shared by several layers, and errorShape(), which turns anything thrown into the one
 * shape every caller shows or keeps: the IPC envelope (ipc/ only wraps it), an outbox entry's
 * last error, the CLI's messages. Every layer may use this module; it uses none of them.
 */
import { createLogger, redact } from '../log'
import { type ErrorCode, type ErrorShape, isErrorCode } from './error-codes'

export { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorShape } from './error-codes'

const log = createLogger('error')

/** A failure thrown on purpose: shown with its code, message and fields as they are. */
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

export const DISK_FULL_MESSAGE =
  'The disk is full, so PlanDesk cannot save anything new. Everything saved so far is safe, including changes waiting to be sent; you can still browse and search. Free some disk space: PlanDesk carries on by itself.'

/** The disk is full, but the outbox's file still takes decisions. */
export const DISK_FULL_DECISIONS_MESSAGE =
  'The disk is full, so PlanDesk cannot sync. Your decisions are still saved (in the little room left) and sent when the server answers; you can browse and search. Free some disk space: PlanDesk carries on by itself.'

export const INTERNAL_MESSAGE = 'Something went wrong inside PlanDesk. The details are in the log.'

/** A database file found damaged while PlanDesk runs (the checks at start-up missed it, or it broke since). */
export const DAMAGED_MESSAGE =
  "A file of PlanDesk's is damaged, so this could not be done. Start PlanDesk again: it moves a damaged cache aside and builds a fresh one, and keeps every unsent decision it can read."

/** SQLite error codes that mean "this file is not a healthy database". */
const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_INDEX'])

/** True for the errors SQLite gives on a damaged file. */
export function isCorruptionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && (CORRUPTION_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'))
}

/** True for the errors a full disk (or quota) produces: SQLite's SQLITE_FULL, Node's ENOSPC and EDQUOT. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT'
}

interface KindedError {
  kind?: unknown
  code?: unknown
  message?: unknown
  fields?: unknown
}

/**
 * What anything thrown means, in the one shape: an AppError as it is; a full disk or a damaged
 * file in words; an
 * error that names its kind or code (OmnitronError, the sync's busy and cancelled errors) with
 * its message, secrets masked; anything else is `internal`, with a generic message (the error
 * itself goes to the log).
 */
export function errorShape(err: unknown): ErrorShape {
  if (err instanceof AppError) return withFields({ code: err.code, message: err.message }, err.fields)
  if (isDiskFull(err)) return { code: 'disk_full', message: DISK_FULL_MESSAGE }
  if (isCorruptionError(err)) return { code: 'storage', message: `${DAMAGED_MESSAGE} (${redact(String((err as Error).message))})` }
  const e = (err ?? {}) as KindedError
  const code = isErrorCode(e.kind) ? e.kind : isErrorCode(e.code) ? e.code : null
  if (code && typeof e.message === 'string') return withFields({ code, message: redact(e.message) }, e.fields)
  log.error('Unexpected error:', err)
  return { code: 'internal', message: INTERNAL_MESSAGE }
}

function withFields(error: ErrorShape, fields: unknown): ErrorShape {
  if (fields && typeof fields === 'object' && Object.keys(fields).length > 0) {
    error.fields = fields as Record<string, string[]>
  }
  return error
}
