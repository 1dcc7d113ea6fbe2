/**
 * The page worker's thread (page-reader.ts starts it): reads each page it is sent and sends it
 * back readied for the cache. A file of its own in the build (electron.vite.config.ts).
 */
import { parentPort } from 'node:worker_threads'
import type { PlanCheckOptions } from '../omnitron'
import { errorToWire, readPage, toWire } from './page-read'

parentPort!.on('message', ({ id, bytes, check }: { id: number; bytes: Uint8Array; check: PlanCheckOptions }) => {
  try {
    const page = toWire(readPage(bytes, check))
    parentPort!.postMessage({ id, page }, [page.records.buffer as ArrayBuffer])
  } catch (e) {
    parentPort!.postMessage({ id, error: errorToWire(e) })
  }
})
