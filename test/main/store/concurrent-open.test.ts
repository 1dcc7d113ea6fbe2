import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LATEST_VERSION, openStore } from '../../../main/store'

const root = resolve(__dirname, '../../..')

function openInChild(file: string, startAt: number): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'open-child.ts'), file, String(startAt)], { cwd: root })
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    child.on('error', fail)
    child.on('close', () => ok(out.trim()))
  })
}

describe('opening a new cache from several processes at once', () => {
  it('creates and migrates it once: the others wait their turn and find it done (no "database is locked")', async () => {
    for (let round = 0; round < 3; round++) {
      const file = join(mkdtempSync(join(tmpdir(), 'plandesk-open-')), 'cache.sqlite')
      // Far enough ahead for every child to have started (tsx takes a moment on a busy machine).
      const startAt = Date.now() + 4_000
      const results = await Promise.all(Array.from({ length: 4 }, () => openInChild(file, startAt)))
      expect(results, `round ${round}`).toEqual(['ok', 'ok', 'ok', 'ok'])
      const { store } = openStore({ file })
      expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
      store.close()
    }
  }, 60_000)
})
