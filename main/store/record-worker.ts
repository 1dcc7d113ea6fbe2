/**
 * Hashes plans' JSON texts and compresses stored records (record.ts) on a worker thread, a page
 * at a time, so that a sync's main thread writes the current page while the pages fetched ahead
 * are readied beside it (hashing a page's 750 KB of text was another 2% of the main thread's time).
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
const { createHash } = require('node:crypto')
const dictionary = Buffer.from(workerData.dictionary)
parentPort.on('message', ({ id, jsons, stored }) => {
  try {
    const hashes = jsons.map((json) => createHash('sha1').update(json).digest('hex'))
    // Only a text whose hash differs from the stored one is compressed (an empty record: none).
    const payloads = jsons.map((json, i) => (hashes[i] === stored[i] ? null : deflateRawSync(Buffer.from(json, 'utf8'), { dictionary, level: workerData.level })))
    // One buffer for the page, so one transfer and one allocation on the main thread's side.
    const ends = []
    let size = 0
    for (const p of payloads) ends.push((size += p === null ? 0 : 5 + p.length))
    const all = new Uint8Array(size)
    const view = new DataView(all.buffer)
    let at = 0
    for (const p of payloads) {
      if (p === null) continue
      all[at] = workerData.marker
      view.setUint32(at + 1, crc32(p))
      all.set(p, at + 5)
      at += 5 + p.length
    }
    parentPort.postMessage({ id, hashes, all, ends }, [all.buffer])
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) })
  }
})
`

/** What the worker made of a page's texts, in their order. */
export interface Encoded {
  /** hashJson of each text. */
  hashes: string[]
  /** The stored record of each text, or null where the hash was the stored one (nothing to write). */
  records: Array<Buffer | null>
}

interface Waiting {
  resolve: (encoded: Encoded) => void
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

  /**
   * The hash of each JSON text, and its record where the hash differs from `stored[i]` (the
   * hash the cache holds for it; undefined for a plan it does not have).
   */
  encode(jsons: readonly string[], stored: ReadonlyArray<string | undefined>): Promise<Encoded> {
    if (this.broken) return Promise.reject(new Error('The record compressor stopped.'))
    if (jsons.length === 0) return Promise.resolve({ hashes: [], records: [] })
    const worker = this.start()
    if (this.idle) clearTimeout(this.idle)
    this.idle = null
    const id = this.nextId++
    return new Promise<Encoded>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      // Keeps the process alive only while an answer is awaited.
      if (this.waiting.size === 1) worker.ref()
      worker.postMessage({ id, jsons, stored })
    })
  }

  /**
   * Stops the worker now if nothing waits on it (a sync's walk has ended), rather than after
   * IDLE_STOP_MS; the next encode() starts another. Not a failure.
   */
  release(): void {
    if (this.worker) this.stopIdle(this.worker)
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
    worker.on('message', (m: { id: number; hashes?: string[]; all?: Uint8Array; ends?: number[]; error?: string }) => {
      const w = this.waiting.get(m.id)
      if (!w) return
      this.waiting.delete(m.id)
      if (this.waiting.size === 0) {
        worker.unref()
        this.idle = setTimeout(() => this.stopIdle(worker), IDLE_STOP_MS).unref()
      }
      if (m.hashes && m.all && m.ends) {
        const all = Buffer.from(m.all.buffer, m.all.byteOffset, m.all.byteLength)
        const ends = m.ends
        const records = ends.map((end, i) => {
          const start = i === 0 ? 0 : ends[i - 1]
          return end === start ? null : all.subarray(start, end)
        })
        w.resolve({ hashes: m.hashes, records })
      }
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

  /** Stops a worker that has been idle; not a failure, so the next encode() starts another. */
  private stopIdle(worker: Worker): void {
    if (this.worker !== worker || this.waiting.size > 0) return
    if (this.idle) clearTimeout(this.idle)
    this.worker = null
    this.idle = null
    void worker.terminate()
  }

  private fail(e: Error): void {
    for (const w of this.waiting.values()) w.reject(e)
    this.waiting.clear()
  }
}
