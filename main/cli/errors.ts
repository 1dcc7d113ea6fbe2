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

/**
 * A failure as JSON for --json output: a code a script can test (the error's own code or kind
 * where it has one: 'auth', 'network', 'busy', 'disk_full', ...; 'usage' for a mistake in the
 * command; else 'error') and the one-line message.
 */
export function errorObject(e: unknown): { error: { code: string; message: string } } {
  const own = (e as { code?: unknown; kind?: unknown } | null) ?? {}
  const code = e instanceof UsageError ? 'usage' : typeof own.kind === 'string' ? own.kind : typeof own.code === 'string' && /^[a-z_]+$/.test(own.code) ? own.code : 'error'
  return { error: { code, message: oneLine(e) } }
}

/** One line, no stack: what went wrong, in words. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  return msg.replace(/\s*\n\s*/g, ' ').trim() || 'Unknown error'
}
