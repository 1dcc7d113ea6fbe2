import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSimulator } from '../../../main/simulator/types'
import { startSim } from '../sync/sim-helpers'
import { cli, tempDataDir } from './harness'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSim(5)
})
afterAll(async () => {
  await sim?.close()
})

describe('plandesk statuses', () => {
  it('lists the documented statuses before any sync, and the server labels after one', async () => {
    const dataDir = tempDataDir()
    const before = JSON.parse((await cli(['statuses', '--json'], { dataDir })).out)
    expect(before).toContainEqual({ key: 'manuel_refund_need', label: 'Manuel refund need' })
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    await cli(['sync'], { dataDir })
    const after = JSON.parse((await cli(['statuses', '--json'], { dataDir })).out)
    expect(after).toContainEqual({ key: 'manuel_refund_need', label: 'Manual Refund Needed' })
    expect((await cli(['statuses'], { dataDir })).out).toMatch(/^KEY +LABEL\n/)
  })
})
