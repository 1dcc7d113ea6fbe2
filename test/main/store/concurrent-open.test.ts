import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LATEST_VERSION, openStore } from '../../../main/store'

const root = resolve(__dirname, '../../..')

interface Child {
  ready: Promise<void>
  go: () => void
  result: Promise<string>
}

/** A process that opens the cache when told to go; `ready` once it has loaded and waits. */
function openInChild(file: string): Child {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'open-child.ts'), file], { cwd: root })
  let out = ''
  let ready!: () => void
  const isReady = new Promise<void>((ok) => (ready = ok))
  child.stdout.on('data', (c) => {
    out += c
    if (out.startsWith('ready\n')) ready()
  })
  const result = new Promise<string>((ok, fail) => {
    child.on('error', fail)
    child.on('close', () => ok(out.replace(/^ready\n/, '').trim()))
  })
  return { ready: isReady, go: () => child.stdin.write('go\n'), result }
}

describe('opening a new cache from several processes at once', () => {
  it('creates and migrates it once: the others wait their turn and find it done (no "database is locked")', async () => {
    for (let round = 0; round < 3; round++) {
      const file = join(mkdtempSync(join(tmpdir(), 'plandesk-open-')), 'cache.sqlite')
      // Every child loaded and waiting, then all told to go at once (however long loading took).
      const children = Array.from({ length: 4 }, () => openInChild(file))
      await Promise.all(children.map((c) => c.ready))
      for (const c of children) c.go()
      const results = await Promise.all(children.map((c) => c.result))
      expect(results, `round ${round}`).toEqual(['ok', 'ok', 'ok', 'ok'])
      const { store } = openStore({ file })
      expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
      store.close()
    }
  }, 60_000)
})
