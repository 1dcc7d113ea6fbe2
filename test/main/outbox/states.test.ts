/** The outbox's state table and what derives from it. */
import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  allows,
  CAN_LAND_STATES,
  LOCAL_STATE_BY_SEVERITY,
  OPEN_STATES,
  OPEN_STATES_SQL,
  OUTBOX_STATE_TABLE,
  OUTBOX_STATES,
  severitySql,
  statesAllowing,
  WAITING_STATES,
  waitsForPerson,
} from '../../../main/outbox/states'
import { OUTBOX_STATES as CONTRACT_STATES, OutboxStateSchema } from '../../../preload/contract'

describe('the outbox state table', () => {
  it('derives the open, can-land and waiting sets', () => {
    expect(OUTBOX_STATES).toEqual(['pending', 'sending', 'applied', 'failed', 'conflict', 'needs_checking', 'discarded'])
    expect(OPEN_STATES).toEqual(['pending', 'sending', 'failed', 'conflict', 'needs_checking'])
    expect(CAN_LAND_STATES).toEqual(['pending', 'sending', 'needs_checking'])
    expect(WAITING_STATES).toEqual(['pending', 'sending'])
    expect(OUTBOX_STATES.filter(waitsForPerson)).toEqual(['failed', 'conflict', 'needs_checking'])
    expect(OPEN_STATES_SQL).toBe("('pending', 'sending', 'failed', 'conflict', 'needs_checking')")
  })

  it('is what the contract validates', () => {
    expect(CONTRACT_STATES).toEqual(OUTBOX_STATES)
    for (const s of OUTBOX_STATES) expect(OutboxStateSchema.safeParse(s).success).toBe(true)
    expect(OutboxStateSchema.safeParse('lost').success).toBe(false)
  })

  it('says what the person may do in each state', () => {
    expect(statesAllowing('retry')).toEqual(['pending', 'failed', 'needs_checking'])
    expect(statesAllowing('discard')).toEqual(['pending', 'failed', 'conflict', 'needs_checking'])
    expect(statesAllowing('mine')).toEqual(['conflict'])
    expect(statesAllowing('theirs')).toEqual(['conflict'])
    expect(statesAllowing('done')).toEqual(['needs_checking'])
    // Settled states and a change on the wire take no action.
    for (const s of ['sending', 'applied', 'discarded'] as const) expect(OUTBOX_STATE_TABLE[s].actions).toEqual([])
    expect(allows('conflict', 'retry')).toBe(false)
  })

  it('names a plan by its most urgent open change, in SQL as in TypeScript', () => {
    expect([...LOCAL_STATE_BY_SEVERITY.entries()].sort()).toEqual([
      [1, 'pending'],
      [2, 'needs_checking'],
      [3, 'failed'],
      [4, 'conflict'],
    ])
    const db = new Database(':memory:')
    const sev = db.prepare(`SELECT ${severitySql('?')} AS n`).pluck()
    for (const s of OUTBOX_STATES) expect(sev.get(s), s).toBe(OUTBOX_STATE_TABLE[s].severity)
    expect(sev.get('unknown')).toBe(0)
    db.close()
  })

  it('has no imports at all (the contract and the renderer bundle it)', () => {
    const source = readFileSync(join(import.meta.dirname, '../../../main/outbox/states.ts'), 'utf8')
    expect(source).not.toMatch(/\bfrom\s+['"]|\bimport\s*\(|\brequire\s*\(/)
  })
})
