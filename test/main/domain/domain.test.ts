/**
 * main/domain against the OpenAPI document (resources/omnitron-openapi.json): every list is the
 * document's enum, the simulator uses only those values, and the server address rules hold.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { components } from '../../../resources/omnitron-api'
import * as contract from '../../../preload/contract'
import {
  CHANNEL_TYPES,
  PLAN_STATUSES,
  PLAN_TYPES,
  inspectServerUrl,
  isLoopbackHost,
  userName,
  serverUrlProblem,
  type ChannelType,
  type PlanStatus,
  type PlanType,
} from '../../../main/domain'
import { CHANNELS, STATUS_LABELS } from '../../../main/simulator/data/catalog'
import { FINAL_STATUSES, TRANSITIONS } from '../../../main/simulator/transitions'

const root = resolve(import.meta.dirname, '../../..')

interface EnumSchema {
  type: string
  enum: string[]
}
const schemas = (
  JSON.parse(readFileSync(join(root, 'resources/omnitron-openapi.json'), 'utf8')) as {
    components: { schemas: Record<string, EnumSchema | undefined> }
  }
).components.schemas

function specEnum(name: string): string[] {
  const schema = schemas[name]
  expect(schema, `components.schemas.${name}`).toBeDefined()
  expect(Array.isArray(schema?.enum), `${name}.enum`).toBe(true)
  return schema!.enum
}

const sorted = (list: readonly string[]) => [...list].sort()

describe('domain lists = the OpenAPI enums', () => {
  it('PLAN_STATUSES is CancellationPlanStatus', () => {
    expect(sorted(PLAN_STATUSES)).toEqual(sorted(specEnum('CancellationPlanStatus')))
    expect(new Set(PLAN_STATUSES).size).toBe(PLAN_STATUSES.length)
  })

  it('PLAN_TYPES is CancellationPlanType', () => {
    expect(sorted(PLAN_TYPES)).toEqual(sorted(specEnum('CancellationPlanType')))
    expect(new Set(PLAN_TYPES).size).toBe(PLAN_TYPES.length)
  })

  it('CHANNEL_TYPES is ChannelType', () => {
    expect(sorted(CHANNEL_TYPES)).toEqual(sorted(specEnum('ChannelType')))
    expect(new Set(CHANNEL_TYPES).size).toBe(CHANNEL_TYPES.length)
  })

  it('the types equal the generated API types (checked by the typecheck)', () => {
    type S = components['schemas']
    expectTypeOf<PlanStatus>().toEqualTypeOf<S['CancellationPlanStatus']>()
    expectTypeOf<PlanType>().toEqualTypeOf<S['CancellationPlanType']>()
    expectTypeOf<ChannelType>().toEqualTypeOf<S['ChannelType']>()
  })

  it('the contract re-exports the same lists and builds its schemas from them', () => {
    expect(contract.PLAN_STATUSES).toBe(PLAN_STATUSES)
    expect(contract.PLAN_TYPES).toBe(PLAN_TYPES)
    expect(contract.CHANNEL_TYPES).toBe(CHANNEL_TYPES)
    expect(contract.serverUrlProblem).toBe(serverUrlProblem)
    expect(contract.isLoopbackHost).toBe(isLoopbackHost)
    expect(contract.PlanStatusSchema.options).toEqual([...PLAN_STATUSES])
    expect(contract.PlanTypeSchema.options).toEqual([...PLAN_TYPES])
  })

  it('has no Node, Electron or zod imports (the renderer bundles it)', () => {
    const dir = join(root, 'main/domain')
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      const source = readFileSync(join(dir, f), 'utf8').replace(/^import type .*$/gm, '')
      const specifiers = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]/g)]
        .map((m) => m[1] ?? m[2] ?? m[3])
      // Its own files and the outbox's state table (which imports nothing: states.test.ts); errors.ts
      // is main's only (never bundled: it logs what is unexpected through main's logger). Types from anywhere.
      const allowed = (s: string) => s.startsWith('./') || s === '../outbox/states' || (f === 'errors.ts' && s === '../log')
      for (const s of specifiers) expect(allowed(s), `${f} imports ${s}`).toBe(true)
    }
    expect(readFileSync(join(dir, 'index.ts'), 'utf8')).not.toMatch(/from '\.\/errors'/)
  })
})

describe('the simulator uses only domain values', () => {
  const statuses = new Set<string>(PLAN_STATUSES)

  it('its transition table has exactly the domain statuses and targets only those', () => {
    expect(sorted(Object.keys(TRANSITIONS))).toEqual(sorted(PLAN_STATUSES))
    for (const [from, targets] of Object.entries(TRANSITIONS)) {
      for (const to of targets) expect(statuses.has(to), `${from} → ${to}`).toBe(true)
    }
    for (const s of FINAL_STATUSES) expect(statuses.has(s), s).toBe(true)
  })

  it('labels exactly the domain statuses', () => {
    expect(sorted(Object.keys(STATUS_LABELS))).toEqual(sorted(PLAN_STATUSES))
  })

  it('its channels have domain channel types', () => {
    const types = new Set<string>(CHANNEL_TYPES)
    for (const c of CHANNELS) expect(types.has(c.channel_type), `${c.name}: ${c.channel_type}`).toBe(true)
  })
})

describe('server address rules', () => {
  it('accepts https anywhere', () => {
    expect(serverUrlProblem('https://omnitron.example.com')).toBeNull()
    expect(serverUrlProblem('  https://omnitron.example.com:8443/api/  ')).toBeNull()
    expect(serverUrlProblem('https://127.0.0.1')).toBeNull()
    expect(inspectServerUrl('https://omnitron.example.com/x').ok).toBe(true)
  })

  it('accepts plain http only for loopback', () => {
    for (const u of ['http://127.0.0.1:8000', 'http://localhost:8000/', 'http://LOCALHOST', 'http://[::1]:8000']) {
      expect(serverUrlProblem(u), u).toBeNull()
    }
    for (const u of ['http://omnitron.example.com', 'http://192.168.1.10:8000', 'http://127.0.0.2', 'http://localhost.example.com']) {
      expect(serverUrlProblem(u), u).toMatch(/https/)
      expect(inspectServerUrl(u), u).toMatchObject({ ok: false, rule: 'plain_http' })
    }
  })

  it('refuses credentials in the address', () => {
    for (const u of ['https://user:secret@omnitron.example.com', 'https://user@omnitron.example.com', 'http://u:p@127.0.0.1']) {
      expect(serverUrlProblem(u), u).toMatch(/user name or password/)
      expect(inspectServerUrl(u), u).toMatchObject({ ok: false, rule: 'credentials' })
    }
  })

  it('refuses other schemes and garbage', () => {
    for (const u of ['ftp://omnitron.example.com', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(serverUrlProblem(u), u).toMatch(/must start with https/)
      expect(inspectServerUrl(u), u).toMatchObject({ ok: false, rule: 'not_http' })
    }
    for (const u of ['', '   ', 'not a url', 'omnitron.example.com', '//omnitron.example.com', 'https://']) {
      expect(serverUrlProblem(u), JSON.stringify(u)).toMatch(/full server address/)
      expect(inspectServerUrl(u), JSON.stringify(u)).toEqual({ ok: false, rule: 'not_a_url' })
    }
  })

  it('knows the loopback hosts', () => {
    for (const h of ['127.0.0.1', 'localhost', 'LocalHost', '[::1]', '::1']) expect(isLoopbackHost(h), h).toBe(true)
    for (const h of ['127.0.0.2', '0.0.0.0', 'example.com', 'localhost.example.com', '']) expect(isLoopbackHost(h), h).toBe(false)
  })
})

describe('userName', () => {
  it('names an Omnitron user by first and last name, else username, else nobody', () => {
    expect(userName({ pk: 3, username: 'kerem.aydemir', first_name: 'Kerem', last_name: 'Aydemir' })).toBe('Kerem Aydemir')
    expect(userName({ username: 'omnitron.entegrasyon', first_name: ' ', last_name: '' })).toBe('omnitron.entegrasyon')
    expect(userName({ first_name: 'Deniz' })).toBe('Deniz')
    for (const v of [null, undefined, 7, 'kerem', [], {}, { username: 3 }]) expect(userName(v), JSON.stringify(v)).toBeNull()
  })
})
