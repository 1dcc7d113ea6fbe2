import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SettingsStore } from '../../../main/app/settings'
import { FileTokenVault } from '../../../main/app/token-vault'
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

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'))

describe('plandesk login', () => {
  it('reads the password from stdin, keeps the token in credentials.json (0600) and the server in settings.json, without printing it', async () => {
    const dataDir = tempDataDir()
    const r = await cli(['login', '--server', sim.url, '--username', sim.username], { dataDir, stdin: `${sim.password}\n` })
    expect(r).toMatchObject({ code: 0, err: '' })
    const file = join(dataDir, 'credentials.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const saved = readJson(file)
    // A password sign-in proves whose the token is.
    expect(saved).toEqual({ serverUrl: sim.url, username: sim.username, token: expect.any(String), verified: 'password' })
    expect(r.out).not.toContain(saved.token)
    expect(r.out).toContain(`Signed in to ${sim.url} as ${sim.username}. Token saved in ${file}.`)
    expect(readJson(join(dataDir, 'settings.json'))).toMatchObject({ mode: 'server', serverUrl: sim.url })
    expect(statSync(join(dataDir, 'settings.json')).mode & 0o777).toBe(0o600)
    expect(existsSync(join(dataDir, 'cli-session.json'))).toBe(false)
    // the saved sign-in works
    expect((await cli(['sync', '--json'], { dataDir })).code).toBe(0)
  })

  it('prints the token only when asked', async () => {
    const dataDir = tempDataDir()
    const r = await cli(['login', '--server', sim.url, '--username', sim.username, '--print-token'], { dataDir, stdin: sim.password })
    const saved = readJson(join(dataDir, 'credentials.json'))
    expect(r.out.trim().split('\n').at(-1)).toBe(saved.token)
  })

  it('accepts a token after checking it, and refuses a wrong one or a wrong password', async () => {
    const dataDir = tempDataDir()
    expect((await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })).code).toBe(0)
    expect(readJson(join(dataDir, 'credentials.json'))).toEqual({ serverUrl: sim.url, username: '', token: sim.token })
    const bad = await cli(['login', '--server', sim.url, '--token', 'wrong-token'], { dataDir })
    expect(bad.code).toBe(1)
    expect(bad.err).not.toContain('wrong-token')
    const wrong = await cli(['login', '--server', sim.url, '--username', sim.username], { dataDir, stdin: 'nope\n' })
    expect(wrong.code).toBe(1)
    expect(wrong.err.split('\n').filter(Boolean)).toHaveLength(1)
    // A refused sign-in leaves the one that worked.
    expect(readJson(join(dataDir, 'credentials.json')).token).toBe(sim.token)
  })

  it('says a refused token is the token given, not an expired sign-in', async () => {
    const bad = await cli(['login', '--server', sim.url, '--token', 'wrong-token'], { dataDir: tempDataDir() })
    expect(bad).toMatchObject({ code: 1, out: '' })
    expect(bad.err).toBe('plandesk: Invalid token. Check the token, or sign in with --username.\n')
  })

  it('exits 2 for a --server that is not an address', async () => {
    for (const auth of [['--token', 'abc'], ['--username', 'u']]) {
      const r = await cli(['login', '--server', 'not-a-url', ...auth], { dataDir: tempDataDir(), stdin: 'pw\n' })
      expect(r.code).toBe(2)
      expect(r.err.trim().split('\n')).toHaveLength(1)
      expect(r.err).toMatch(/^plandesk: --server not-a-url: /)
    }
  })

  it('signs in again to the server of the folder without --server', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    const again = await cli(['login', '--username', sim.username], { dataDir, stdin: sim.password })
    expect(again.code).toBe(0)
    expect(readJson(join(dataDir, 'credentials.json'))).toMatchObject({ serverUrl: sim.url, username: sim.username })
  })

  it('logout forgets the token but keeps the server, so the cache is still found offline', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    expect((await cli(['sync'], { dataDir })).code).toBe(0)
    expect((await cli(['logout'], { dataDir })).out).toBe('Signed out.\n')
    expect(existsSync(join(dataDir, 'credentials.json'))).toBe(false)
    expect(readJson(join(dataDir, 'settings.json'))).toMatchObject({ mode: 'server', serverUrl: sim.url })
    const refused = await cli(['sync'], { dataDir })
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(new RegExp(`^plandesk: Not signed in to ${sim.url}: run "plandesk login"`))
    expect(JSON.parse((await cli(['search', '--json', '--limit', '1'], { dataDir })).out).total).toBe(30)
    // PLANDESK_TOKEN signs in for one run, and saves nothing.
    expect((await cli(['sync', '--json'], { dataDir, env: { PLANDESK_TOKEN: sim.token } })).code).toBe(0)
    expect(existsSync(join(dataDir, 'credentials.json'))).toBe(false)
  })

  it('shares the sign-in with the app: each reads what the other saved', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--username', sim.username], { dataDir, stdin: sim.password })
    expect(new FileTokenVault(dataDir).load()).toMatchObject({ serverUrl: sim.url, username: sim.username })
    // A folder where the app chose the server and the web host remembered the sign-in.
    const appDir = tempDataDir()
    new SettingsStore(appDir).update({ mode: 'server', serverUrl: sim.url })
    new FileTokenVault(appDir).save({ serverUrl: sim.url, username: 'someone', token: sim.token })
    expect((await cli(['sync', '--json'], { dataDir: appDir })).code).toBe(0)
  })

  it('sends the saved token only to its own server: PLANDESK_SERVER elsewhere needs PLANDESK_TOKEN too', async () => {
    const dataDir = tempDataDir()
    await cli(['login', '--server', sim.url, '--token', sim.token], { dataDir })
    const elsewhere = await cli(['sync', '--retries', '1'], { dataDir, env: { PLANDESK_SERVER: 'http://127.0.0.1:9' } })
    expect(elsewhere.code).toBe(1)
    expect(elsewhere.err).toMatch(/^plandesk: Not signed in to http:\/\/127\.0\.0\.1:9/)
    const withToken = await cli(['sync', '--retries', '1'], { dataDir, env: { PLANDESK_SERVER: 'http://127.0.0.1:9', PLANDESK_TOKEN: 'x' } })
    expect(withToken.err).toMatch(/cannot reach 127\.0\.0\.1:9/)
    // The folder's own setup is unchanged by a run with overrides.
    expect(readJson(join(dataDir, 'settings.json')).serverUrl).toBe(sim.url)
  })

  it('uses --data-dir over PLANDESK_DATA_DIR', async () => {
    const envDir = tempDataDir()
    const flagDir = tempDataDir()
    expect((await cli(['--data-dir', flagDir, 'login', '--server', sim.url, '--token', sim.token], { dataDir: envDir })).code).toBe(0)
    expect(existsSync(join(flagDir, 'credentials.json'))).toBe(true)
    expect(existsSync(join(envDir, 'credentials.json'))).toBe(false)
    expect((await cli(['--data-dir', flagDir, 'sync', '--json'], { dataDir: envDir })).code).toBe(0)
    expect(JSON.parse((await cli(['--data-dir', flagDir, 'search', '--json'], { dataDir: envDir })).out).total).toBe(30)
    // The folder from the environment was not touched: it still shows demo data.
    expect((await cli(['sync'], { dataDir: envDir })).err).toMatch(/demo data/)
  })
})
