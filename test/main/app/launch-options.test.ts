import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseLaunchOptions, UsageError, WEB_HOST_USAGE } from '../../../main/app/launch-options'

describe('parseLaunchOptions', () => {
  it('reads demo, server, port, data dir and demo size', () => {
    expect(parseLaunchOptions(['--demo', '--port', '8080', '--data-dir=/tmp/x', '--demo-plans', '50'])).toEqual({
      demo: true,
      port: 8080,
      dataDir: '/tmp/x',
      demoPlans: 50,
      background: true,
    })
    expect(parseLaunchOptions(['--server', 'https://o.example.com']).serverUrl).toBe('https://o.example.com')
    expect(parseLaunchOptions(['--no-background']).background).toBe(false)
  })

  it('ignores switches that Electron and Chromium add', () => {
    expect(parseLaunchOptions(['--enable-logging', '--inspect=9229', '.'])).toEqual({ background: true })
  })

  it('explains bad values', () => {
    expect(() => parseLaunchOptions(['--port', 'abc'])).toThrow(UsageError)
    expect(() => parseLaunchOptions(['--server'])).toThrow(/needs a URL/)
    expect(() => parseLaunchOptions(['--server', 'not a url'])).toThrow(/full server address/)
    expect(() => parseLaunchOptions(['--server', 'http://omnitron.example.com'])).toThrow(/https/)
    expect(parseLaunchOptions(['--server', 'http://127.0.0.1:8787']).serverUrl).toBe('http://127.0.0.1:8787')
    expect(() => parseLaunchOptions(['--demo', '--server', 'https://x.example'])).toThrow(/either/)
  })
})

describe('node out/main/webhost.js --help', () => {
  it('reads --help and -h', () => {
    expect(parseLaunchOptions(['--help']).help).toBe(true)
    expect(parseLaunchOptions(['-h']).help).toBe(true)
    expect(parseLaunchOptions([]).help).toBeUndefined()
    for (const option of ['--demo', '--server', '--data-dir', '--port', '--demo-plans', '--no-background', '--help']) expect(WEB_HOST_USAGE).toContain(option)
  })

  it('prints the options and exits, creating no data folder and starting nothing', () => {
    const home = mkdtempSync(join(tmpdir(), 'plandesk-help-'))
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), PLANDESK_DATA_DIR: '' }
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'main/webhost-cli.ts', '--help'], { cwd: resolve(__dirname, '../../..'), env, encoding: 'utf8', timeout: 60_000 })
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(WEB_HOST_USAGE)
    expect(r.stdout).not.toMatch(/PlanDesk is running/)
    expect(readdirSync(home)).toEqual([])
  })
})
