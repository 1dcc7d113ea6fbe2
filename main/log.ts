/**
 * The one logger of the main process. Secrets never reach a log: every line goes through
 * {@link redact}, which masks `Token <key>` headers, `token`/`password`/`key`/`secret` fields and
 * any string registered with {@link registerSecret} (the live API token, the web host secret).
 */
type Level = 'debug' | 'info' | 'warn' | 'error'

const secrets = new Set<string>()
let sink: (level: Level, line: string) => void = (level, line) => {
  const stream = level === 'error' || level === 'warn' ? process.stderr : process.stdout
  stream.write(line + '\n')
}
let minLevel: Level = (process.env.PLANDESK_LOG_LEVEL as Level) || 'info'
const ORDER: Level[] = ['debug', 'info', 'warn', 'error']

/** Remembers a secret value so it is masked wherever it appears in a log line. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= 6) secrets.add(value)
}

export function forgetSecret(value: string | null | undefined): void {
  if (value) secrets.delete(value)
}

const PATTERNS: [RegExp, string][] = [
  [/(Token|Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/("?(?:token|password|key|secret|authorization)"?\s*[:=]\s*)"[^"]*"/gi, '$1"[redacted]"'],
  [/([?&](?:token|secret|key|password)=)[^&\s]+/gi, '$1[redacted]'],
]

export function redact(text: string): string {
  let out = text
  for (const s of secrets) out = out.split(s).join('[redacted]')
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep)
  return out
}

function format(args: unknown[]): string {
  return args
    .map((a) => {
      if (a instanceof Error) return a.stack ?? `${a.name}: ${a.message}`
      if (typeof a === 'string') return a
      try {
        return JSON.stringify(a)
      } catch {
        return String(a)
      }
    })
    .join(' ')
}

function write(level: Level, scope: string, args: unknown[]): void {
  if (ORDER.indexOf(level) < ORDER.indexOf(minLevel)) return
  sink(level, redact(`${new Date().toISOString()} ${level.toUpperCase()} [${scope}] ${format(args)}`))
}

export interface Logger {
  debug(...args: unknown[]): void
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

export function createLogger(scope: string): Logger {
  return {
    debug: (...a) => write('debug', scope, a),
    info: (...a) => write('info', scope, a),
    warn: (...a) => write('warn', scope, a),
    error: (...a) => write('error', scope, a),
  }
}

/** For tests and the Electron glue (which may send lines to a file). */
export function setLogSink(next: (level: Level, line: string) => void, level: Level = minLevel): void {
  sink = next
  minLevel = level
}
