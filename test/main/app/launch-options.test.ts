import { describe, expect, it } from 'vitest'
import { parseLaunchOptions, UsageError } from '../../../main/app/launch-options'

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
