/**
 * Starting one of PlanDesk's worker threads. Each is a file of its own in the build
 * (electron.vite.config.ts), beside the bundle that starts it; run from the sources (the tests,
 * the benchmarks under tsx), the TypeScript file is loaded through tsx, which they have.
 */
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'

export type WorkerName = 'page-worker'

export function startWorker(name: WorkerName): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, `${name}.js`))
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(__dirname, `${name}.ts`))})`, { eval: true })
}
