/**
 * The cache check's thread (cache-check.ts starts it): checks the file it is given on a read-only
 * connection of its own, answers once and ends. A file of its own in the build
 * (electron.vite.config.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { checkCacheFile } from './cache-check'

const { file } = workerData as { file: string }
try {
  parentPort!.postMessage({ outcome: checkCacheFile(file) })
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message })
}
