/**
 * Offline decisions from the command line, on the same outbox as the app:
 *   plandesk set-status PK STATUS [--force]  queue a status change (sent at once when online); --force:
 *                                            although the server refused it from the plan's status before
 *   plandesk payment-plan PK --type refund --items 11,12   (the server works the amount out from the items)
 *   plandesk queue [--state S] [--plan PK] [--json]
 *   plandesk push [--max-wait S]             replay now; exit 0 only when nothing is left open
 *   plandesk retry ID | discard ID | resolve ID --mine|--theirs|--done
 * Queuing never needs the server: offline, set-status queues and exits 0 saying so.
 */
import { type Command, InvalidArgumentError, Option } from 'commander'
import type { OutboxEntry, OutboxState } from '../../preload/contract'
import type { ServerSession } from '../app/session'
import { DOCUMENTED_TRANSACTION_TYPE } from '../domain'
import { refusalWords } from '../outbox/queue'
import { OPEN_STATES, OUTBOX_STATES } from '../outbox/states'
import { describeChange, entryLine, localTime, nextTryWords, pauseMessage, stateWords, summaryLine, waitWords, whyWords } from './outbox-words'
import { type GlobalOptions, requireSignedIn, withSession } from './context'
import { CliError, UsageError } from './errors'
import { json, paymentPlanPreview, table } from './format'
import type { CliIo } from './io'

const positiveInt = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError(`${name} must be a positive whole number.`)
  return Number(v)
}

/** Sends a change the person just put back in the queue, and exits 1 unless it applied (or another PlanDesk is sending). */
async function sendAndReport(io: CliIo, session: ServerSession, e: OutboxEntry): Promise<void> {
  // Someone else's change, or one behind another change of its plan: sending now cannot move it.
  if (e.waitReason && e.waitReason.kind !== 'due' && e.waitReason.kind !== 'retry_at') throw new CliError(entryLine(e).trim())
  const r = await session.push({ wait: false })
  const now = session.outboxPage({ planPk: e.planPk, limit: 50 }).entries.find((x) => x.id === e.id)
  if (r.busy || !now) return
  io.out(entryLine(now))
  const paused = pauseMessage(r.paused, r.tokenAccount, session.author, 'the change waits in the queue')
  if (paused) throw new CliError(paused)
  if (now.state !== 'applied' && now.state !== 'pending') throw new CliError(entryLine(now).trim())
  if (now.state === 'pending') throw new CliError(`Change ${now.id} did not reach the server yet: it ${whyWords(now)}.`)
}


/** Queues with `queue`, then sends at once if the server answers; offline it just says so. */
async function queueAndSend(io: CliIo, global: GlobalOptions, purpose: string, queue: (s: ServerSession) => OutboxEntry): Promise<void> {
  await withSession(io, global, { purpose, check: true }, async (session, setup) => {
    requireSignedIn(session, setup)
    const entry = queue(session)
    io.out(`Queued change ${entry.id}: plan ${entry.planPk}, ${describeChange(entry)}.\n`)
    const r = await session.push({ wait: false })
    const now = session.outboxPage({ planPk: entry.planPk, limit: 50 }).entries.find((e) => e.id === entry.id)!
    if (now.state === 'applied') return io.out(`Applied on the server: ${now.result ?? ''}\n`)
    if (r.busy) return io.out('It waits in the queue: another PlanDesk is sending this cache\'s changes right now. Run "plandesk push" in a moment, or let the app send it.\n')
    const paused = pauseMessage(r.paused, r.tokenAccount, session.author, 'the change waits in the queue')
    if (paused) throw new CliError(paused)
    if (now.waitReason?.kind === 'behind') return io.out(`Not sent yet: it ${waitWords(now.waitReason)}.\n`)
    if (now.state === 'pending' || now.state === 'sending') {
      return io.out(`Not sent yet${now.lastError ? ` (${now.lastError.message})` : ''}: it waits in the queue and is sent by "plandesk push" or by the app.\n`)
    }
    throw new CliError(entryLine(now).trim())
  })
}


export function registerOutbox(program: Command, io: CliIo): void {
  const global = () => program.opts<GlobalOptions>()
  registerDecisions(program, io, global)
  registerQueue(program, io, global)
  registerSettling(program, io, global)
}

type Globals = () => GlobalOptions

/** set-status and payment-plan: a decision queued, then sent at once when the server answers. */
function registerDecisions(program: Command, io: CliIo, global: Globals): void {
  program
    .command('set-status')
    .description('change a plan\'s status (queued; sent at once when the server answers)')
    .argument('<pk>', 'plan number', positiveInt('PK'))
    .argument('<status>', 'the new status (see "plandesk statuses")')
    .option('--force', "send it although the server refused this change from the plan's status before")
    .action(async (pk: number, status: string, o: { force?: boolean }) => {
      await queueAndSend(io, global(), 'plandesk set-status', (s) => {
        const from = s.store.getPlan(pk)?.summary.status
        const refused = from === undefined ? null : s.store.knowledge.refusal(from, status)
        if (refused && !o.force) throw new CliError(`${refusalWords(refused)} Add --force to send it anyway.`)
        return s.setStatus({ pk, status: status as never, ...(refused ? { force: true } : {}) })
      })
    })

  program
    .command('payment-plan')
    .description('create a plan\'s payment plan (queued; sent at once when the server answers)')
    .argument('<pk>', 'plan number', positiveInt('PK'))
    .option('--type <type>', 'transaction type: "refund", or another one this server\'s payment plans use', DOCUMENTED_TRANSACTION_TYPE)
    .requiredOption('--items <ids>', 'order item ids, comma-separated (see "plandesk show PK")', (v: string) => {
      const ids = v.split(',').map((x) => x.trim()).filter(Boolean)
      if (ids.length === 0 || ids.some((x) => !/^\d+$/.test(x))) throw new InvalidArgumentError('--items takes order item ids, e.g. 11,12.')
      return ids.map(Number)
    })
    .addOption(new Option('--amount <amount>').hideHelp())
    .action(async (pk: number, o: { type: string; items: number[]; amount?: string }) => {
      if (o.amount !== undefined) {
        throw new UsageError('--amount is not sent: the server works the refund out from the items (the total of the chosen items is shown).')
      }
      await queueAndSend(io, global(), 'plandesk payment-plan', (s) => {
        const types = s.store.knowledge.transactionTypes()
        if (!types.includes(o.type.trim())) throw new UsageError(`--type must be one of the types this server's payment plans use: ${types.join(', ')}.`)
        const plan = s.store.getPlan(pk)
        if (plan) io.out(paymentPlanPreview(plan, o.items))
        return s.createPaymentPlan({ pk, lines: [{ transactionType: o.type.trim(), orderItems: o.items }] })
      })
    })
}

/** queue and push: what waits, and sending it now. */
function registerQueue(program: Command, io: CliIo, global: Globals): void {
  program
    .command('queue')
    .description('list the queued changes and their history')
    .option('--state <state>', `only these states (repeatable): ${OUTBOX_STATES.join(', ')}`, (v: string, prev: OutboxState[] = []) => {
      if (!(OUTBOX_STATES as readonly string[]).includes(v)) throw new InvalidArgumentError(`--state is one of ${OUTBOX_STATES.join(', ')}.`)
      return [...prev, v as OutboxState]
    })
    .option('--plan <pk>', 'only this plan', positiveInt('--plan'))
    .option('--limit <n>', 'at most this many (newest first)', positiveInt('--limit'), 200)
    .option('--json', 'print {summary, total, entries} as JSON')
    .action(async (o: { state?: OutboxState[]; plan?: number; limit: number; json?: boolean }) => {
      await withSession(io, global(), { purpose: 'plandesk queue' }, (session) => {
        const page = session.outboxPage({ states: o.state, planPk: o.plan, limit: Math.min(o.limit, 1000) })
        const summary = session.outboxSummary()
        if (o.json) return io.out(json({ summary, ...page }))
        if (page.total === 0) return io.out('No queued changes.\n')
        io.out(
          table(
            ['ID', 'PLAN', 'CHANGE', 'STATE', 'TRIES', 'NEXT TRY', 'BY', 'WHY / RESULT'],
            page.entries.map((e) => [
              e.id,
              e.planPk,
              describeChange(e),
              stateWords(e),
              e.attempts,
              e.waitReason?.kind === 'retry_at' ? localTime(e.waitReason.at) : '',
              e.author,
              e.waitReason ? waitWords(e.waitReason) : (e.result ?? e.lastError?.message ?? ''),
            ]),
            96,
          ),
        )
        io.out(summaryLine(summary))
      })
    })

  program
    .command('push')
    .description('send the queued changes now; exit 0 only when none is left waiting, failed, in conflict or to check')
    .option('--max-wait <seconds>', 'keep retrying transient failures for up to this long', positiveInt('--max-wait'), 60)
    .option('--json', 'print the result and the queue summary as JSON')
    .action(async (o: { maxWait: number; json?: boolean }) => {
      await withSession(io, global(), { purpose: 'plandesk push', check: true }, async (session, setup) => {
        requireSignedIn(session, setup)
        const r = await session.drain({ maxWaitMs: o.maxWait * 1000, onWait: (ms) => ms > 2_000 && io.err(`Retrying in ${Math.ceil(ms / 1000)} s…\n`) })
        const summary = session.outboxSummary()
        const open = session.outboxPage({ states: [...OPEN_STATES], limit: 1000 }).entries
        const mine = open.filter((e) => e.waitingFor === null)
        if (o.json) io.out(json({ result: r, summary }))
        else {
          io.out(`Sent: ${r.applied} applied, ${r.failed} failed, ${r.conflicts} in conflict, ${r.needsChecking} to check.\n`)
          io.out(summaryLine(summary))
          for (const e of mine) io.err(entryLine(e))
          if (summary.waitingForOthers > 0) io.err(`${summary.waitingForOthers} change(s) of other people wait for them to sign in.\n`)
        }
        const paused = pauseMessage(r.paused, r.tokenAccount, session.author, 'the changes wait in the queue')
        if (paused) throw new CliError(paused)
        if (mine.length > 0) {
          const waiting = mine.filter((e) => e.state === 'pending' || e.state === 'sending').length
          const why = summary.waitingBecause ? ` The last try failed: ${summary.waitingBecause.message}` : ''
          const next = waiting > 0 ? ` The next automatic try is ${nextTryWords(summary.nextTryAt)}; "plandesk push" tries again at once.` : ''
          throw new CliError(`${mine.length} of your changes did not reach the server (see above, or "plandesk queue").${why}${next}`)
        }
      })
    })
}

/** retry, discard and resolve: the person settles one change. */
function registerSettling(program: Command, io: CliIo, global: Globals): void {
  const entryId = positiveInt('ID')
  const act = (name: string, description: string, run: (s: ServerSession, id: number) => OutboxEntry) =>
    program
      .command(name)
      .description(description)
      .argument('<id>', 'the change (see "plandesk queue")', entryId)
      .action(async (id: number) => {
        await withSession(io, global(), { purpose: `plandesk ${name}`, check: true }, async (session) => {
          const e = run(session, id)
          io.out(entryLine(e))
          if (session.author !== null && e.state === 'pending') await sendAndReport(io, session, e)
        })
      })

  act('retry', 'send a failed or waiting change again now', (s, id) => s.retry(id))
  act('discard', 'drop a queued change (the plan shows the server\'s value again)', (s, id) => s.discard(id))

  program
    .command('resolve')
    .description('settle a conflict (--mine or --theirs) or a change to check (--done)')
    .argument('<id>', 'the change (see "plandesk queue")', entryId)
    .option('--mine', 'send my change anyway, on top of the server\'s current state')
    .option('--theirs', 'keep the server\'s state and discard my change')
    .option('--done', 'I checked: the change is on the server (mark it applied)')
    .action(async (id: number, o: { mine?: boolean; theirs?: boolean; done?: boolean }) => {
      const choices = (['mine', 'theirs', 'done'] as const).filter((c) => o[c])
      if (choices.length !== 1) throw new UsageError('resolve needs exactly one of --mine, --theirs or --done.')
      await withSession(io, global(), { purpose: 'plandesk resolve', check: true }, async (session) => {
        const e = session.resolve({ id, choice: choices[0] })
        io.out(entryLine(e))
        if (e.state === 'pending' && session.author !== null) await sendAndReport(io, session, e)
      })
    })
}
