/**
 * Main's and the server's messages in the person's language.
 *
 * Main speaks English (its messages go to logs and the CLI too) and the server speaks whatever
 * it speaks. The renderer translates what it knows: messages PlanDesk itself writes, and the
 * server messages known from Omnitron (refused transitions, DRF's standard field messages).
 * Anything else is described by its error code in the person's language, and the original
 * text always stays available as `details`, so nothing the server said is lost.
 */
import type { ErrorCode, IpcError } from '../../../preload/contract'

export type Translate = (key: string, named?: Record<string, unknown>) => string

export interface MessageContext {
  t: Translate
  /** 'en' or 'tr'. */
  locale: string
  /** A status key ("completed") in the person's language. */
  statusLabel: (key: string) => string
  /** A username as the person is named elsewhere ("demo" → "Deniz Aksoy"); the username itself when unknown. */
  person?: (username: string) => string
}

/** What to show: the sentence in the person's language, and the original text when it differs. */
export interface Described {
  text: string
  details: string | null
}

type Named = (m: RegExpExecArray, ctx: MessageContext) => Record<string, unknown>

interface Rule {
  re: RegExp
  key: string
  named?: Named
}

const status =
  (...names: string[]): Named =>
  (m, ctx) =>
    Object.fromEntries(names.map((n, i) => [n, ctx.statusLabel(m[i + 1])]))
const groups =
  (...names: string[]): Named =>
  (m) =>
    Object.fromEntries(names.map((n, i) => [n, m[i + 1]]))

const person =
  (name: string): Named =>
  (m, ctx) => ({ [name]: ctx.person ? ctx.person(m[1]) : m[1] })

/** Known messages, most specific first. Each is matched against the whole (trimmed) text. */
const RULES: Rule[] = [
  // Omnitron (the simulator follows it) refusing a transition.
  { re: /^Cancellation plan in final status "([^"]+)" cannot be changed\.?$/, key: 'messages.finalStatus', named: status('status') },
  {
    re: /^Cancellation plan status cannot be changed from "([^"]+)" to "([^"]+)"\.?$/,
    key: 'messages.transition',
    named: status('from', 'to'),
  },
  { re: /^Cancellation plan is already in status "([^"]+)"\.?$/, key: 'messages.alreadyInStatus', named: status('status') },
  { re: /^Cancellation plan status updated to "([^"]+)"\.?$/, key: 'messages.statusUpdated', named: status('status') },
  // Django REST framework's standard messages.
  { re: /^"([^"]*)" is not a valid choice\.?$/, key: 'messages.notValidChoice', named: groups('value') },
  { re: /^This field is required\.?$/, key: 'messages.required' },
  { re: /^This list may not be empty\.?$/, key: 'messages.emptyList' },
  { re: /^Order item (\d+) does not belong to this cancellation plan\.?$/, key: 'messages.itemNotInPlan', named: groups('item') },
  { re: /^A valid number is required\.?$/, key: 'messages.validNumber' },
  { re: /^Unable to log in with provided credentials\.?$/, key: 'messages.badCredentials' },
  { re: /^(?:Invalid token\.?|Authentication credentials were not provided\.?|Invalid token header\..*)$/, key: 'messages.signInAgain' },
  { re: /^Not found\.?$/, key: 'messages.notFound' },
  { re: /^You do not have permission to perform this action\.?$/, key: 'messages.forbidden' },
  { re: /the server does not allow this for your account\.?$/, key: 'messages.forbidden' },
  { re: /^The server refused the request \(HTTP (\d+)\)\.?$/, key: 'messages.refusedHttp', named: groups('status') },
  { re: /^The server refused the request as invalid\.?$/, key: 'messages.refusedInvalid' },
  // PlanDesk's replay results and errors (main/outbox/replay.ts).
  { re: /^This plan no longer exists on the server\.?$/, key: 'messages.planGone' },
  { re: /^Applied\.$/, key: 'messages.applied' },
  // What happened to a damaged or missing cache and to the file of unsent decisions (main/store/index.ts, main/outbox/file.ts).
  {
    re: /^The cache was (?:damaged \(.*\); it was moved aside to \S+ and a fresh cache was built|missing or empty, so a fresh cache was built)[.;] [\s\S]*?Your (\d+) unsent decisions? (?:is|are) kept/,
    key: 'messages.cacheRebuiltKept',
    named: groups('n'),
  },
  { re: /^The cache was (?:damaged|missing or empty)[\s\S]*No unsent decision was waiting\.$/, key: 'messages.cacheRebuilt' },
  {
    re: /^The file of your unsent decisions was damaged [\s\S]*?(?:(\d+) unsent decisions? (?:was|were) read from it and kept|No unsent decision could be read from it)[\s\S]*?(?:(\d+) unsent decisions? could not be read \((?:they were for plans? ([\d, and]+)|[^)]*)|$)/,
    key: 'messages.outboxSalvaged',
    named: (m) => ({ kept: m[1] ?? '0', lost: m[2] ?? '0', plans: m[3]?.replace(/ and /g, ', ') ?? '—' }),
  },
  { re: /^The token in use belongs to (\S+), not to (\S+?):/, key: 'messages.tokenOfOther', named: groups('account', 'user') },
  // A full disk (main/store/disk.ts).
  { re: /^The disk is full, so PlanDesk cannot save anything new\./, key: 'errorCode.disk_full' },
  { re: /^The server already shows this change\.$/, key: 'messages.alreadyShown' },
  { re: /^Applied \(confirmed by reading the plan back/, key: 'messages.appliedConfirmed' },
  { re: /^Applied \(an earlier attempt had already reached the server\)/, key: 'messages.appliedEarlier' },
  { re: /^Someone else changed this plan on the server/, key: 'messages.someoneElse' },
  { re: /^(.+) changed this plan on the server \([^)]*\) after the change was made here\.$/, key: 'messages.changedBy', named: groups('who') },
  { re: /^Replaced by a corrected payment plan \((.+)\)\.$/, key: 'messages.replacedBy', named: groups('who') },
  { re: /^The plan changed on the server after this payment plan was sent/, key: 'messages.cannotTellPaymentPlan' },
  { re: /^The server sent this plan in a shape PlanDesk cannot read/, key: 'messages.unreadablePlan' },
  { re: /^The server sent plan (\d+) in an unusable shape/, key: 'messages.unreadablePlan' },
  { re: /^Discarded by (.+)\.$/, key: 'messages.discardedBy', named: person('who') },
  { re: /^Discarded: the server's version was kept\.$/, key: 'messages.keptServer' },
  { re: /^Marked as done by (.+)\.$/, key: 'messages.markedDoneBy', named: person('who') },
  // PlanDesk's own refusals (main/outbox/queue.ts, main/app/session.ts, services.ts).
  { re: /^Plan (\d+) already shows status "([^"]+)"/, key: 'messages.alreadyShows', named: (m, ctx) => ({ pk: m[1], status: ctx.statusLabel(m[2]) }) },
  { re: /^Plan (\d+) is not in the local cache/, key: 'messages.notCached', named: groups('pk') },
  { re: /^"([^"]+)" is not a plan status this server knows\.?$/, key: 'messages.unknownStatus', named: groups('value') },
  { re: /^Unknown status\.?$/, key: 'messages.unknownStatusShort' },
  { re: /^The plan already has this status\.?$/, key: 'messages.sameStatus' },
  { re: /^Item ([\d, ]+) does not belong to plan (\d+)\.?$/, key: 'messages.foreignItem', named: groups('items', 'pk') },
  { re: /^Not an item of plan (\d+): ([\d, ]+)\.?$/, key: 'messages.foreignItem', named: (m) => ({ pk: m[1], items: m[2] }) },
  { re: /^Sign in to make changes/, key: 'messages.signInToChange' },
  { re: /^Sign in to send queued changes\.?$/, key: 'messages.signInToSend' },
  { re: /^Sign in to (?:a server before syncing|sync plans)\.?$/, key: 'messages.signInToSync' },
  { re: /^Choose a server and sign in\.?$/, key: 'messages.chooseServer' },
  { re: /^(?:Not signed in|Signed out)\.?$/, key: 'messages.signedOut' },
  { re: /^The server (?:no longer accepts your sign-in|did not accept the sign-in)/, key: 'messages.signInAgain' },
  { re: /^(\d+) of your changes (?:has|have) not reached the server yet/, key: 'messages.logoutPending', named: groups('n') },
  { re: /^Change (\d+) is being sent right now/, key: 'messages.sendingNow' },
  { re: /^Change (\d+) is already (applied|discarded)\.?$/, key: 'messages.alreadySettled' },
  { re: /^Change (\d+) is .*(?:can be retried|not a conflict or a change to check)\.?$/, key: 'messages.stateChanged' },
  { re: /^Change (\d+) changed meanwhile/, key: 'messages.stateChanged' },
  { re: /^Change (\d+) has no server state to re-base on/, key: 'messages.noServerState' },
  { re: /^There is no queued change (\d+)\.?$/, key: 'messages.noSuchChange' },
  { re: /^Choose at least one item\.?$/, key: 'messages.chooseItem' },
  { re: /^(?:Enter|Choose) a transaction type/, key: 'messages.enterTransactionType' },
  {
    re: /^"([^"]*)" is not a transaction type of this server's payment plans; choose one of: (.+)\.$/,
    key: 'messages.unknownTransactionType',
    named: groups('value', 'types'),
  },
  { re: /^Change (\d+) is not a refused payment plan of plan (\d+)\.$/, key: 'messages.notRefusedPaymentPlan', named: groups('id', 'pk') },
  { re: /^Add at least one line\.?$/, key: 'messages.chooseItem' },
  { re: /^Enter your username\.?$/, key: 'messages.enterUsername' },
  { re: /^Enter your password\.?$/, key: 'messages.enterPassword' },
  // Server address rules (main/domain/server-url.ts).
  { re: /^Enter a full server address/, key: 'messages.urlNotUrl' },
  { re: /^The server address must start with https:\/\//, key: 'messages.urlNotHttp' },
  { re: /^Use https:\/\/ \(plain http is allowed only/, key: 'messages.urlPlainHttp' },
  { re: /^The server address must not contain a user name or password/, key: 'messages.urlCredentials' },
  { re: /^Restart PlanDesk to switch between demo data and your server\.?$/, key: 'messages.restartToSwitch' },
  { re: /^Leave demo mode/, key: 'messages.leaveDemo' },
  { re: /^Demo mode signs in by itself/, key: 'messages.demoSignsIn' },
  { re: /^PlanDesk is closing\.?$/, key: 'messages.closing' },
  { re: /^The sync was cancelled/, key: 'messages.syncCancelled' },
  { re: /^PlanDesk[’']s background service is not running\.?$/, key: 'messages.hostGone' },
  { re: /^Something went wrong inside PlanDesk/, key: 'messages.internal' },
  // Reachability (main/omnitron/client.ts, errors.ts, app/connectivity.ts).
  { re: /The server failed \(HTTP (\d+)\)/, key: 'messages.serverFailed', named: groups('status') },
  { re: /^Unexpected HTTP (\d+) from the server/, key: 'messages.serverFailed', named: groups('status') },
  { re: /^(?:.*: )?cannot reach (\S+?): the connection was refused\.?$/, key: 'messages.refusedConnection', named: groups('host') },
  { re: /^(?:.*: )?cannot reach (\S+?):/, key: 'messages.cannotReach', named: groups('host') },
  { re: /^The server cannot be reached\.?$/, key: 'messages.cannotReachServer' },
  { re: /did not answer within|stopped sending its answer/, key: 'messages.timeout' },
  { re: /^The server answered with an error\.?$/, key: 'messages.serverError' },
  { re: /the server answered with something that is not JSON|without a results array|statuses in an unexpected shape/, key: 'messages.malformed' },
]

/** A message PlanDesk knows, in the person's language; null when it does not know it. */
export function translateKnown(text: string, ctx: MessageContext): string | null {
  const trimmed = text.trim()
  // "The server refused a change from "X" to "Y" on <day>: <the server's words>" (a learned refusal, main/outbox/queue.ts).
  const learned = /^The server refused a change from "([^"]+)" to "([^"]+)" on (\d{4}-\d{2}-\d{2}): ([\s\S]*)$/.exec(trimmed)
  if (learned) {
    const reason = translateKnown(learned[4], ctx) ?? learned[4]
    return ctx.t('messages.learnedRefusal', { from: ctx.statusLabel(learned[1]), to: ctx.statusLabel(learned[2]), day: learned[3], reason })
  }
  // "The server refused the change: <the server's words>" (a failed entry's result).
  const refused = /^The server refused the change: ([\s\S]*)$/.exec(trimmed)
  if (refused) {
    const inner = translateKnown(refused[1], ctx)
    return inner === null ? ctx.t('messages.refusedUnknown') : ctx.t('messages.refused', { reason: inner })
  }
  // main's argument check: "Invalid request (lines.0.orderItems): Choose at least one item".
  const invalid = /^Invalid request(?: \([^)]*\))?: ([\s\S]*)$/.exec(trimmed)
  if (invalid) return translateKnown(invalid[1], ctx)
  for (const rule of RULES) {
    const m = rule.re.exec(trimmed)
    if (m) return ctx.t(rule.key, rule.named?.(m, ctx) ?? {})
  }
  return null
}

/** A result or detail text: translated when known; otherwise the original (English UI) or `fallbackKey` with the original as details. */
export function describeText(text: string, ctx: MessageContext, fallbackKey = 'messages.unknown'): Described {
  const known = translateKnown(text, ctx)
  if (known !== null) return { text: known, details: known === text.trim() ? null : text }
  if (ctx.locale === 'en') return { text, details: null }
  return { text: ctx.t(fallbackKey), details: text }
}

/** Field messages translated one by one; null unless every one of them is known. */
function describeFields(fields: Record<string, string[]> | undefined, ctx: MessageContext): string | null {
  if (!fields) return null
  const parts: string[] = []
  for (const messages of Object.values(fields)) {
    for (const m of messages) {
      const known = translateKnown(m, ctx)
      if (known === null) return null
      if (!parts.includes(known)) parts.push(known)
    }
  }
  return parts.length > 0 ? parts.join(' ') : null
}

/** An error from main or the server, for the person. */
export function describeError(err: Pick<IpcError, 'code' | 'message' | 'fields'>, ctx: MessageContext): Described {
  const known = translateKnown(err.message, ctx) ?? describeFields(err.fields, ctx)
  if (known !== null) return { text: known, details: known === err.message.trim() ? null : err.message }
  if (ctx.locale === 'en') return { text: err.message, details: null }
  return { text: ctx.t(`errorCode.${codeKey(err.code)}`), details: err.message }
}

const CODES: readonly ErrorCode[] = [
  'validation', 'not_found', 'auth', 'network', 'timeout', 'server', 'malformed_response', 'busy', 'cancelled', 'storage', 'disk_full', 'forbidden', 'internal',
]
function codeKey(code: string): ErrorCode {
  return (CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'internal'
}
