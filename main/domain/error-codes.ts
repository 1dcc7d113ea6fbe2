/**
 * The kinds of failure PlanDesk names, and the shape an error has wherever it is shown or kept
 * (an IPC answer, an outbox entry's last error, the CLI's JSON). Plain values: the renderer
 * bundles them through the IPC contract.
 */
export const ERROR_CODES = [
  'validation',
  'not_found',
  'auth',
  'network',
  'timeout',
  'server',
  'malformed_response',
  'busy',
  'cancelled',
  'storage',
  'disk_full',
  'forbidden',
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorShape {
  code: ErrorCode
  message: string
  /** Field name → messages; `non_field_errors` for messages about the whole request. */
  fields?: Record<string, string[]>
}

export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v)
}
