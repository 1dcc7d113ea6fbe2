/** `plandesk sim`: the simulator's own command behind the plandesk program, its messages and exit codes passed through. */
import { describe, expect, it } from 'vitest'
import { runSim } from '../../../main/cli/sim'
import { cli, tempDataDir } from './harness'

describe('plandesk sim', () => {
  it('passes a bad fault setting through as one clear line and exit code 2', async () => {
    let out = ''
    let err = ''
    const code = await runSim(['--latency-ms', '1e308'], { out: (t) => void (out += t), err: (t) => void (err += t) })
    expect(code).toBe(2)
    expect(out).toBe('')
    expect(err).toBe("error: option '--latency-ms <ms>' argument '1e308' is invalid. Must be a number of milliseconds from 0 to 600000; got 1e+308.\n")
  })

  it('exits 2 through plandesk itself for a bad rate or an unknown option', async () => {
    const dataDir = tempDataDir()
    expect((await cli(['sim', '--fail-rate', '1.5'], { dataDir })).code).toBe(2)
    expect((await cli(['sim', '--bogus'], { dataDir })).code).toBe(2)
  })

  it('serves and stops with exit code 0', async () => {
    let out = ''
    const controller = new AbortController()
    const done = runSim(['--port', '0', '--plans', '3', '--hang-rate', '0'], { out: (t) => void (out += t), err: () => undefined }, {
      signal: controller.signal,
      onReady: () => controller.abort(),
    })
    expect(await done).toBe(0)
    expect(out).toMatch(/^Omnitron simulator listening on http:\/\/127\.0\.0\.1:\d+ {2}\(3 plans/)
    expect(out.endsWith('Simulator stopped.\n')).toBe(true)
  })
})
