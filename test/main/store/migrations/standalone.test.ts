/**
 * Migrations stand alone: each runs with the SQL and code it was written with, so a change to
 * today's store cannot change what an old migration does to a cache that upgrades later. A
 * migration may import only what lives under store/migrations/ (its frozen copies included),
 * Node's own modules and better-sqlite3's types.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DICTIONARY_V1 as FROZEN_DICTIONARY, encodeRecordV1, readRecordV1 } from '../../../../main/store/migrations/frozen/record-v1'
import { DICTIONARY_V1 } from '../../../../main/store/record-dictionary'
import { decodeRecord, encodeRecord, readRecord } from '../../../../main/store/record'

const folder = resolve(__dirname, '../../../../main/store/migrations')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') ? [path] : []
  })
}

/** Every module a file imports or re-exports, as written. */
function imports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2])
}

describe('migrations stand alone', () => {
  it('import nothing from outside store/migrations/ but Node and better-sqlite3', () => {
    const outside: string[] = []
    for (const file of files(folder)) {
      for (const spec of imports(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('node:') || spec === 'better-sqlite3') continue
        const target = spec.startsWith('.') ? resolve(dirname(file), spec) : null
        if (target === null || relative(folder, target).startsWith('..')) outside.push(`${relative(folder, file)} imports ${spec}`)
      }
    }
    expect(outside).toEqual([])
  })

  it('the check sees an import from outside', () => {
    expect(imports("import { readRecord } from '../record'\nimport type { Migration } from './types'")).toEqual(['../record', './types'])
  })

  it("the frozen record format is today's format 0x01: same dictionary, and records cross both ways", () => {
    expect(Buffer.compare(FROZEN_DICTIONARY, DICTIONARY_V1)).toBe(0)
    const json = JSON.stringify({ pk: 7, status: 'waiting', order: { number: 'ORD-7', currency: 'try' } })
    expect(readRecord(encodeRecordV1(json))).toEqual(JSON.parse(json))
    expect(readRecordV1(encodeRecord(json))).toEqual(JSON.parse(json))
    expect(decodeRecord(encodeRecordV1(json))).toBe(json)
  })
})
