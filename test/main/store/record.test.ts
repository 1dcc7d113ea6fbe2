import { describe, expect, it } from 'vitest'
import { RECORD_V1, decodeRecord, encodeRecord, readRecord, recordIntact } from '../../../main/store/record'
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

  it('makes the same record and hash of a text and of its UTF-8 bytes', () => {
    const bytes = Buffer.from(json, 'utf8')
    expect(encodeRecord(bytes).equals(encodeRecord(json))).toBe(true)
    expect(hashJson(bytes)).toBe(hashJson(json))
    expect(decodeRecord(encodeRecord(bytes))).toBe(json)
  })
})
