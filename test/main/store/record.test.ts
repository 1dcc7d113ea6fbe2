import { describe, expect, it, vi } from 'vitest'
import { RECORD_V1, decodeRecord, encodeRecord, readRecord, recordIntact } from '../../../main/store/record'
import { IDLE_STOP_MS, RecordCompressor } from '../../../main/store/record-worker'
import { makePlan } from './fixtures'
import { hashJson } from '../../../main/store/plans'

const json = JSON.stringify(makePlan({ pk: 7, product: 'Işık Masa Lambası', reason: 'Hasarlı ürün' }))

describe('kept records', () => {
  it('compresses the JSON behind a version marker and a checksum, and reads it back byte for byte', () => {
    const stored = encodeRecord(json)
    expect(stored[0]).toBe(RECORD_V1)
    expect(stored.length).toBeLessThan(Buffer.byteLength(json) / 2)
    expect(recordIntact(stored)).toBe(true)
    expect(decodeRecord(stored)).toBe(json)
    expect(readRecord(stored)).toEqual(JSON.parse(json))
  })

  it('reads the text records of caches written before compression', () => {
    expect(recordIntact(json)).toBe(true)
    expect(decodeRecord(json)).toBe(json)
    expect(readRecord(json)).toEqual(JSON.parse(json))
  })

  it('finds a damaged record: a changed byte, a cut payload, an unknown marker, not an object', () => {
    const flipped = Buffer.from(encodeRecord(json))
    flipped[flipped.length - 3] ^= 0x10
    const cut = encodeRecord(json).subarray(0, 40)
    const unknown = Buffer.from(encodeRecord(json))
    unknown[0] = 0x7f
    for (const bad of [flipped, cut, unknown, Buffer.alloc(0), '{"pk": 7, trunc', '[1, 2]', '"a string"', 'null', 42, null]) {
      expect(readRecord(bad)).toBeNull()
    }
    for (const bad of [flipped, cut, unknown, Buffer.alloc(0), '[1, 2]', 42, null]) expect(recordIntact(bad)).toBe(false)
  })

  describe('RecordCompressor', () => {
    it('hashes and compresses on a worker thread to the very hashes and bytes of hashJson and encodeRecord, in order', async () => {
      const jsons = [1, 2, 3].map((pk) => JSON.stringify(makePlan({ pk, product: `Işık Masa Lambası ${pk}` })))
      const c = new RecordCompressor()
      try {
        const made = await c.encode(jsons, [])
        expect(made.hashes).toEqual(jsons.map(hashJson))
        expect(made.records).toHaveLength(3)
        made.records.forEach((r, i) => {
          expect(Buffer.isBuffer(r)).toBe(true)
          expect(r!.equals(encodeRecord(jsons[i]))).toBe(true)
          expect(decodeRecord(r)).toBe(jsons[i])
        })
        expect(await c.encode([], [])).toEqual({ hashes: [], records: [] })
      } finally {
        await c.close()
      }
    })

    it('compresses only the texts whose hash differs from the one the cache holds', async () => {
      const jsons = [4, 5, 6].map((pk) => JSON.stringify(makePlan({ pk })))
      const c = new RecordCompressor()
      try {
        const made = await c.encode(jsons, [hashJson(jsons[0]), 'an older hash', undefined])
        expect(made.hashes).toEqual(jsons.map(hashJson))
        expect(made.records[0]).toBeNull()
        expect(made.records[1]!.equals(encodeRecord(jsons[1]))).toBe(true)
        expect(made.records[2]!.equals(encodeRecord(jsons[2]))).toBe(true)
      } finally {
        await c.close()
      }
    })

    it('stops its worker when idle and starts another for the next page', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      const c = new RecordCompressor()
      try {
        const json = JSON.stringify(makePlan({ pk: 7 }))
        await c.encode([json], [])
        expect(c.running).toBe(true)
        vi.advanceTimersByTime(IDLE_STOP_MS + 1)
        expect(c.running).toBe(false)
        expect(c.usable).toBe(true)
        expect((await c.encode([json], [])).records[0]!.equals(encodeRecord(json))).toBe(true)
        expect(c.running).toBe(true)
      } finally {
        vi.useRealTimers()
        await c.close()
      }
    })

    it('stops its worker at once when released with nothing waiting, and starts another when asked', async () => {
      const c = new RecordCompressor()
      try {
        const json = JSON.stringify(makePlan({ pk: 8 }))
        const first = c.encode([json], [])
        // Something waits: the worker stays.
        c.release()
        expect(c.running).toBe(true)
        await first
        c.release()
        expect(c.running).toBe(false)
        expect(c.usable).toBe(true)
        expect((await c.encode([json], [])).records[0]!.equals(encodeRecord(json))).toBe(true)
      } finally {
        await c.close()
      }
    })

    it('rejects what waits when it is closed, and refuses more work', async () => {
      const c = new RecordCompressor()
      const waiting = c.encode(['{"a":1}'], []).then(
        () => null,
        (e: Error) => e,
      )
      await c.close()
      expect((await waiting)?.message).toMatch(/closed/)
      expect(c.usable).toBe(false)
      await expect(c.encode(['{}'], [])).rejects.toThrow(/stopped/)
    })
  })
})
