/**
 * The admin interface over HTTP, for tests running in another process (e2e, CLI checks):
 * loopback peers only, and every request must carry X-Simulator-Secret. Never subject to faults.
 *
 *   GET    /__admin/plans/{pk}            the plan as served
 *   POST   /__admin/plans/{pk}            body {patch: {...}, user?: "username", offSpec?: boolean}
 *                                         (SimulatorAdmin.updatePlan) → the plan
 *   DELETE /__admin/plans/{pk}
 *   POST   /__admin/plans                 body {overrides?: {...}, offSpec?: boolean} → {pk}
 *   GET    /__admin/audit?pk=&action=     → {entries: AuditEntry[]}
 *   GET    /__admin/count                 → {count}
 *   GET    /__admin/faults                → current faults
 *   POST   /__admin/faults                body Partial<FaultOptions> (offline excluded) → current faults
 *   POST   /__admin/expire-tokens         body empty or {}
 *   POST   /__admin/offline               body {ms?: 1..600000, default 1000}: offline now, back after
 *                                         ms (the admin interface shares the listening socket, so it
 *                                         cannot be reached to switch back on)
 *
 * Every input is checked before anything changes (plan fields: plan-patch.ts; faults: faults.ts):
 * a bad one is a 400 {detail, fields: {"patch.status": ["..."], ...}, code: "invalid"} naming each
 * bad field, an unknown field or query parameter included; a wrong method on a known path is a 405.
 */
import type { IncomingMessage } from 'node:http'
import { z } from 'zod'
import { sameSecret } from '../security/secret'
import { checkFaults, faultSettings, unknownFault } from './faults'
import { HttpError, isLoopback, readJsonObject } from './http'
import { bounded, collectIssues, InputError, listFields, type FieldMessages } from './input'
import { collectPlanPatch } from './plan-patch'
import { jsonReply, type Reply } from './routes/context'
import type { ServerDeps } from './server'
import type { AuditAction, FaultOptions } from './types'

export interface AdminControls {
  setFaults(faults: Partial<FaultOptions>): void
  faults(): FaultOptions
  expireTokens(): void
  setOffline(offline: boolean): Promise<void>
}

const AUDIT_ACTIONS: readonly AuditAction[] = ['update_status', 'create_payment_plan', 'admin_update', 'admin_add', 'admin_delete']
export const MAX_OFFLINE_MS = 600_000

/** A 400 naming every bad field; `detail` lists them on one line for a log or an exception message. */
function invalid(fields: FieldMessages): HttpError {
  return new HttpError(400, { detail: `Invalid admin request. ${listFields(fields)}`, fields, code: 'invalid' })
}

function parse<T>(schema: z.ZodType<T>, value: unknown, into: FieldMessages, unknownKey?: string): T | null {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  collectIssues(into, result.error, '', unknownKey)
  return null
}

const offSpecFlag = z.boolean({ error: 'Must be true or false.' }).optional()
const username = z.string({ error: 'Must be a username.' }).regex(/^[\w.@+-]{1,150}$/, { error: 'Must be a username (letters, digits and @ . + - _, at most 150).' })
const updateBody = z.strictObject({ patch: z.unknown().optional(), user: username.optional(), offSpec: offSpecFlag })
const addBody = z.strictObject({ overrides: z.unknown().optional(), offSpec: offSpecFlag })
const offlineBody = z.strictObject({ ms: bounded(1, MAX_OFFLINE_MS, 'a whole number of milliseconds', true).optional() })
const noBody = z.strictObject({})
const auditQuery = z.strictObject({
  pk: z.string().regex(/^[1-9]\d{0,15}$/, { error: 'Must be a plan pk (a whole number ≥ 1).' }).optional(),
  action: z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]], { error: `Must be one of ${AUDIT_ACTIONS.join(', ')}.` }).optional(),
})
const settableFaults = faultSettings.omit({ offline: true })
const SETTABLE_FAULT_KEYS = Object.keys(settableFaults.shape)

/** Reads a plan edit or addition: the body's own keys, then the plan fields under `key`. */
async function readPlanBody<T extends z.ZodRawShape>(
  req: IncomingMessage, deps: ServerDeps, schema: z.ZodObject<T>, key: 'patch' | 'overrides', pkNote: string,
): Promise<{ body: z.infer<z.ZodObject<T>>; fields: Record<string, unknown> }> {
  const raw = await readJsonObject(req)
  const errors: FieldMessages = {}
  const body = parse(schema, raw, errors, `Unknown field; known: ${Object.keys(schema.shape).join(', ')}.`)
  if (key === 'patch' && raw.patch === undefined) errors.patch = ['Required: an object of plan fields to set.']
  const mode = { offSpec: raw.offSpec === true, nowUs: deps.state.clock.nowUs() }
  const fields = raw[key] === undefined ? {} : collectPlanPatch(errors, raw[key], mode, `${key}.`, pkNote)
  if (Object.keys(errors).length > 0 || !body || !fields) throw invalid(errors)
  return { body, fields }
}

export async function handleAdmin(req: IncomingMessage, url: URL, deps: ServerDeps): Promise<Reply> {
  if (!isLoopback(req.socket.remoteAddress)) throw new HttpError(403, { detail: 'Loopback only.', code: 'permission_denied' })
  if (!sameSecret(req.headers['x-simulator-secret'], deps.adminSecret)) {
    throw new HttpError(403, { detail: 'Missing or wrong X-Simulator-Secret.', code: 'permission_denied' })
  }
  try {
    return await route(req, url, deps)
  } catch (err) {
    // Checked input cannot fail further down; should it still, it is the caller's input, not a crash.
    if (err instanceof InputError) throw invalid(err.fields)
    throw err
  }
}

async function route(req: IncomingMessage, url: URL, deps: ServerDeps): Promise<Reply> {
  const { admin, controls } = deps
  const method = req.method ?? 'GET'
  const path = url.pathname.replace(/\/?$/, '/')
  const pkMatch = /^\/__admin\/plans\/(\d+)\/$/.exec(path)
  const notFound = () => new HttpError(404, { detail: 'Not found.', code: 'not_found' })
  const allow = (allowed: string) => new HttpError(405, { detail: `Method "${method}" not allowed.`, code: 'method_not_allowed' }, { Allow: allowed })

  if (pkMatch) {
    const pk = Number(pkMatch[1])
    if (method === 'GET') {
      const plan = admin.getPlan(pk)
      if (!plan) throw notFound()
      return jsonReply(200, plan)
    }
    if (method === 'POST' || method === 'PATCH') {
      if (!admin.getPlan(pk)) throw notFound()
      const { body, fields } = await readPlanBody(req, deps, updateBody, 'patch', 'the pk in the path names the plan to edit')
      admin.updatePlan(pk, fields, body.user)
      return jsonReply(200, admin.getPlan(pk))
    }
    if (method === 'DELETE') {
      if (!admin.getPlan(pk)) throw notFound()
      admin.deletePlan(pk)
      return jsonReply(200, { deleted: pk })
    }
    throw allow('GET, POST, PATCH, DELETE')
  }
  if (path === '/__admin/plans/') {
    if (method !== 'POST') throw allow('POST')
    const { fields } = await readPlanBody(req, deps, addBody, 'overrides', 'the simulator gives a new plan the next pk')
    return jsonReply(201, { pk: admin.addPlan(fields) })
  }
  if (path === '/__admin/audit/') {
    if (method !== 'GET') throw allow('GET')
    const errors: FieldMessages = {}
    const query = parse(auditQuery, Object.fromEntries(url.searchParams), errors, 'Unknown query parameter; known: pk, action.')
    if (!query) throw invalid(errors)
    return jsonReply(200, {
      entries: admin.audit({
        ...(query.pk !== undefined ? { pk: Number(query.pk) } : {}),
        ...(query.action !== undefined ? { action: query.action } : {}),
      }),
    })
  }
  if (path === '/__admin/count/') {
    if (method !== 'GET') throw allow('GET')
    return jsonReply(200, { count: admin.planCount() })
  }
  if (path === '/__admin/faults/') {
    if (method === 'GET') return jsonReply(200, controls.faults())
    if (method !== 'POST') throw allow('GET, POST')
    const { offline, ...rest } = await readJsonObject(req)
    const errors: FieldMessages = {}
    if (offline !== undefined) {
      errors.offline = ['Not settable here: the admin interface shares the listening socket, so it could not switch it back on. Use POST /__admin/offline/ with {"ms": N}.']
    }
    const patch = parse(settableFaults, rest, errors, unknownFault(SETTABLE_FAULT_KEYS))
    if (!patch || Object.keys(errors).length > 0) throw invalid(errors)
    controls.setFaults(checkFaults(patch))
    return jsonReply(200, controls.faults())
  }
  if (path === '/__admin/expire-tokens/') {
    if (method !== 'POST') throw allow('POST')
    const errors: FieldMessages = {}
    if (!parse(noBody, await readJsonObject(req, { optional: true }), errors, 'Unknown field: this takes no settings.')) throw invalid(errors)
    controls.expireTokens()
    return jsonReply(200, { expired: true })
  }
  if (path === '/__admin/offline/') {
    if (method !== 'POST') throw allow('POST')
    const errors: FieldMessages = {}
    const body = parse(offlineBody, await readJsonObject(req, { optional: true }), errors, 'Unknown field; known: ms.')
    if (!body) throw invalid(errors)
    const ms = body.ms ?? 1000
    // Answer first, then drop off the network.
    // Not unref'd: while offline the listening socket is closed, and this timer is what keeps a
    // standalone `plandesk sim` alive until it comes back. close() makes a late timer a no-op.
    setTimeout(() => {
      void controls.setOffline(true).then(() => setTimeout(() => void controls.setOffline(false).catch(() => undefined), ms))
    }, 10)
    return jsonReply(202, { offline_for_ms: ms })
  }
  throw notFound()
}
