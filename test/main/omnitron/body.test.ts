import { describe, expect, it } from 'vitest'
import { BodyRefused, MAX_NESTING, isJsonType, nestsDeeperThan, parseGuarded, readCapped, scanText } from '../../../main/omnitron/body'

const streamOf = (chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (const s of chunks) c.enqueue(new TextEncoder().encode(s))
      c.close()
    },
  })

describe('the nesting guard', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false)
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true)
    expect(nestsDeeperThan('{"a":{"b":[1]}}', 3)).toBe(false)
    expect(nestsDeeperThan(`{"s":"${'['.repeat(100)}"}`, 2)).toBe(false)
    // An escaped quote does not end the string.
    expect(nestsDeeperThan(`{"s":"\\"${'['.repeat(100)}"}`, 2)).toBe(false)
    expect(nestsDeeperThan('[[1],[2],[3],[4]]', 2)).toBe(false)
  })

  it('refuses a 10,000-deep answer before JSON.parse and parses ordinary ones', () => {
    expect(() => parseGuarded(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toThrow(BodyRefused)
    expect(() => parseGuarded(`${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}`)).not.toThrow()
    expect(parseGuarded('{"a":[1,2]}').value).toEqual({ a: [1, 2] })
    expect(parseGuarded('  ').value).toBeNull()
    expect(parseGuarded('null').value).toBeNull()
    expect(parseGuarded('{"a":').value).toBeUndefined()
  })

  it('measures the largest third-level entry (a list page\'s largest plan)', () => {
    const page = JSON.stringify({ count: 2, results: [{ pk: 1, s: 'x'.repeat(50), o: { a: [1] } }, { pk: 2 }] })
    expect(scanText(page)).toEqual({ tooDeep: false, largestEntry: JSON.stringify({ pk: 1, s: 'x'.repeat(50), o: { a: [1] } }).length })
    expect(scanText('{"results":[]}').largestEntry).toBe(0)
    expect(scanText('{"s":"{[{[{[","results":[{"a":"}}}"}]}').largestEntry).toBe('{"a":"}}}"}'.length)
  })
})

describe('Content-Type', () => {
  it('accepts JSON types and none; refuses others', () => {
    expect(isJsonType('application/json')).toBe(true)
    expect(isJsonType('Application/JSON; charset=utf-8')).toBe(true)
    expect(isJsonType('application/problem+json')).toBe(true)
    expect(isJsonType(null)).toBe(true)
    expect(isJsonType('text/html; charset=utf-8')).toBe(false)
    expect(isJsonType('text/plain')).toBe(false)
  })
})

describe('readCapped', () => {
  it('reads a body within the limit, in any number of chunks, as UTF-8', async () => {
    expect(await readCapped(new Response(streamOf(['{"a":', '"ış', 'ık"}'])), 100)).toBe('{"a":"ışık"}')
    expect(await readCapped(new Response(null), 100)).toBe('')
  })

  it('refuses a larger announced body without reading it, and stops reading one that grows too large', async () => {
    const announced = new Response('x'.repeat(200), { headers: { 'Content-Length': '200' } })
    await expect(readCapped(announced, 100)).rejects.toMatchObject({ problem: { kind: 'too_large', limit: 100, declared: 200 } })
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++
        c.enqueue(new Uint8Array(64))
      },
    })
    await expect(readCapped(new Response(endless), 1000)).rejects.toMatchObject({ problem: { kind: 'too_large', declared: null } })
    expect(pulled).toBeLessThan(40)
  })
})
