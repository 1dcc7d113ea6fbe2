/**
 * startSimulator: an Omnitron-compatible server on loopback with generated data, for demo mode,
 * integration and end-to-end tests and benchmarks. See types.ts for the public surface.
 */
import { randomBytes } from 'node:crypto'
import { createAdmin } from './admin'
import { TokenAuth } from './auth'
import { DEMO_USER } from './data/reference'
import { dateToUs } from './dates'
import { openDb, PlanTable } from './db'
import { checkFaults, FaultController } from './faults'
import { isLoopback } from './http'
import { populate } from './populate'
import { SimServer } from './server'
import { SimState } from './state'
import type { FaultOptions, RunningSimulator, SimulatorOptions } from './types'

export type { AuditAction, AuditEntry, FaultOptions, RunningSimulator, SimulatorAdmin, SimulatorOptions } from './types'
export { TRANSITIONS, FINAL_STATUSES } from './transitions'

export const DEFAULT_PLANS = 2000
export const DEFAULT_SEED = 42

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1'
  if (!isLoopback(host) && host !== 'localhost') throw new Error(`The simulator binds to loopback only, not ${host}`)
  const plans = opts.plans ?? DEFAULT_PLANS
  if (!Number.isInteger(plans) || plans < 0) throw new RangeError(`plans must be a non-negative integer, got ${plans}`)
  const seed = opts.seed ?? DEFAULT_SEED
  const now = opts.now ?? (() => new Date())
  // Bad fault settings are refused (InputError naming each) before anything is opened.
  const initialFaults = checkFaults(opts.faults ?? {})

  const db = openDb(opts.dbFile)
  const table = new PlanTable(db)
  const populated = populate(table, { seed, plans, nowUs: dateToUs(now()) })
  const state = new SimState(table, populated.refs, populated.generator, now)
  const auth = new TokenAuth(db)
  const faults = new FaultController(seed, { ...initialFaults, offline: false })
  const admin = createAdmin(state)
  const adminSecret = randomBytes(16).toString('hex')
  const token = auth.issue({ pk: DEMO_USER.pk, username: DEMO_USER.username })

  let closed = false
  const setOffline = async (offline: boolean): Promise<void> => {
    if (closed) return
    faults.set({ offline })
    if (offline) await server.stop()
    else await server.resume()
  }
  const controls = {
    setFaults: (patch: Partial<FaultOptions>) => {
      const { offline, ...rest } = patch
      faults.set(rest)
      if (offline !== undefined && offline !== faults.current.offline) {
        setOffline(offline).catch((err) => console.error('[simulator] offline switch failed:', err))
      }
    },
    faults: () => ({ ...faults.current }),
    expireTokens: () => auth.expireAll(),
    setOffline,
  }
  const server = new SimServer({ state, auth, faults, admin, adminSecret, controls }, host)
  try {
    await server.listen(opts.port ?? 0)
  } catch (err) {
    db.close()
    throw err
  }
  if (initialFaults.offline) await setOffline(true)

  const urlHost = host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${urlHost}:${server.boundPort}`,
    username: DEMO_USER.username,
    password: DEMO_USER.password,
    token,
    adminSecret,
    admin,
    setFaults: controls.setFaults,
    expireTokens: controls.expireTokens,
    setOffline,
    async close() {
      if (closed) return
      // Closed first: a pending "back online" timer must not reopen the socket over a closed db.
      closed = true
      // Held requests go on (and find their sockets cut) rather than wait for ever.
      faults.releaseHeld()
      await server.stop()
      db.close()
    },
  }
}
