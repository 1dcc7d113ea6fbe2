/** Exit codes: 0 ok, 1 error (one line on stderr), 2 usage. */
export const EXIT_OK = 0
export const EXIT_ERROR = 1
export const EXIT_USAGE = 2

/** A mistake in how the command was called (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** An expected failure with a message meant for the person (exit 1). */
export class CliError extends Error {
  override readonly name = 'CliError'
}

/** One line, no stack: what went wrong, in words. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  return msg.replace(/\s*\n\s*/g, ' ').trim() || 'Unknown error'
}
