/**
 * A person who asks to send is answered at once: a change that failed waits for its backoff
 * only for the automatic retries. `plandesk push` (a real process) and the app's "Send now"
 * (outbox:push) try it now; a push that still cannot send says why and when the next automatic
 * try is. Exactly once by the simulator's audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppServices } from '../../main/app/services'
import { FileTokenVault } from '../../main/app/token-vault'
import { dispatch } from '../../main/ipc/dispatch'
import { openSession } from '../../main/app/session'
import { startSimulator } from '../../main/simulator'
import type { RunningSimulator } from '../../main/simulator/types'
import type { OutboxSummary } from '../../preload/contract'
import { entries, freshWaiting, tokenFor } from './outbox-helpers'
import { login, runCli, tempDataDir } from './processes'

let sim: RunningSimulator
const used = new Set<number>()

beforeAll(async () => {
  sim = await startSimulator({ plans: 600, seed: 91 })
})
afterAll(() => sim.close())

/** A backoff that surely outlasts the test: 54 s after the first failure. */
const SLOW_RETRY = { baseMs: 60_000, capMs: 300_000, random: () => 0.9 }

/** A data folder signed in as demo, with one change that failed once (a 5xx) and now waits about a minute for its next automatic try. */
async function failedOnce(): Promise<{ dataDir: string; pk: number }> {
  const dataDir = tempDataDir('plandesk-retry-')
  await login(dataDir, sim.url)
  const s = openSession({
    dataDir,
    target: { demo: false, serverUrl: sim.url },
    credentials: { username: 'demo', token: await tokenFor(sim, 'demo'), verified: 'password' },
    purpose: 'retry test',
    retry: SLOW_RETRY,
  })
  try {
    await s.sync({ full: true }, { wait: true })
    const [pk] = freshWaiting(s, used, 1)
    sim.setFaults({ failRate: 1 })
    s.setStatus({ pk, status: 'approved' })
    const r = await s.push({ wait: true })
    expect(r).toMatchObject({ applied: 0, retrying: 1 })
    const [entry] = entries(s)
    expect(entry).toMatchObject({ state: 'pending', lastError: { code: 'server' } })
    expect(Date.parse(entry.nextAttemptAt!) - Date.now()).toBeGreaterThan(40_000)
    return { dataDir, pk }
  } finally {
    sim.setFaults({ failRate: 0 })
    await s.close()
  }
}

const appliedTo = (pk: number) => sim.admin.audit({ action: 'update_status', pk })

describe("a person's retry is answered at once", () => {
  it('a push that still cannot send says why, and when the next automatic try is', async () => {
    const { dataDir, pk } = await failedOnce()
    await sim.setOffline(true)
    try {
      const r = await runCli(['push', '--max-wait', '1'], { dataDir })
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/1 of your changes did not reach the server .* The last try failed: .*cannot reach .* The next automatic try is in \d+ (s|min) \(\d\d:\d\d:\d\d\); "plandesk push" tries again at once\./)
    } finally {
      await sim.setOffline(false)
    }
    expect(appliedTo(pk)).toHaveLength(0)
  })

  it('the server recovered: one plandesk push applies the change at once, not after its backoff', async () => {
    const { dataDir, pk } = await failedOnce()
    const started = Date.now()
    const r = await runCli(['push', '--max-wait', '5'], { dataDir })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/Sent: 1 applied/)
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(appliedTo(pk)).toHaveLength(1)
  })

  it('the app\'s "Send now" (outbox:push) applies it at once too', async () => {
    const { dataDir, pk } = await failedOnce()
    const services = await createAppServices({ dataDir, host: 'web', version: 'test', vault: new FileTokenVault(dataDir), background: false })
    try {
      const sent = await dispatch(services.handlers, 'outbox:push', undefined)
      expect(sent.ok, JSON.stringify(sent)).toBe(true)
      expect((sent as { value: OutboxSummary }).value).toMatchObject({ open: 0, nextTryAt: null, waitingBecause: null })
      expect(appliedTo(pk)).toHaveLength(1)
    } finally {
      await services.close()
    }
  })
})
