import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSimulator } from '../../../main/simulator/types'
import { startSim } from '../sync/sim-helpers'
import { cli, tempDataDir } from './harness'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSim(30)
})
afterAll(async () => {
  await sim?.close()
})

describe('plandesk login', () => {
  it('reads the password from stdin and saves server + token in a 0600 file without printing it', async () => {
    const dataDir = tempDataDir()
    const r = await cli(['login', '--server', sim.url, '--username', sim.username], { dataDir, stdin: `${sim.password}\n` })
    expect(r).toMatchObject({ code: 0, err: '' })
    const file = join(dataDir, 'cli-session.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const saved = JSON.parse(readFileSync(file, 'utf8'))
    expect(saved).toMatchObject({ serverUrl: sim.url, username: sim.username })
    expect(typeof saved.token).toBe('string')
    expect(r.out).not.toContain(saved.token)
    // the saved session works
    expect((await cli(['sync', '--json'], { dataDir })).code).toBe(0)
  })

  it('prints the token only when asked', async () => {
    const dataDir = tempDataDir()
    const r = await cli(['login', '--server', sim.url, '--username', sim.username, '--print-token'], { dataDir, stdin: sim.password })
    const saved = JSON.parse(readFileSync(join(dataDir, 'cli-session.json'), 'utf8'))
    expect(r.out.trim().split('\n').at(-1)).toBe(saved.token)
  })

  it('accepts a token after checking it, and refuses a wrong one or a wrong password', async () => {
    const dataDir = tempDataDir()
    expect((await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })).code).toBe(0)
    const bad = await cli(['login', '--server', sim.url, '--token', 'wrong-token'], { dataDir })
    expect(bad.code).toBe(1)
    expect(bad.err).not.toContain('wrong-token')
    const wrong = await cli(['login', '--server', sim.url, '--username', sim.username], { dataDir, stdin: 'nope\n' })
    expect(wrong.code).toBe(1)
    expect(wrong.err.split('\n').filter(Boolean)).toHaveLength(1)
  })

  it('uses PLANDESK_TOKEN instead of the file, and logout forgets the token', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    expect((await cli(['logout'], { dataDir })).code).toBe(0)
    expect((await cli(['sync'], { dataDir })).err).toMatch(/Not signed in/)
    expect((await cli(['sync', '--json'], { dataDir, env: { PLANDESK_TOKEN: sim.token } })).code).toBe(0)
    expect(JSON.parse(readFileSync(join(dataDir, 'cli-session.json'), 'utf8')).token).toBeNull()
  })
})
