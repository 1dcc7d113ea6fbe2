import { readdirSync, readFileSync } from 'node:fs'
import { getPriority } from 'node:os'
import { describe, expect, it } from 'vitest'
import { BACKGROUND_NICENESS, lowerThisThread, startWorker } from '../../../main/native/threads'

/** The niceness of each thread of this process, by thread id (Linux: /proc/self/task/<tid>/stat, field 19). */
function nicenessByThread(): Map<number, number> {
  const out = new Map<number, number>()
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(Number(tid), Number(fields[16]))
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out
}

describe.runIf(process.platform === 'linux')('a sync worker thread’s priority', () => {
  it('is lowered for the worker thread alone: the main thread keeps its own', async () => {
    const before = nicenessByThread()
    const worker = startWorker('page-worker')
    try {
      // The page worker lowers itself as it starts; a message round trip says it has started.
      await new Promise<void>((resolve) => {
        worker.once('message', () => resolve())
        worker.postMessage({ id: 1, bytes: Buffer.from('{}'), check: {} })
      })
      const after = nicenessByThread()
      const lowered = [...after].filter(([tid, nice]) => !before.has(tid) && nice === BACKGROUND_NICENESS)
      expect(lowered.length).toBe(1)
      expect(getPriority()).toBe(0)
      expect(after.get(process.pid)).toBe(0)
    } finally {
      await worker.terminate()
    }
  })

  it('is left alone on the main thread', () => {
    expect(lowerThisThread()).toBe(false)
    expect(getPriority()).toBe(0)
  })
})
