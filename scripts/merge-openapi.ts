/**
 * Merges the five OpenAPI 3.0.3 fragments of the API description PlanDesk is built on
 * (resources/api-seed/omnitron-cancellation-plans.md, kept as it was received) into
 * resources/omnitron-openapi.json, then applies PlanDesk's documented corrections.
 *
 * Rerunnable: `npm run gen:openapi` (also regenerates resources/omnitron-api.d.ts).
 * `--check` exits 1 when the committed file differs from what the seed produces (used by tests).
 * The app uses the merged copy in resources/; a newer description replaces the one in api-seed/.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Obj = { [k: string]: Json }

const root = resolve(__dirname, '..')
export const SEED_PATH = resolve(root, 'resources/api-seed/omnitron-cancellation-plans.md')
export const OUT_PATH = resolve(root, 'resources/omnitron-openapi.json')

/** Every change PlanDesk makes to the seed, with the reason. Listed in docs/architecture.md too. */
export const CORRECTIONS: { where: string; why: string; apply: (doc: Obj) => void }[] = [
  {
    where: 'components.schemas.CancellationPlanUpdateStatus',
    why: 'Referenced by update_status but never defined; PlanDesk sends {"status": <CancellationPlanStatus>}.',
    apply: (doc) => {
      schemas(doc).CancellationPlanUpdateStatus = {
        type: 'object',
        'x-plandesk-assumption': 'Not defined by the seed; PlanDesk sends {"status": <CancellationPlanStatus>}.',
        properties: { status: { $ref: '#/components/schemas/CancellationPlanStatus' } },
        required: ['status'],
      }
    },
  },
  {
    where: 'paths./api/v1/cancellation_plans/.get.parameters[status]',
    why: 'Documented with the export-status enum (pending/processing/...) by mistake: it filters by plan status.',
    apply: (doc) => {
      const op = ((doc.paths as Obj)['/api/v1/cancellation_plans/'] as Obj).get as Obj
      const shared = ((doc.components as Obj).parameters ?? {}) as Obj
      const resolved = (op.parameters as Obj[]).map((p) =>
        typeof p.$ref === 'string' ? (shared[p.$ref.split('/').pop() as string] as Obj) : p,
      )
      for (const p of resolved) {
        if (p.name === 'status') {
          p.schema = { $ref: '#/components/schemas/CancellationPlanStatus' }
          p.description = 'Filter by cancellation plan status.'
          p['x-plandesk-correction'] = 'The seed documents the export-status enum here by mistake.'
        }
      }
    },
  },
  {
    where: 'components.schemas.Order.properties.status',
    why: 'Typed string with numeric enum values; the real server sends numbers (50, 100, ... 550). Accept both.',
    apply: (doc) => {
      const order = schemas(doc).Order as Obj
      const props = order.properties as Obj
      const values = ((props.status as Obj).enum as number[]).map(Number)
      props.status = {
        description: 'Status of the order (numeric code; some servers send it as a string).',
        'x-plandesk-correction': 'Seed types it string with numeric enum values.',
        oneOf: [
          { type: 'integer', enum: values },
          { type: 'string', enum: values.map(String) },
        ],
      }
    },
  },
  {
    where: 'components.schemas.Product.properties.barcode',
    why: 'Product requires "barcode" but never declares it; declared here as a nullable string.',
    apply: (doc) => {
      const product = schemas(doc).Product as Obj
      const props = product.properties as Obj
      if (!props.barcode) {
        props.barcode = {
          type: 'string',
          nullable: true,
          description: 'Barcode of the product.',
          'x-plandesk-correction': 'Required by the seed but not declared.',
        }
      }
    },
  },
  {
    where: 'paths./api/v1/auth/login/',
    why: 'Login is not part of the seed; Omnitron documents it (POST {username,password} → {key}; docs/design-rules.md, "What the real server does").',
    apply: (doc) => {
      schemas(doc).AuthLogin = {
        type: 'object',
        properties: { username: { type: 'string' }, password: { type: 'string' } },
        required: ['username', 'password'],
      }
      schemas(doc).AuthToken = {
        type: 'object',
        properties: { key: { type: 'string' } },
        required: ['key'],
      }
      ;(doc.paths as Obj)['/api/v1/auth/login/'] = {
        post: {
          summary: 'Log in',
          description: 'Exchanges a username and password for an API token.',
          'x-plandesk-assumption': 'From Akinon public documentation; not part of the seed.',
          security: [],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/AuthLogin' } } },
          },
          responses: {
            '200': {
              description: 'Token issued',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/AuthToken' } } },
            },
            '400': { $ref: '#/components/responses/400' },
          },
        },
      }
    },
  },
]

function schemas(doc: Obj): Obj {
  return (doc.components as Obj).schemas as Obj
}

export function extractFragments(markdown: string): Obj[] {
  const blocks = [...markdown.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1])
  if (blocks.length === 0) throw new Error('No ```json fragments found in the seed')
  return blocks.map((b, i) => {
    try {
      return JSON.parse(b) as Obj
    } catch (e) {
      throw new Error(`Seed fragment ${i + 1} is not valid JSON: ${(e as Error).message}`)
    }
  })
}

/** Merges fragments; the same component defined differently in two fragments is an error. */
export function mergeFragments(fragments: Obj[]): Obj {
  const first = fragments[0]
  const merged: Obj = {
    openapi: first.openapi,
    info: { ...(first.info as Obj), description: 'Merged by PlanDesk from the five seed fragments; corrections are marked x-plandesk-*.' },
    security: first.security,
    paths: {},
    components: {},
  }
  for (const frag of fragments) {
    for (const [path, item] of Object.entries(frag.paths as Obj)) {
      const paths = merged.paths as Obj
      if (paths[path]) throw new Error(`Path ${path} appears in two fragments`)
      paths[path] = item
    }
    for (const [section, entries] of Object.entries((frag.components as Obj) ?? {})) {
      const target = ((merged.components as Obj)[section] ??= {}) as Obj
      for (const [name, value] of Object.entries(entries as Obj)) {
        if (name in target && JSON.stringify(target[name]) !== JSON.stringify(value)) {
          throw new Error(`components.${section}.${name} differs between fragments`)
        }
        target[name] = value
      }
    }
  }
  return merged
}

export function buildSpec(markdown: string): Obj {
  const doc = mergeFragments(extractFragments(markdown))
  for (const c of CORRECTIONS) c.apply(doc)
  return sortKeys(doc) as Obj
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]))
  }
  return v
}

export function renderSpec(markdown: string): string {
  return JSON.stringify(buildSpec(markdown), null, 2) + '\n'
}

function main(): void {
  if (!existsSync(SEED_PATH)) {
    console.error(`The API description is missing: ${SEED_PATH}.`)
    process.exit(1)
  }
  const text = renderSpec(readFileSync(SEED_PATH, 'utf8'))
  if (process.argv.includes('--check')) {
    const current = existsSync(OUT_PATH) ? readFileSync(OUT_PATH, 'utf8') : ''
    if (current !== text) {
      console.error('resources/omnitron-openapi.json is stale: run `npm run gen:openapi`.')
      process.exit(1)
    }
    return
  }
  writeFileSync(OUT_PATH, text)
  console.log(`Wrote ${OUT_PATH}`)
}

if (require.main === module) main()
