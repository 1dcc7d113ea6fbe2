/**
 * Starting one of PlanDesk's worker threads. Each is a file of its own in the build
 * (electron.vite.config.ts), beside the bundle that starts it; run from the sources (the tests,
 * the benchmarks under tsx), the TypeScript file is loaded through tsx, which they have.
 */
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'

/** Each worker, and where its source lives under main/. */
const SOURCES = {
  'page-worker': '../sync/page-worker.ts',
  'check-worker': '../store/check-worker.ts',
} as const

export type WorkerName = keyof typeof SOURCES

export function startWorker(name: WorkerName, workerData?: unknown): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, `${name}.js`), { workerData })
  const source = join(__dirname, SOURCES[name])
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)})`, { eval: true, workerData })
}
