import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, tempDataDir } from './harness'

describe('plandesk exit codes', () => {
  it('2 for usage mistakes', async () => {
    const dataDir = tempDataDir()
    expect((await cli([], { dataDir })).code).toBe(2)
    const unknown = await cli(['bogus'], { dataDir })
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/unknown command 'bogus'/)
    expect((await cli(['search', '--limit', 'abc'], { dataDir })).code).toBe(2)
    expect((await cli(['search', '--status', 'nope'], { dataDir })).code).toBe(2)
    expect((await cli(['search', '--created-from', 'yesterday'], { dataDir })).code).toBe(2)
    expect((await cli(['search', '--limit', '5000'], { dataDir })).code).toBe(2)
    expect((await cli(['show'], { dataDir })).code).toBe(2)
    expect((await cli(['show', 'x'], { dataDir })).code).toBe(2)
    expect((await cli(['export', '--out', 'x.csv'], { dataDir })).code).toBe(2)
    expect((await cli(['login', '--server', 'http://127.0.0.1:9'], { dataDir })).code).toBe(2)
    // An address the client refuses is a mistake in the call, said in one line.
    const refused = await cli(['login', '--server', 'http://omnitron.example.com', '--token', 'abc'], { dataDir })
    expect(refused.code).toBe(2)
    expect(refused.err.trim().split('\n')).toHaveLength(1)
    expect(refused.err).toMatch(/^plandesk: --server http:\/\/omnitron\.example\.com: .*Refusing plain http/)
  })

  it('0 for help', async () => {
    const r = await cli(['--help'], { dataDir: tempDataDir() })
    expect(r.code).toBe(0)
    for (const c of ['login', 'sync', 'search', 'show', 'statuses', 'export', 'sim']) expect(r.out).toContain(c)
  })

  it('1 with one line on stderr for errors', async () => {
    const dataDir = tempDataDir()
    const r = await cli(['sync'], { dataDir })
    expect(r.code).toBe(1)
    // A data folder nobody set up shows demo data, as the app does; its server lives in the app.
    expect(r.err).toMatch(/^plandesk: This data folder shows demo data; .* Run "plandesk login --server URL --username NAME" to use a real server\.\n$/)
    const unreachable = await cli(['login', '--server', 'http://127.0.0.1:9', '--token', 'abc'], { dataDir })
    expect(unreachable.code).toBe(1)
    expect(unreachable.err.trim().split('\n')).toHaveLength(1)
    expect(unreachable.err).toMatch(/^plandesk: .*cannot reach 127\.0\.0\.1:9/)
  })

  it('delegates sim to the simulator command', async () => {
    const r = await cli(['sim', '--port', 'not-a-port'], { dataDir: tempDataDir() })
    expect(r.code).not.toBe(0)
  })
})

describe('plandesk --db', () => {
  it('refuses a file that is not a PlanDesk cache with exit 2 and leaves it untouched', async () => {
    const dataDir = tempDataDir()
    const notes = join(dataDir, 'notes.txt')
    writeFileSync(notes, 'Dear diary\n'.repeat(200))
    const r = await cli(['--db', notes, 'search', 'x'], { dataDir })
    expect(r.code).toBe(2)
    expect(r.err).toBe(`plandesk: ${notes} is not a PlanDesk cache; nothing was changed. Use --db with a PlanDesk cache file, or another --data-dir.\n`)
    expect(readFileSync(notes, 'utf8')).toBe('Dear diary\n'.repeat(200))
    expect(readdirSync(dataDir).filter((f) => f.startsWith('notes'))).toEqual(['notes.txt'])
  })
})
