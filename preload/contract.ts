/**
 * The ONE source of truth of PlanDesk's IPC surface.
 *
 * - Invoke channels are named `domain:verb`; each has a zod schema for its single argument and
 *   a result type. Main validates every argument with the schema before any handler runs.
 * - Every result crosses the bridge as an {@link Envelope}, so errors keep their structure.
 * - Push events (main → renderer) are declared separately in {@link events}.
 *
 * Main (ipc/), preload (index.ts), the web host and the renderer all derive their types from
 * this file; no signature is written twice. This file must stay free of Node and Electron
 * imports: the renderer bundles it.
 */
import { z } from 'zod'
import { PLAN_STATUSES, PLAN_TYPES, serverUrlProblem, type ErrorShape, type PlanChangeNote, type PlanStatus, type PlanType } from '../main/domain'
import { OUTBOX_STATES, type LocalState } from '../main/outbox/states'
import { MAX_BULK } from './domain'

// ---------------------------------------------------------------------------------------------
// Domain values

// Omnitron's own values (statuses, plan types, channel types, server address rules) live in
// main/domain, which is plain TypeScript like this file; the schemas here are built from them.
export { CHANNEL_TYPES, PLAN_STATUSES, PLAN_TYPES, type ChannelType, type PlanStatus, type PlanType } from '../main/domain'
export { isLoopbackHost, serverUrlProblem, userName } from '../main/domain'
// What a plan shows while changes made here are open: one rule (main/domain/plan-display.ts).
export type { PlanChangeNote } from '../main/domain'
// The outbox's states and what each allows are one table in main/outbox/states.ts (plain
// TypeScript like this file).
export { OUTBOX_STATES, type OutboxAction, type LocalState } from '../main/outbox/states'

export const PlanStatusSchema = z.enum(PLAN_STATUSES)
export const PlanTypeSchema = z.enum(PLAN_TYPES)

export const SORT_FIELDS = [
  'created_date',
  '-created_date',
  'modified_date',
  '-modified_date',
  'pk',
  '-pk',
  'refund_amount',
  '-refund_amount',
  'status',
  '-status',
] as const
export const SortSchema = z.enum(SORT_FIELDS)
export type SortField = z.infer<typeof SortSchema>

/** An ISO 8601 date (2026-01-31) or date-time with offset. */
/** 0001-01-01T00:00:00Z and +010000-01-01T00:00:00Z (Date.UTC maps the years 0 to 99 to 1900 to 1999). */
const FIRST_DATE_MS = -62_135_596_800_000
const AFTER_LAST_DATE_MS = 253_402_300_800_000

/**
 * A date and time a JavaScript Date can hold with room to spare: a date filter's bounds are
 * moved by a day or a millisecond (an exclusive end, the person's whole day), and a date at the
 * edge of Date's range (±275,760 years) would fall off it. Years 1 to 9999 are what the API's
 * dates can be.
 */
const isoDate = z
  .string()
  .max(40)
  .refine(
    (s) => {
      const t = Date.parse(s)
      return !Number.isNaN(t) && t >= FIRST_DATE_MS && t < AFTER_LAST_DATE_MS
    },
    { message: 'Not a valid date (years 1 to 9999)' },
  )

const shortText = z.string().trim().max(200)
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

// ---------------------------------------------------------------------------------------------
// Argument schemas

export const SearchQuerySchema = z
  .object({
    text: z.string().max(200).optional(),
    statuses: z.array(PlanStatusSchema).max(PLAN_STATUSES.length).optional(),
    planType: PlanTypeSchema.optional(),
    channelType: shortText.optional(),
    channelIds: z.array(id).max(500).optional(),
    storeRemoteId: shortText.optional(),
    staffRemoteId: shortText.optional(),
    createdFrom: isoDate.optional(),
    createdTo: isoDate.optional(),
    modifiedFrom: isoDate.optional(),
    modifiedTo: isoDate.optional(),
    invoiceNumber: shortText.optional(),
    orderNumber: shortText.optional(),
    customerId: id.optional(),
    hasPendingEdits: z.boolean().optional(),
    /** ISO 4217 code (any case); a refund sort then orders within that one currency. */
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, 'A currency is a three-letter code, e.g. TRY')
      .transform((c) => c.toUpperCase())
      .optional(),
    sort: SortSchema.optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    /**
     * Keyset paging: the nextCursor of the page before; the page starts right after it (offset
     * is then ignored). Deep scrolling this way costs the same on every page; an offset costs
     * more the deeper it goes.
     */
    cursor: z.string().max(400).optional(),
  })
  .strict()
export type SearchQuery = z.infer<typeof SearchQuerySchema>

/** Filters applied to every sync so a store syncs only its own plans. */
export const SyncScopeSchema = z
  .object({
    retailStoreRemoteId: shortText.min(1).optional(),
    channelIds: z.array(id).max(500).optional(),
    createdWithinDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
export type SyncScope = z.infer<typeof SyncScopeSchema>

export const ServerUrlSchema = z
  .string()
  .trim()
  .max(500)
  .superRefine((s, ctx) => {
    const problem = serverUrlProblem(s)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export const LanguageSchema = z.enum(['en', 'tr'])
export type Language = z.infer<typeof LanguageSchema>

export const SettingsPatchSchema = z
  .object({
    mode: z.enum(['demo', 'server']).optional(),
    serverUrl: ServerUrlSchema.optional(),
    language: LanguageSchema.optional(),
    scope: SyncScopeSchema.optional(),
    syncIntervalMinutes: z.number().int().min(1).max(24 * 60).optional(),
    reconcileIntervalHours: z.number().int().min(1).max(24 * 30).optional(),
    historyDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>

export const LoginSchema = z
  .object({
    serverUrl: ServerUrlSchema,
    username: z.string().trim().min(1, 'Enter your username').max(150),
    password: z.string().min(1, 'Enter your password').max(500),
    remember: z.boolean(),
  })
  .strict()
export type LoginArgs = z.infer<typeof LoginSchema>

/** Signing out while one's own changes wait: send them first, or keep them for the next sign-in. */
export const LogoutSchema = z.object({ pending: z.enum(['send', 'keep']).optional() }).strict()
export type LogoutArgs = z.infer<typeof LogoutSchema>

export const PlanRefSchema = z.object({ pk: id }).strict()

export const SyncStartSchema = z
  .object({
    full: z.boolean().optional(),
    reconcile: z.boolean().optional(),
  })
  .strict()
export type SyncStartArgs = z.infer<typeof SyncStartSchema>

// --- offline decisions (the outbox) ---------------------------------------------------------------

/** `force`: send it although the server refused this change from the plan's status before (plans:refusals). */
export const SetStatusSchema = z.object({ pk: id, status: PlanStatusSchema, force: z.boolean().optional() }).strict()
export type SetStatusArgs = z.infer<typeof SetStatusSchema>

/**
 * A line of a payment plan, as the seed's CancellationPlanCreatePaymentPlan defines it: a
 * transaction type (one of the known ones: plans:transactionTypes) and the order items. No
 * amount: the server works it out from the items.
 */
export const PaymentPlanLineSchema = z
  .object({
    transactionType: z.string().trim().min(1, 'Choose a transaction type').max(50),
    orderItems: z.array(id).min(1, 'Choose at least one item').max(500),
  })
  .strict()
export type PaymentPlanLine = z.infer<typeof PaymentPlanLineSchema>

/** One status for many plans (a bulk decision): its scope first (plans:bulkScope), then the decision (plans:bulkSetStatus). */
export const BulkStatusSchema = z.object({ pks: z.array(id).min(1, 'Choose at least one plan').max(MAX_BULK), status: PlanStatusSchema }).strict()
export type BulkStatusArgs = z.infer<typeof BulkStatusSchema>
/** `force`: include the plans whose status the server refused this change from before (listed apart in the scope). */
export const BulkSetStatusSchema = BulkStatusSchema.extend({ force: z.boolean().optional() }).strict()
export type BulkSetStatusArgs = z.infer<typeof BulkSetStatusSchema>

/** `replaces`: a refused payment plan of the same plan this one corrects (it is discarded in the same step). */
export const CreatePaymentPlanSchema = z
  .object({ pk: id, lines: z.array(PaymentPlanLineSchema).min(1, 'Add at least one line').max(20), replaces: id.optional() })
  .strict()
export type CreatePaymentPlanArgs = z.infer<typeof CreatePaymentPlanSchema>

export const OutboxStateSchema = z.enum(OUTBOX_STATES)
export type OutboxState = z.infer<typeof OutboxStateSchema>

export const OutboxListSchema = z
  .object({
    states: z.array(OutboxStateSchema).max(OUTBOX_STATES.length).optional(),
    planPk: id.optional(),
    /** Only the changes of one bulk decision (OutboxEntry.batch). */
    batch: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
  })
  .strict()
export type OutboxListQuery = z.infer<typeof OutboxListSchema>

/** The Changes view's selection: retry or discard each (those the state table allows). */
export const OutboxManySchema = z.object({ action: z.enum(['retry', 'discard']), ids: z.array(id).min(1).max(MAX_BULK) }).strict()
export type OutboxManyArgs = z.infer<typeof OutboxManySchema>

/** Every refused change of one bulk decision, discarded at once. */
export const OutboxBatchSchema = z.object({ batch: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }).strict()

export const OutboxEntryRefSchema = z.object({ id }).strict()

/** A conflict: mine (send my change anyway, re-based on the server's current state) or theirs (keep the server's, discard mine); a change to check: done (I checked, it is applied). Which choice a state allows is the outbox's state table (main/outbox/states.ts). */
export const ResolveSchema = z.object({ id, choice: z.enum(['mine', 'theirs', 'done']) }).strict()
export type ResolveArgs = z.infer<typeof ResolveSchema>

// --- the review workspace: what the renderer remembers between launches (ui:get / ui:set) ------

export const THEMES = ['light', 'dark', 'system'] as const
export const ThemeSchema = z.enum(THEMES)
export type Theme = z.infer<typeof ThemeSchema>

/** Relative date ranges a saved view keeps relative: "today" means the day it is opened. */
export const DATE_PRESETS = ['today', 'last7', 'month'] as const
export const DatePresetSchema = z.enum(DATE_PRESETS)
export type DatePreset = z.infer<typeof DatePresetSchema>

/** A search the person can come back to: the list's text, filters and sort (no paging). */
export const ViewSearchSchema = SearchQuerySchema.pick({
  text: true,
  statuses: true,
  planType: true,
  channelType: true,
  channelIds: true,
  storeRemoteId: true,
  staffRemoteId: true,
  createdFrom: true,
  createdTo: true,
  modifiedFrom: true,
  modifiedTo: true,
  invoiceNumber: true,
  orderNumber: true,
  customerId: true,
  hasPendingEdits: true,
  currency: true,
  sort: true,
})
  .extend({ createdPreset: DatePresetSchema.optional(), modifiedPreset: DatePresetSchema.optional() })
  .strict()
export type ViewSearch = z.infer<typeof ViewSearchSchema>

/** The views PlanDesk offers on first run; their names follow the person's language until renamed. */
export const BUILTIN_VIEWS = ['waiting', 'waitingRefunds', 'localChanges', 'modifiedToday'] as const

export const SavedViewSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    /** Empty for a built-in view that was never renamed (the renderer shows its translated name). */
    name: z.string().trim().max(80),
    builtin: z.enum(BUILTIN_VIEWS).optional(),
    search: ViewSearchSchema,
  })
  .strict()
export type SavedView = z.infer<typeof SavedViewSchema>

/** A route of the renderer (hash history), e.g. /plans/1234: a path, nothing else. */
export const RoutePathSchema = z.string().max(200).regex(/^\/[A-Za-z0-9/_-]*$/, 'Not a route of PlanDesk')

export const SavedViewsSchema = z
  .array(SavedViewSchema)
  .max(50)
  .superRefine((views, ctx) => {
    const ids = new Set<string>()
    for (const v of views) {
      if (ids.has(v.id)) ctx.addIssue({ code: 'custom', message: `Two saved views share the id ${v.id}` })
      ids.add(v.id)
      if (!v.name && !v.builtin) ctx.addIssue({ code: 'custom', message: 'A saved view needs a name' })
    }
  })

export const UiStatePatchSchema = z
  .object({
    lastRoute: RoutePathSchema.optional(),
    search: ViewSearchSchema.optional(),
    views: SavedViewsSchema.optional(),
    theme: ThemeSchema.optional(),
  })
  .strict()
export type UiStatePatch = z.infer<typeof UiStatePatchSchema>

// --- the overview and export ------------------------------------------------------------------

/** One local day of the overview's refund chart: its name and its bounds as instants (to: exclusive), so the days are the person's, not UTC's. */
export const OverviewDaySchema = z
  .object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Not a day (YYYY-MM-DD)'), from: isoDate, to: isoDate })
  .strict()
  .refine((d) => Date.parse(d.from) < Date.parse(d.to), { message: 'A day must end after it starts' })

export const OverviewQuerySchema = z.object({ days: z.array(OverviewDaySchema).min(1).max(92) }).strict()
export type OverviewQuery = z.infer<typeof OverviewQuerySchema>

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export const ExportFormatSchema = z.enum(EXPORT_FORMATS)
export type ExportFormat = z.infer<typeof ExportFormatSchema>

/** The list's current search (no paging: every match is written) in a spreadsheet format. */
export const ExportSchema = z
  .object({
    query: SearchQuerySchema.omit({ offset: true, limit: true, cursor: true }),
    format: ExportFormatSchema,
    /** The language of the headers and labels (default: the settings' language). */
    lang: LanguageSchema.optional(),
    /** The person's time zone for the dates (default: this machine's), e.g. Europe/Istanbul. */
    timeZone: z
      .string()
      .max(64)
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz })
          return true
        } catch {
          return false
        }
      }, 'Not a time zone this computer knows')
      .optional(),
  })
  .strict()
export type ExportArgs = z.infer<typeof ExportSchema>

const none = z.undefined()

// ---------------------------------------------------------------------------------------------
// Result types

export interface PlanSummary {
  pk: number
  /**
   * The status the person sees: the target of a change made here while it can still land
   * (waiting, sending, to check), else the server's (main/domain/plan-display.ts).
   */
  status: PlanStatus | string
  /** The server's status underneath (equal to status unless a change that can still land shows over it). */
  serverStatus: PlanStatus | string
  planType: PlanType | string
  orderId: number | null
  orderNumber: string | null
  channelId: number | null
  channelType: string | null
  customerId: number | null
  storeRemoteId: string | null
  staffRemoteId: string | null
  invoiceNumber: string | null
  refundAmount: number | null
  /** ISO 4217 code, upper case (TRY, EUR, ...), or null when the server sent none. */
  currency: string | null
  itemCount: number
  firstProductName: string | null
  createdDate: string | null
  modifiedDate: string
  /** Open local edits (not yet applied or discarded). */
  pendingEdits: number
  /** The most urgent state among the open edits, or null when there are none. */
  localState: LocalState | null
  /** That change: the person's value, a refusal's words, or the server's copy it conflicts with; null without open edits. */
  note: PlanChangeNote | null
}

export interface SearchResult {
  total: number
  rows: PlanSummary[]
  /** Present when more rows follow: pass it as `cursor` (same filters and sort) for the next page. */
  nextCursor?: string
}

export interface PlanLocalState {
  pendingEdits: number
  /** When this plan's server copy was last written into the cache. */
  syncedAt: string
}

export interface PlanDetail {
  summary: PlanSummary
  /** The plan exactly as the server sent it (nothing the server sends is lost). */
  server: Record<string, unknown>
  local: PlanLocalState
}

/** A plan's server state as an edit was made against it, or as read back. */
export interface PlanServerState {
  status: string
  modifiedDate: string
  /** The plan's payment_plan object as the server sent it (null when it has none). */
  paymentPlan: unknown
  /** Who last changed the plan (the server's last_updated_by, as a name), when the server said; read-backs record it. */
  by?: string | null
}

export interface OutboxEntry {
  id: number
  planPk: number
  kind: 'status' | 'payment_plan'
  /** kind status: the status asked for. */
  targetStatus: string | null
  /** kind payment_plan: the lines asked for. */
  paymentPlan: PaymentPlanLine[] | null
  /** The server state the edit was made against. */
  base: PlanServerState
  /** Who made the edit (the server records them as its author when it is sent). */
  author: string
  createdAt: string
  state: OutboxState
  /** Sends so far. */
  attempts: number
  /** Read-backs before a send that failed in a row (the server could not be reached to check the plan). */
  readFailures: number
  /** When the next attempt happens (pending entries that wait after a failure). */
  nextAttemptAt: string | null
  lastError: IpcError | null
  /** The server's state read back at a conflict or check, beside the person's change. */
  server: PlanServerState | null
  /** What decided the end state, in words. */
  result: string | null
  updatedAt: string
  finishedAt: string | null
  /** Set when the entry waits for its author to sign in (someone else is signed in, or nobody). */
  waitingFor: string | null
  /** Why a waiting (pending) entry has not been sent yet; null for the other states (main/outbox/wait-reason.ts). */
  waitReason: WaitReason | null
  /** The bulk decision it was made in (one id per confirmation), or null. */
  batch: string | null
}

/**
 * Why a waiting change waits: for its author to sign in; behind an earlier change of the same
 * plan (which may itself wait for the person, or for someone else); for a new sign-in (the queue
 * is paused); for the author's own sign-in, the token in use being another account's (`account`,
 * as the server recorded it: the queue is stopped); until the next automatic try at a time (the
 * backoff after a failed attempt); or only for the next pass (it is sent now).
 */
export type WaitReason =
  | { kind: 'author'; who: string }
  | { kind: 'behind'; entryId: number; state: OutboxState; author: string }
  | { kind: 'sign_in' }
  | { kind: 'identity'; account: string | null }
  | { kind: 'retry_at'; at: string }
  | { kind: 'due' }

/**
 * One line of a plan's timeline (plans:timeline), which comes newest first: when the plan was
 * created, each status change a sync saw on the server, and each change made here (an outbox
 * entry, in whatever state it is now).
 */
export type TimelineEvent =
  | {
      kind: 'created'
      /** The plan's created_date (the server's clock). */
      at: string
      /** The server's created_by, as a name. */
      by: string | null
    }
  | {
      kind: 'status'
      /** The server's modified_date of the copy that showed the new status. */
      at: string
      from: string
      to: string
      /** The server's last_updated_by of that copy, as a name. */
      by: string | null
      /** When this computer saw it (a sync, or the read-back after sending a change). */
      seenAt: string
    }
  | {
      kind: 'local'
      /** When the change was made here. */
      at: string
      entry: OutboxEntry
    }

export interface OutboxSummary {
  counts: Record<OutboxState, number>
  /** pending + sending + failed + conflict + needs_checking. */
  open: number
  /** When the oldest open edit was made. */
  oldestOpenAt: string | null
  /** Open edits of people other than the one signed in (they wait for their author). */
  waitingForOthers: number
  /** Why replay is paused: the server no longer accepts the sign-in, or the token belongs to another account than the person's. */
  paused: 'sign-in' | 'identity' | null
  /** paused 'identity': the account the server recorded for a change sent with the token. */
  tokenAccount: string | null
  /** When the signed-in person's next waiting change is tried by itself (null: none waits for a retry). */
  nextTryAt: string | null
  /** Why the signed-in person's waiting changes did not go out yet (the last error of the soonest one), or null. */
  waitingBecause: IpcError | null
}

/**
 * What a bulk decision would do (plans:bulkScope): the asked plans by the status each shows now;
 * those already in the target status (left out); those whose status the server refused this
 * change from before (listed apart, left out unless forced); the ones that change; and those
 * no longer in the cache.
 */
export interface BulkScope {
  status: string
  total: number
  /** Most first. */
  byStatus: Array<{ status: string; count: number }>
  already: number[]
  refused: Array<{ refusal: LearnedRefusal; pks: number[] }>
  change: number[]
  missing: number[]
}

/** A bulk decision made (plans:bulkSetStatus): one entry per plan, all of one batch. */
export interface BulkResult {
  /** The batch its entries carry (OutboxEntry.batch); null when nothing was queued. */
  batch: string | null
  queued: number
  /** Left out: already in the target status. */
  already: number
  /** Left out: the server refused this change from their status before (not forced). */
  refusedLeftOut: number
  /** Not queued, with why (no longer in the cache, ...). */
  failed: Array<{ pk: number; error: IpcError }>
}

/** Several changes at once (the Changes view's selection): what was done, and what was not, with why. */
export interface OutboxManyResult {
  done: number[]
  skipped: Array<{ id: number; error: IpcError }>
}

export interface OutboxPage {
  total: number
  entries: OutboxEntry[]
}

export interface StatusLabel {
  key: string
  label: string
}

/** A status change the server refused (plans:refusals): kept per server, with its words and when, to mark that choice. */
export interface LearnedRefusal {
  from: string
  to: string
  /** The server's words. */
  message: string
  learnedAt: string
}

export interface SyncProgress {
  kind: 'full' | 'incremental' | 'reconcile'
  /** waiting: for another process's sync of the same cache to finish; retrying: a read failed and is tried again (see retry). */
  phase: 'waiting' | 'starting' | 'pages' | 'reconcile' | 'retrying' | 'done'
  pagesDone: number
  pagesTotal: number | null
  plansDone: number
  plansTotal: number | null
  /** Plans per second over the run so far. */
  rate: number
  /** phase retrying: what failed ("page 37"), the next attempt's number, when it happens, and why. */
  retry?: { what: string; attempt: number; inMs: number; reason: string }
}

export interface SkippedPlan {
  pk: number | null
  reason: string
}

export interface SyncResult {
  kind: 'full' | 'incremental' | 'reconcile'
  added: number
  updated: number
  removed: number
  unchanged: number
  skipped: SkippedPlan[]
  /** Anything that ended the walk early (bogus count, repeated page, ...), in words. */
  warnings: string[]
  durationMs: number
  cancelled: boolean
  /**
   * True only when the cache now holds everything the server listed: the walk reached the end,
   * nothing was skipped and the run was not cancelled. Scripts rely on it (plandesk sync exits 1 otherwise).
   */
  complete: boolean
}

export interface SyncState {
  running: boolean
  lastFullSyncAt: string | null
  lastSyncAt: string | null
  lastReconcileAt: string | null
  /** modified_date cursor of the incremental sync. */
  cursor: string | null
  planCount: number
  lastError: IpcError | null
  lastResult: SyncResult | null
}

/**
 * online; offline (the server cannot be reached: network, time-out); server-error (it answers
 * with 5xx); signed-out (no sign-in, or the server no longer accepts it: sign in again);
 * checking (at start-up).
 */
export type ConnectionStatus = 'online' | 'offline' | 'server-error' | 'signed-out' | 'checking'

export interface ConnectionState {
  status: ConnectionStatus
  serverUrl: string | null
  /** Human-readable reason when offline or signed out. */
  detail: string | null
  since: string
}

/**
 * Whether the cache can take writes. A full disk makes PlanDesk read-only: everything saved
 * stays (browse, search, open plans), new decisions, syncs and sends wait until space is back.
 */
export interface StorageState {
  /** False while the disk is full: nothing is synced or sent. */
  writable: boolean
  /** Whether the person's decisions can still be saved (they go to the outbox's own small file, which may still take them when the cache cannot grow). */
  decisions: boolean
  /** Human-readable reason when not writable. */
  detail: string | null
  since: string
}

export interface Settings {
  mode: 'demo' | 'server'
  serverUrl: string | null
  language: Language
  scope: SyncScope
  syncIntervalMinutes: number
  reconcileIntervalHours: number
  /** How long applied and discarded changes stay in the Changes history. */
  historyDays: number
}

export interface AppInfo {
  version: string
  /** 'electron' inside the desktop app, 'web' through the loopback web host. */
  host: 'electron' | 'web'
  demo: boolean
  serverUrl: string | null
  dataDir: string
  /** Things the person must know at start-up (corrupt cache moved aside, no secure storage, ...). */
  notices: string[]
}

/** What the renderer remembers between launches, kept by main in <data dir>/ui-state.json (never in the browser: the web host's origin changes every launch). */
export interface UiState {
  /** The route shown when PlanDesk closed, restored at the next start. */
  lastRoute: string
  /** The list's search and filters when PlanDesk closed. */
  search: ViewSearch
  /** The saved views, in the person's order. */
  views: SavedView[]
  theme: Theme
}

export interface AuthStatus {
  signedIn: boolean
  username: string | null
  serverUrl: string | null
  /** False where the OS offers no secure storage: the token then lives only in memory. */
  secureStorageAvailable: boolean
  /** Where a remembered sign-in is kept, in words, for the "remember me" choice. */
  tokenStorage: string
  remembered: boolean
}

/** The overview: what the cache holds, counted as the list counts it. */
export interface PlanOverview {
  total: number
  /** By the status the person sees (a pending edit's target), as the list's status filter finds them; statuses with no plan left out. */
  byStatus: Array<{ status: string; count: number }>
  byType: Array<{ planType: string; count: number }>
  /** Per asked day: the plans created that day (every currency), as the list's created-date filter finds them. */
  days: Array<{ day: string; count: number }>
  /** Refund totals per day, one series per currency (never added across currencies); null: plans without a currency. */
  refunds: Array<{ currency: string | null; days: Array<{ day: string; total: number; count: number }> }>
  /** Local changes not yet on the server (open outbox entries), and the plans they touch. */
  localChanges: { open: number; plans: number }
}

/** What the list's filters offer (plans:facets): the values in the cache, most plans first, with their counts. */
export interface PlanFacets {
  /** Each channel of the cached plans: its name as the plans give it (null when they give none) and its type when learnt. */
  channels: Array<{ id: number; name: string | null; type: string | null; count: number }>
  stores: Array<{ value: string; count: number }>
  staff: Array<{ value: string; count: number }>
  currencies: Array<{ code: string; count: number }>
}

export interface ExportProgress {
  format: ExportFormat
  done: number
  total: number
}

/**
 * saved: written where the person chose in the save dialog (desktop); download: the file waits
 * at `url` on the web host (browser); cancelled: the person closed the save dialog.
 */
export interface ExportResult {
  outcome: 'saved' | 'download' | 'cancelled'
  rows: number
  fileName: string | null
  path?: string
  url?: string
}

// ---------------------------------------------------------------------------------------------
// The envelope

export { ERROR_CODES, type ErrorCode } from '../main/domain'
/** An error as it crosses the bridge (main/domain/errors.ts makes it from anything thrown). */
export type IpcError = ErrorShape

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError }

// ---------------------------------------------------------------------------------------------
// Channels

interface ChannelDef<A extends z.ZodType, R> {
  args: A
  /** Phantom: carries the result type only. */
  result?: R
}

function channel<R>() {
  return <A extends z.ZodType>(args: A): ChannelDef<A, R> => ({ args })
}

export const channels = {
  'app:info': channel<AppInfo>()(none),
  'app:storage': channel<StorageState>()(none),
  'settings:get': channel<Settings>()(none),
  'settings:update': channel<Settings>()(SettingsPatchSchema),
  'auth:status': channel<AuthStatus>()(none),
  'auth:login': channel<AuthStatus>()(LoginSchema),
  'auth:logout': channel<AuthStatus>()(LogoutSchema.optional()),
  'connection:get': channel<ConnectionState>()(none),
  'connection:check': channel<ConnectionState>()(none),
  'plans:search': channel<SearchResult>()(SearchQuerySchema),
  'plans:get': channel<PlanDetail>()(PlanRefSchema),
  'plans:statuses': channel<StatusLabel[]>()(none),
  /** The status changes this server refused before (see LearnedRefusal). */
  'plans:refusals': channel<LearnedRefusal[]>()(none),
  /** The transaction types a payment plan may have: "refund" first, then those the cached payment plans use. */
  'plans:transactionTypes': channel<string[]>()(none),
  /** The plan's timeline, newest first (see TimelineEvent). */
  'plans:timeline': channel<TimelineEvent[]>()(PlanRefSchema),
  /** Other cached plans of the same order, oldest first. */
  'plans:related': channel<PlanSummary[]>()(PlanRefSchema),
  'sync:start': channel<SyncResult>()(SyncStartSchema.optional()),
  'sync:cancel': channel<boolean>()(none),
  'sync:state': channel<SyncState>()(none),
  'plans:setStatus': channel<OutboxEntry>()(SetStatusSchema),
  'plans:createPaymentPlan': channel<OutboxEntry>()(CreatePaymentPlanSchema),
  'plans:bulkScope': channel<BulkScope>()(BulkStatusSchema),
  'plans:bulkSetStatus': channel<BulkResult>()(BulkSetStatusSchema),
  'outbox:list': channel<OutboxPage>()(OutboxListSchema.optional()),
  'outbox:summary': channel<OutboxSummary>()(none),
  'outbox:retry': channel<OutboxEntry>()(OutboxEntryRefSchema),
  'outbox:discard': channel<OutboxEntry>()(OutboxEntryRefSchema),
  'outbox:resolve': channel<OutboxEntry>()(ResolveSchema),
  'outbox:many': channel<OutboxManyResult>()(OutboxManySchema),
  /** Discards every refused (failed) change of one bulk decision; answers how many. */
  'outbox:discardFailedOfBatch': channel<number>()(OutboxBatchSchema),
  'outbox:push': channel<OutboxSummary>()(none),
  'ui:get': channel<UiState>()(none),
  'ui:set': channel<UiState>()(UiStatePatchSchema),
  // the overview and export
  'plans:overview': channel<PlanOverview>()(OverviewQuerySchema),
  /** The channels, stores, staff and currencies of the cached plans, with counts (the filters' choices). */
  'plans:facets': channel<PlanFacets>()(none),
  'plans:export': channel<ExportResult>()(ExportSchema),
} as const

export type Channel = keyof typeof channels
export const CHANNELS = Object.keys(channels) as Channel[]

export type ArgsOf<C extends Channel> = z.input<(typeof channels)[C]['args']>
export type ParsedArgsOf<C extends Channel> = z.output<(typeof channels)[C]['args']>
export type ResultOf<C extends Channel> = NonNullable<(typeof channels)[C]['result']>

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name)
}

// ---------------------------------------------------------------------------------------------
// Push events (main → renderer)

export interface EventPayloads {
  'sync:progress': SyncProgress
  'sync:finished': { result: SyncResult | null; error: IpcError | null }
  'connection:changed': ConnectionState
  'plans:changed': { pks: number[] | 'all' }
  'outbox:changed': OutboxSummary
  'storage:changed': StorageState
  /** The notices shown at the top of the window changed (a check after start-up found something): all of them. */
  'app:notices': string[]
  'export:progress': ExportProgress
}
export type EventName = keyof EventPayloads
// EVENTS and isEventName live in ./domain (no zod, so the renderer can bundle them).
export { EVENTS, isEventName, MAX_BULK } from './domain'

// ---------------------------------------------------------------------------------------------
// The bridge the renderer sees as window.plandesk (Electron preload or the web host's shim).

export interface PlanDeskBridge {
  /** Calls a main-process method. Never rejects: failures come back as { ok: false }. */
  invoke<C extends Channel>(
    channel: C,
    ...args: undefined extends ArgsOf<C> ? [arg?: ArgsOf<C>] : [arg: ArgsOf<C>]
  ): Promise<Envelope<ResultOf<C>>>
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
  readonly host: 'electron' | 'web'
}

/** The IPC channel name Electron uses for push events. */
export const EVENT_CHANNEL = 'plandesk:event'
