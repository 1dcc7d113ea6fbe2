import type { IncomingMessage } from 'node:http'

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super('The request is too large.')
    this.name = 'BodyTooLargeError'
  }
}

/**
 * Reads a request body up to `maxBytes`. Past the limit it stops keeping data, drains the rest
 * (so the caller can still answer) and rejects with {@link BodyTooLargeError}. Shared by the web
 * host and the simulator so neither can be made to buffer an unbounded body.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > maxBytes) {
        tooLarge = true
        chunks.length = 0
        reject(new BodyTooLargeError(maxBytes))
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks))
    })
    req.on('error', reject)
  })
}
