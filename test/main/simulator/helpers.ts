/**
 * Shared by the simulator specs: an ajv validator built from resources/omnitron-openapi.json and
 * small HTTP helpers. OpenAPI 3.0's `nullable` is translated to JSON Schema (a "null" type, or an
 * anyOf with null next to a $ref); unknown OpenAPI formats (decimal, float, url, ...) are
 * accepted as annotations.
 */
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'vitest'

type Json = Record<string, unknown>

const SPEC_PATH = resolve(__dirname, '../../../resources/omnitron-openapi.json')

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert)
  if (node === null || typeof node !== 'object') return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node as Json)) out[k] = convert(v)
  if (out.nullable === true) {
    delete out.nullable
    if (out.$ref || out.allOf || out.oneOf || out.anyOf) {
      const { description, ...rest } = out
      delete rest.type
      return { description, anyOf: [rest, { type: 'null' }] }
    }
    if (typeof out.type === 'string') out.type = [out.type, 'null']
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
  } else if (out.nullable === false) {
    delete out.nullable
  }
  // The spec's oneOf alternatives are not mutually exclusive (the 400 body shapes have no
  // required properties, so any object matches all three): validate them as anyOf. Specs assert
  // the concrete error shape separately.
  if (Array.isArray(out.oneOf)) {
    out.anyOf = out.oneOf
    delete out.oneOf
  }
  return out
}

const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Json
const ajv = new Ajv({ strict: false, allErrors: true })
addFormats(ajv)
for (const f of ['decimal', 'float', 'int64', 'url', 'slug']) ajv.addFormat(f, true)
ajv.addSchema(convert(spec) as Json, 'spec')

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')
const cache = new Map<string, ValidateFunction>()

function compile(pointer: string): ValidateFunction {
  let fn = cache.get(pointer)
  if (!fn) {
    fn = ajv.getSchema(`spec#${pointer}`)
    if (!fn) throw new Error(`No schema at ${pointer}`)
    cache.set(pointer, fn)
  }
  return fn
}

/** Validator for the JSON body of an operation's response, following a $ref to components/responses. */
export function responseValidator(path: string, method: 'get' | 'post', status: number): ValidateFunction {
  const paths = spec.paths as Record<string, Record<string, { responses: Record<string, Json> }>>
  const op = paths[path]?.[method]
  if (!op) throw new Error(`No operation ${method} ${path}`)
  const response = op.responses[String(status)]
  if (!response) throw new Error(`${method} ${path} documents no ${status} response`)
  let pointer = `/paths/${escape(path)}/${method}/responses/${status}`
  if (typeof response.$ref === 'string') pointer = response.$ref.slice(1)
  return compile(`${pointer}/content/application~1json/schema`)
}

/** Validator for a named component schema (e.g. the 400 body for an operation that does not declare 400). */
export function componentValidator(kind: 'schemas' | 'responses', name: string): ValidateFunction {
  return compile(kind === 'schemas' ? `/components/schemas/${name}` : `/components/responses/${name}/content/application~1json/schema`)
}

export function expectValid(validate: ValidateFunction, body: unknown): void {
  const ok = validate(body)
  expect(ok ? [] : (validate.errors ?? []).slice(0, 5), 'body should validate against the spec').toEqual([])
}

/**
 * A parsed response body. Deliberately untyped: its shape is what the specs check (with ajv
 * against the spec, then with assertions), so a static type would only assume the result.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = any

export interface Res {
  status: number
  headers: Headers
  text: string
  json: Body
}

export async function call(url: string, init: RequestInit & { token?: string } = {}): Promise<Res> {
  const headers = new Headers(init.headers)
  if (init.token) headers.set('Authorization', `Token ${init.token}`)
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json')
  const r = await fetch(url, { ...init, headers })
  const text = await r.text()
  let json: unknown = undefined
  try {
    json = JSON.parse(text)
  } catch {
    // not JSON (exports, 5xx pages)
  }
  return { status: r.status, headers: r.headers, text, json }
}

export const post = (url: string, token: string | undefined, body: unknown): Promise<Res> =>
  call(url, { method: 'POST', token, body: JSON.stringify(body) })
