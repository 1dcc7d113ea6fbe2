/**
 * Compresses stored records (record.ts) on a worker thread, a page at a time, so that a sync's
 * main thread writes the current page while the pages fetched ahead are compressed beside it.
 * Compressing was about 13% of the main thread's time in a first sync; compressing each record
 * on libuv's pool instead (zlib's callback API) cost as much again on the main thread, in the
 * set-up and tear-down of a zlib stream per 750-byte record and the garbage they left.
 *
 * The worker's code is a few lines of plain JavaScript run with `eval`, so it needs no file of
 * its own in the build (electron-vite bundles the main process into one file) and runs the same
 * under the tests. It must give byte for byte what encodeRecord gives (a test compares them).
 * Any failure of the worker (it cannot start, it exits, it answers with an error) rejects what
 * waits on it and marks the compressor broken; callers then compress on their own thread.
 */
import { Worker } from 'node:worker_threads'
import { DICTIONARY_V1 } from './record-dictionary'
import { RECORD_LEVEL, RECORD_V1 } from './record'

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { crc32, deflateRawSync } = require('node:zlib')
const dictionary = Buffer.from(workerData.dictionary)
parentPort.on('message', ({ id, jsons }) => {
  try {
    const out = jsons.map((json) => {
      const payload = deflateRawSync(Buffer.from(json, 'utf8'), { dictionary, level: workerData.level })
      const record = new Uint8Array(5 + payload.length)
      record[0] = workerData.marker
      new DataView(record.buffer).setUint32(1, crc32(payload))
      record.set(payload, 5)
      return record
    })
    parentPort.postMessage({ id, records: out }, out.map((r) => r.buffer))
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) })
  }
})
`

interface Waiting {
  resolve: (records: Buffer[]) => void
  reject: (e: Error) => void
}

/** A worker with nothing to do for this long is stopped (its own V8 heap is about 10 MB); the next page starts another. */
export const IDLE_STOP_MS = 5_000

export class RecordCompressor {
  private worker: Worker | null = null
  private idle: NodeJS.Timeout | null = null
  private broken = false
  private nextId = 0
  private readonly waiting = new Map<number, Waiting>()

  /** False once the worker failed: compress on the calling thread instead. */
  get usable(): boolean {
    return !this.broken
  }

  /** Whether a worker thread is running now. */
  get running(): boolean {
    return this.worker !== null
  }

  /** The records of these JSON texts, in order. */
  compress(jsons: readonly string[]): Promise<Buffer[]> {
    if (this.broken) return Promise.reject(new Error('The record compressor stopped.'))
    if (jsons.length === 0) return Promise.resolve([])
    const worker = this.start()
    if (this.idle) clearTimeout(this.idle)
    this.idle = null
    const id = this.nextId++
    return new Promise<Buffer[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      // Keeps the process alive only while an answer is awaited.
      if (this.waiting.size === 1) worker.ref()
      worker.postMessage({ id, jsons })
    })
  }

  /** Stops the worker; what still waits is rejected. */
  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle)
    const worker = this.worker
    this.worker = null
    this.broken = true
    this.fail(new Error('The record compressor was closed.'))
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { dictionary: new Uint8Array(DICTIONARY_V1), level: RECORD_LEVEL, marker: RECORD_V1 },
    })
    worker.unref()
    worker.on('message', (m: { id: number; records?: Uint8Array[]; error?: string }) => {
      const w = this.waiting.get(m.id)
      if (!w) return
      this.waiting.delete(m.id)
      if (this.waiting.size === 0) {
        worker.unref()
        this.idle = setTimeout(() => this.stopIdle(worker), IDLE_STOP_MS).unref()
      }
      if (m.records) w.resolve(m.records.map((r) => Buffer.from(r.buffer, r.byteOffset, r.byteLength)))
      else w.reject(new Error(`The record compressor failed: ${m.error}`))
    })
    const stop = (e: Error): void => {
      if (this.worker !== worker) return
      this.worker = null
      this.broken = true
      this.fail(e)
    }
    worker.on('error', stop)
    worker.on('exit', (code) => stop(new Error(`The record compressor exited (code ${code}).`)))
    this.worker = worker
    return worker
  }

  /** Stops a worker that has been idle; not a failure, so the next compress() starts another. */
  private stopIdle(worker: Worker): void {
    if (this.worker !== worker || this.waiting.size > 0) return
    this.worker = null
    this.idle = null
    void worker.terminate()
  }

  private fail(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e)
    this.waiting.clear()
  }
}
