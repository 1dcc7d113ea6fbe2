/**
 * Starting one of PlanDesk's worker threads. Each is a file of its own in the build
 * (electron.vite.config.ts), beside the bundle that starts it; run from the sources (the tests,
 * the benchmarks under tsx), the TypeScript file is loaded through tsx, which they have.
 */
import { readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { join } from 'node:path'
import { type ResourceLimits, Worker } from 'node:worker_threads'

/** Each worker, and where its source lives under main/. */
const SOURCES = {
  'page-worker': '../sync/page-worker.ts',
  'check-worker': '../store/check-worker.ts',
  'write-worker': '../sync/write-worker.ts',
} as const

export type WorkerName = keyof typeof SOURCES

/**
 * Each worker's heap limits. V8 lets an isolate's young generation grow to 48 MB when it
 * allocates much, and the page worker allocates a page's worth of strings and buffers for every
 * page of a first sync, while keeping little between pages. The built CLI's first sync of
 * 100,000 plans peaked at 285–300 MB RSS (4 runs); with the page worker's young generation held
 * at 8 MB and the smaller page cache of a long walk (PlanStore.holdPageCache), at 218–234 MB
 * (3 runs), in 32.6–34.3 s against 36.7–42.0 s before.
 */
const LIMITS: Record<WorkerName, ResourceLimits | undefined> = {
  'page-worker': { maxYoungGenerationSizeMb: 8 },
  'check-worker': undefined,
  // Like the page worker, it allocates a batch's worth of rows for each batch and keeps none.
  'write-worker': { maxYoungGenerationSizeMb: 8 },
}

export function startWorker(name: WorkerName, workerData?: unknown): Worker {
  const resourceLimits = LIMITS[name]
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, `${name}.js`), { workerData, resourceLimits })
  const source = join(__dirname, SOURCES[name])
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)})`, { eval: true, workerData, resourceLimits })
}

/** The niceness a sync's worker threads take (lowerThisThread): 10 of 19. */
export const BACKGROUND_NICENESS = 10

/**
 * Lowers the priority of the calling thread only, so that on a machine whose cores are all busy
 * the process's main thread, which answers the person, runs first. A first sync keeps three
 * threads busy (the page reader, the writer, and the server's answers on the main thread) on a
 * workstation that may have two cores; a search asked meanwhile waited for a core as much as for
 * SQLite. On Linux each thread is a task of its own that setpriority can lower alone
 * (/proc/thread-self names it); elsewhere nothing changes. False when nothing changed.
 */
export function lowerThisThread(niceness: number = BACKGROUND_NICENESS): boolean {
  if (process.platform !== 'linux') return false
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (!Number.isInteger(tid) || tid <= 0 || tid === process.pid) return false
    setPriority(tid, niceness)
    return true
  } catch {
    return false
  }
}
