import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import openapiTS, { astToString } from 'openapi-typescript'
import { describe, expect, it } from 'vitest'
import { buildSpec, extractFragments, mergeFragments, OUT_PATH, renderSpec, SEED_PATH } from '../../scripts/merge-openapi'

const seed = readFileSync(SEED_PATH, 'utf8')
type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

describe('resources/omnitron-openapi.json', () => {
  it('is exactly what the seed merges into (run `npm run gen:openapi` when this fails)', () => {
    expect(readFileSync(OUT_PATH, 'utf8')).toBe(renderSpec(seed))
  })

  it('holds the five seed endpoints plus login, and the documented corrections', () => {
    const spec = buildSpec(seed) as Obj
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/api/v1/auth/login/',
      '/api/v1/cancellation_plans/',
      '/api/v1/cancellation_plans/cancellation_plan_statuses/',
      '/api/v1/cancellation_plans/{id}/',
      '/api/v1/cancellation_plans/{id}/create_payment_plan/',
      '/api/v1/cancellation_plans/{id}/update_status/',
    ])
    expect(spec.components.schemas.CancellationPlanUpdateStatus.required).toEqual(['status'])
    expect(spec.components.parameters.status.schema).toEqual({ $ref: '#/components/schemas/CancellationPlanStatus' })
    expect(spec.components.schemas.Product.properties.barcode.type).toBe('string')
    expect(spec.components.schemas.Order.properties.status.oneOf[0].type).toBe('integer')
  })

  it('refuses fragments that define the same component differently', () => {
    const [a] = extractFragments(seed)
    const b = structuredClone(a) as Obj
    b.paths = {}
    const name = Object.keys(b.components.schemas)[0]
    b.components.schemas[name] = { type: 'string' }
    expect(() => mergeFragments([a, b as typeof a])).toThrow(/differs between fragments/)
  })
})

describe('resources/omnitron-api.d.ts', () => {
  it('is what openapi-typescript generates from the merged spec', async () => {
    const generated = astToString(await openapiTS(new URL(`file://${OUT_PATH}`)))
    const committed = readFileSync(resolve(OUT_PATH, '../omnitron-api.d.ts'), 'utf8')
    // The CLI adds a header comment; compare the generated declarations themselves.
    expect(committed.trim().endsWith(generated.trim())).toBe(true)
  }, 30_000)
})
