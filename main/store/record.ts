/**
 * The server's JSON of a plan as the cache keeps it (plan_json.raw_json), and the ONE way to
 * read it back: everything that needs the kept JSON (getPlan, the outbox's base payment plan,
 * the record check) goes through here.
 *
 * What the app lists, filters and sorts by lives in the columns of `plans` and `plan_items`; the
 * whole JSON is kept so nothing the server sends is lost, and is read only to show one plan.
 * So it is kept compressed (about 1 KB a plan instead of 7.7 KB):
 *
 *   BLOB  = 0x01 | crc32 of the payload (4 bytes, big-endian) | deflateRaw(JSON, DICTIONARY_V1)
 *   TEXT  = the JSON itself (caches before migration 004, and rows written by hand in tests)
 *
 * The marker byte names the format, so a later format (another dictionary, another codec) is a
 * new marker beside this one, never a change to it. The checksum lets the record check at open
 * find a damaged record without inflating every record (zlib.crc32 over ~0.75 KB is a few
 * microseconds); inflating and parsing at read time catches the rest.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib'
import { DICTIONARY_V1 } from './record-dictionary'

export const RECORD_V1 = 0x01
const HEADER = 5
/** zlib's level 3: about 1 KB a plan at half the CPU time of the default level 6 (0.9 KB). */
export const RECORD_LEVEL = 3

/** What to store for a plan's JSON text (or the text's UTF-8 bytes). */
export function encodeRecord(json: string | Uint8Array): Buffer {
  return withHeader(deflateRawSync(typeof json === 'string' ? Buffer.from(json, 'utf8') : json, { dictionary: DICTIONARY_V1, level: RECORD_LEVEL }))
}

function withHeader(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER + payload.length)
  out[0] = RECORD_V1
  out.writeUInt32BE(crc32(payload), 1)
  payload.copy(out, HEADER)
  return out
}

/**
 * Whether a stored record looks intact without decoding it: a compressed one has a known marker
 * and a payload matching its checksum; a text one is a JSON object (`json_valid` checks the rest
 * in SQL, see findDamagedRecords).
 */
export function recordIntact(stored: unknown): boolean {
  if (typeof stored === 'string') return stored.startsWith('{')
  if (!Buffer.isBuffer(stored) || stored.length <= HEADER || stored[0] !== RECORD_V1) return false
  return crc32(stored.subarray(HEADER)) === stored.readUInt32BE(1)
}

/** The JSON text of a stored record; null when it cannot be decoded. */
export function decodeRecord(stored: unknown): string | null {
  if (typeof stored === 'string') return stored
  if (!recordIntact(stored)) return null
  try {
    return inflateRawSync((stored as Buffer).subarray(HEADER), { dictionary: DICTIONARY_V1 }).toString('utf8')
  } catch {
    return null
  }
}

/** The server's plan object from a stored record; null when the record is damaged (undecodable, not JSON, not an object). */
export function readRecord(stored: unknown): Record<string, unknown> | null {
  const json = decodeRecord(stored)
  if (json === null) return null
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return null
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}
