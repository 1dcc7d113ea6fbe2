import { describe, expect, it } from 'vitest'
import { BodyRefused, MAX_NESTING, decodeJson, isJsonType, nestsDeeperThan, parseGuarded, readCapped, redecodeStrings, scanText } from '../../../main/omnitron/body'

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
    expect(scanText(page)).toMatchObject({ tooDeep: false, largestEntry: JSON.stringify({ pk: 1, s: 'x'.repeat(50), o: { a: [1] } }).length })
    expect(scanText('{"results":[]}').largestEntry).toBe(0)
    expect(scanText('{"s":"{[{[{[","results":[{"a":"}}}"}]}').largestEntry).toBe('{"a":"}}}"}'.length)
  })
})

describe("each list entry's own text", () => {
  const texts = (text: string) => parseGuarded(text).resultTexts

  it('gives each plan of a page the very text the server wrote for it', () => {
    const plans = [{ pk: 1, s: 'x', o: { a: [1, { b: 2 }] } }, { pk: 2, name: 'Işık "Masa" \\ Lambası' }, { pk: 3, e: {}, l: [] }]
    const page = JSON.stringify({ count: 3, next: null, results: plans })
    expect(texts(page)).toEqual(plans.map((p) => JSON.stringify(p)))
    // Whitespace and key order are the server's, kept as written.
    const pretty = JSON.stringify({ results: plans, count: 3 }, null, 2)
    const got = texts(pretty)!
    expect(got.map((t) => JSON.parse(t!))).toEqual(plans)
    expect(got[0]).toBe(JSON.stringify(plans[0], null, 2).replace(/\n/g, '\n    '))
    expect(texts('{"results":[]}')).toEqual([])
  })

  it('is not misled by brackets, quotes, commas or a "results" key inside strings or deeper objects', () => {
    const plans = [
      { pk: 1, note: '"results":[{"pk":99}], ]]}}', esc: 'a\\', deep: { results: [{ pk: 98 }] } },
      { pk: 2, list: ['{', '}', ',', '[', ']'], q: '\\"' },
    ]
    const page = JSON.stringify({ meta: { results: [{ pk: 97 }] }, s: 'results', results: plans })
    expect(texts(page)).toEqual(plans.map((p) => JSON.stringify(p)))
  })

  it('knows the key "results" however it is spelled, as JSON.parse does', () => {
    // Escaped, the same key: JSON.parse keeps the last array, and so do the texts.
    expect(texts('{"results":[{"pk":1}],"res\\u0075lts":[{"pk":2}]}')).toEqual(['{"pk":2}'])
    expect(texts('{"res\\u0075lts":[{"pk":1}],"results":[{"pk":2},{"pk":3}]}')).toEqual(['{"pk":2}', '{"pk":3}'])
    expect(texts('{"\\u0072esults":[{"pk":4}]}')).toEqual(['{"pk":4}'])
    // Another key with an escape is not it.
    expect(texts('{"results":[{"pk":1}],"res\\"ults":[{"pk":2}]}')).toEqual(['{"pk":1}'])
  })

  it('marks entries that are not objects, and follows the last of a repeated "results" as JSON.parse does', () => {
    expect(texts('{"results":[{"pk":1},5,"s",null,[1,2],{"pk":2}]}')).toEqual(['{"pk":1}', undefined, undefined, undefined, undefined, '{"pk":2}'])
    expect(texts('{"results":[{"pk":1}],"results":[{"pk":2},{"pk":3}]}')).toEqual(['{"pk":2}', '{"pk":3}'])
    expect(texts('{"results":[ 7 ]}')).toEqual([undefined])
  })

  it('gives none where there is no top-level results array', () => {
    expect(texts('[{"pk":1}]')).toBeNull()
    expect(texts('["results",[{"pk":1}]]')).toBeNull()
    expect(texts('{"results":{"pk":1}}')).toBeNull()
    expect(texts('{"data":{"results":[{"pk":1}]}}')).toBeNull()
    expect(texts('{"results":[{"pk":1}')).toBeNull()
  })

  it('matches JSON.parse entry for entry on random pages', () => {
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const chars = ['a', 'ş', '"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '\u2028', 'results']
    const str = () => Array.from({ length: Math.floor(rnd() * 6) }, () => chars[Math.floor(rnd() * chars.length)]).join('')
    const value = (d: number): unknown => {
      const k = Math.floor(rnd() * (d > 3 ? 4 : 6))
      if (k === 0) return str()
      if (k === 1) return Math.floor(rnd() * 1e6) / 100
      if (k === 2) return rnd() < 0.5 ? null : true
      if (k === 3) return str() === '' ? 0 : -1
      if (k === 4) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(d + 1))
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [str(), value(d + 1)]))
    }
    for (let n = 0; n < 300; n++) {
      const results = Array.from({ length: Math.floor(rnd() * 6) }, () => (rnd() < 0.8 ? { pk: n, v: value(3) } : value(3)))
      const page = JSON.stringify({ [str()]: value(1), results, [str() + 'x']: value(1) }, null, rnd() < 0.3 ? 1 : 0)
      const got = texts(page)!
      expect(got).toHaveLength(results.length)
      results.forEach((r, i) => {
        const isObject = typeof r === 'object' && r !== null && !Array.isArray(r)
        expect(got[i] === undefined ? undefined : JSON.parse(got[i]!)).toEqual(isObject ? r : undefined)
      })
    }
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

describe('decoding a JSON answer byte for byte (decodeJson, redecodeStrings)', () => {
  const read = (text: string) => {
    const { text: decoded, bytewise } = decodeJson(Buffer.from(text, 'utf8'))
    const value: unknown = JSON.parse(decoded)
    return { value: bytewise ? redecodeStrings(value) : value, bytewise }
  }

  it('gives the very values of a UTF-8 decoding, Turkish letters, emoji and keys included', () => {
    const value = { ürün: 'Işık Masa Lambası', list: ['çay', 'ŞAMPUAN', 'plain', 42, null, { 'ğ': '🙂 İade' }], n: 1.5, ok: true }
    const text = JSON.stringify(value)
    const r = read(text)
    expect(r.bytewise).toBe(true)
    expect(r.value).toEqual(value)
    expect(Object.keys(r.value as object)).toEqual(Object.keys(value))
  })

  it('decodes as UTF-8 first a text that escapes a character beyond ASCII, which a byte-for-byte reading would mix up', () => {
    const text = '{"a":"\\u0131\\u015f","b":"ışık"}'
    const r = read(text)
    expect(r.bytewise).toBe(false)
    expect(r.value).toEqual({ a: 'ış', b: 'ışık' })
    // An escape of ASCII (a quote, a letter) reads the same either way.
    expect(read('{"a":"\\u0041\\"x","b":"ç"}')).toEqual({ value: { a: 'A"x', b: 'ç' }, bytewise: true })
  })
})
