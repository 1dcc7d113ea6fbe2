/**
 * Whose token the changes go out with, checked against the server's own record (a plan's
 * last_updated_by, and the simulator's audit log): a token of another user, claimed as the
 * person's own through PLANDESK_TOKEN / PLANDESK_USERNAME or `plandesk login --token`, sends at
 * most one of the person's changes before their queue stops with that user's name; a token the
 * server confirms goes on at full speed. Real `plandesk` processes on one data folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator } from '../../main/simulator'
import type { RunningSimulator } from '../../main/simulator/types'
import { freshWaiting, sessionFor, tokenFor } from './outbox-helpers'
import { login, runCli, tempDataDir } from './processes'

const OTHER = 'kerem.aydemir'
let sim: RunningSimulator
const used = new Set<number>()

beforeAll(async () => {
  sim = await startSimulator({ plans: 1500, seed: 77 })
})
afterAll(() => sim.close())

/** A data folder signed in as demo (with a password) and synced, with `count` changes of demo's queued while the server was away. */
async function demoQueued(count: number): Promise<{ dataDir: string; pks: number[]; spare: number }> {
  const dataDir = tempDataDir('plandesk-identity-')
  await login(dataDir, sim.url)
  const s = await sessionFor(sim, { dataDir })
  try {
    await s.sync({ full: true }, { wait: true })
    const pks = freshWaiting(s, used, count + 1)
    const spare = pks.pop()!
    await sim.setOffline(true)
    for (const pk of pks) s.setStatus({ pk, status: 'approved' })
    return { dataDir, pks, spare }
  } finally {
    await s.close()
    await sim.setOffline(false)
  }
}

/** The server's audit of status changes to these plans, by user. */
function madeBy(pks: number[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const a of sim.admin.audit({ action: 'update_status' }).filter((x) => pks.includes(x.pk))) out[a.user] = (out[a.user] ?? 0) + 1
  return out
}

describe("a token that belongs to someone else never sends a person's changes", () => {
  it("PLANDESK_TOKEN of another user with PLANDESK_USERNAME=demo: at most one change goes out under them, then demo's queue stops naming them", async () => {
    const { dataDir, pks, spare } = await demoQueued(10)
    const env = { PLANDESK_TOKEN: await tokenFor(sim, OTHER), PLANDESK_USERNAME: 'demo' }

    const first = await runCli(['push', '--max-wait', '5'], { dataDir, env })
    expect(first.code, first.stdout + first.stderr).toBe(1)
    expect(first.stderr).toMatch(new RegExp(`The token in use belongs to ${OTHER.replace('.', '\\.')}, not to demo.*demo's changes are stopped and the changes wait in the queue`))
    expect(madeBy(pks)).toEqual({ [OTHER]: 1 })

    // Another run with the same token sends nothing at all: the data folder has learnt whose it is.
    const again = await runCli(['push', '--max-wait', '5'], { dataDir, env })
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(new RegExp(`belongs to ${OTHER.replace('.', '\\.')}`))
    // Each waiting change says why it waits.
    const queue = JSON.parse((await runCli(['queue', '--state', 'pending', '--json'], { dataDir, env })).stdout)
    expect(queue.entries).toHaveLength(9)
    for (const e of queue.entries) expect(e.waitReason).toEqual({ kind: 'identity', account: OTHER })
    const table = await runCli(['queue', '--state', 'pending'], { dataDir, env })
    expect(table.stdout).toMatch(/is stopped: the token in use belongs to kerem\.aydemir, not to its author/)
    // A new change is queued, and waits.
    const queued = await runCli(['set-status', String(spare), 'approved'], { dataDir, env })
    expect(queued.code).toBe(1)
    expect(queued.stdout).toMatch(/Queued change/)
    expect(queued.stderr).toMatch(/belongs to kerem\.aydemir, not to demo/)
    expect(madeBy([...pks, spare])).toEqual({ [OTHER]: 1 })

    // demo's own sign-in (a password) sends the rest, each once.
    const own = await runCli(['push', '--max-wait', '20'], { dataDir })
    expect(own.code, own.stderr).toBe(0)
    expect(madeBy([...pks, spare])).toEqual({ [OTHER]: 1, demo: 10 })
  })

  it('plandesk login --token of another user --username demo says it is not confirmed, and the first change stops the queue', async () => {
    const { dataDir, pks } = await demoQueued(4)
    const signIn = await runCli(['login', '--token', await tokenFor(sim, OTHER), '--username', 'demo'], { dataDir })
    expect(signIn.code, signIn.stderr).toBe(0)
    expect(signIn.stdout).toMatch(/with a token, as demo \(not confirmed yet/)
    const push = await runCli(['push', '--max-wait', '5'], { dataDir })
    expect(push.code).toBe(1)
    expect(push.stderr).toMatch(/The token in use belongs to kerem\.aydemir, not to demo/)
    expect(madeBy(pks)).toEqual({ [OTHER]: 1 })
  })

  it("a token of demo's own, given as is, is confirmed by the first change and the rest go out", async () => {
    const { dataDir, pks } = await demoQueued(6)
    const env = { PLANDESK_TOKEN: await tokenFor(sim, 'demo'), PLANDESK_USERNAME: 'demo' }
    const push = await runCli(['push', '--max-wait', '20'], { dataDir, env })
    expect(push.code, push.stderr).toBe(0)
    expect(madeBy(pks)).toEqual({ demo: 6 })
  })
})
