/** Placeholder until the compressed record format lands: the raw JSON as stored. */
export function encodeRecord(json: string): string | Buffer {
  return json
}
