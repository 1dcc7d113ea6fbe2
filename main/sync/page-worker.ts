/**
 * The page worker's thread (page-reader.ts starts it): reads each page it is sent and sends it
 * back readied for the cache. Once a long walk's writer thread runs, it is sent a port to that
 * thread: a page asked with `route` then goes there readied, and back only as its plans' numbers,
 * statuses and dates (walk-writer.ts). A file of its own in the build (electron.vite.config.ts).
 */
import { type MessagePort, parentPort } from 'node:worker_threads'
import type { PlanCheckOptions } from '../omnitron'
import { lowerThisThread } from '../native/threads'
import { errorToWire, readPage, toLight, toWire } from './page-read'

// The thread that answers the person runs first when the cores are busy.
lowerThisThread()

let writer: MessagePort | null = null

type Message = { connect: MessagePort } | { id: number; bytes: Uint8Array; check: PlanCheckOptions; route?: boolean }

parentPort!.on('message', (m: Message) => {
  if ('connect' in m) {
    writer = m.connect
    return
  }
  const { id, bytes, check, route } = m
  try {
    const read = readPage(bytes, check)
    const page = toWire(read)
    if (route && writer) {
      writer.postMessage({ id, page }, [page.records.buffer as ArrayBuffer])
      parentPort!.postMessage({ id, light: toLight(read) })
    } else {
      parentPort!.postMessage({ id, page }, [page.records.buffer as ArrayBuffer])
    }
  } catch (e) {
    parentPort!.postMessage({ id, error: errorToWire(e) })
  }
})
