/**
 * The admin interface over HTTP, for tests running in another process (e2e, CLI checks):
 * loopback peers only, and every request must carry X-Simulator-Secret. Never subject to faults.
 *
 *   GET    /__admin/plans/{pk}            the plan as served
 *   POST   /__admin/plans/{pk}            body {patch: {...}, user?: "username"}  (SimulatorAdmin.updatePlan)
 *   DELETE /__admin/plans/{pk}
 *   POST   /__admin/plans                 body {overrides?: {...}} → {pk}
 *   GET    /__admin/audit?pk=&action=     → {entries: AuditEntry[]}
 *   GET    /__admin/count                 → {count}
 *   POST   /__admin/faults                body Partial<FaultOptions> (offline excluded) → current faults
 *   POST   /__admin/expire-tokens
 *   POST   /__admin/offline               body {ms: number}: offline now, back after ms (the admin
 *                                         interface shares the listening socket, so it cannot be
 *                                         reached to switch back on)
 */
import type { IncomingMessage } from 'node:http'
import { sameSecret } from '../security/secret'
import { HttpError, isLoopback, readJsonObject } from './http'
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

export async function handleAdmin(req: IncomingMessage, url: URL, deps: ServerDeps): Promise<Reply> {
  if (!isLoopback(req.socket.remoteAddress)) throw new HttpError(403, { detail: 'Loopback only.', code: 'permission_denied' })
  if (!sameSecret(req.headers['x-simulator-secret'], deps.adminSecret)) {
    throw new HttpError(403, { detail: 'Missing or wrong X-Simulator-Secret.', code: 'permission_denied' })
  }
  const { admin, controls } = deps
  const method = req.method ?? 'GET'
  const path = url.pathname.replace(/\/?$/, '/')
  const pkMatch = /^\/__admin\/plans\/(\d+)\/$/.exec(path)
  const notFound = () => new HttpError(404, { detail: 'Not found.', code: 'not_found' })

  if (pkMatch) {
    const pk = Number(pkMatch[1])
    if (method === 'GET') {
      const plan = admin.getPlan(pk)
      if (!plan) throw notFound()
      return jsonReply(200, plan)
    }
    if (method === 'POST' || method === 'PATCH') {
      const body = await readJsonObject(req)
      const patch = body.patch
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new HttpError(400, { patch: ['An object is required.'], code: 'invalid' })
      if (!admin.getPlan(pk)) throw notFound()
      try {
        admin.updatePlan(pk, patch as Record<string, unknown>, typeof body.user === 'string' ? body.user : undefined)
      } catch (err) {
        throw new HttpError(400, { detail: err instanceof Error ? err.message : String(err), code: 'invalid' })
      }
      return jsonReply(200, admin.getPlan(pk))
    }
    if (method === 'DELETE') {
      if (!admin.getPlan(pk)) throw notFound()
      admin.deletePlan(pk)
      return jsonReply(200, { deleted: pk })
    }
  }
  if (path === '/__admin/plans/' && method === 'POST') {
    const body = await readJsonObject(req)
    const overrides = body.overrides && typeof body.overrides === 'object' ? (body.overrides as Record<string, unknown>) : {}
    return jsonReply(201, { pk: admin.addPlan(overrides) })
  }
  if (path === '/__admin/audit/' && method === 'GET') {
    const pk = url.searchParams.get('pk')
    const action = url.searchParams.get('action')
    if (action !== null && !AUDIT_ACTIONS.includes(action as AuditAction)) throw new HttpError(400, { action: ['Unknown action.'], code: 'invalid' })
    return jsonReply(200, {
      entries: admin.audit({
        ...(pk !== null && /^\d+$/.test(pk) ? { pk: Number(pk) } : {}),
        ...(action !== null ? { action: action as AuditAction } : {}),
      }),
    })
  }
  if (path === '/__admin/count/' && method === 'GET') return jsonReply(200, { count: admin.planCount() })
  if (path === '/__admin/faults/' && method === 'GET') return jsonReply(200, controls.faults())
  if (path === '/__admin/faults/' && method === 'POST') {
    const { offline: _offline, ...patch } = (await readJsonObject(req)) as Partial<FaultOptions>
    try {
      controls.setFaults(patch)
    } catch (err) {
      throw new HttpError(400, { detail: err instanceof Error ? err.message : String(err), code: 'invalid' })
    }
    return jsonReply(200, controls.faults())
  }
  if (path === '/__admin/expire-tokens/' && method === 'POST') {
    controls.expireTokens()
    return jsonReply(200, { expired: true })
  }
  if (path === '/__admin/offline/' && method === 'POST') {
    const body = await readJsonObject(req)
    const ms = typeof body.ms === 'number' && body.ms > 0 ? Math.min(body.ms, 600_000) : 1000
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
