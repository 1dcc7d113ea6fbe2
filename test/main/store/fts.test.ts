import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { FTS_TABLE_SQL, FtsIndex, indexText, matchExpression } from '../../../main/store/fts'

describe('matchExpression', () => {
  it('quotes each folded token as a prefix', () => {
    expect(matchExpression('IŞIK lamba')).toBe('"isik"* "lamba"*')
    expect(matchExpression('a" OR b')).toBe('"a"* "or"* "b"*')
    expect(matchExpression('  -- ')).toBeNull()
  })
})

describe('FtsIndex', () => {
  it('finds by prefix, case- and diacritic-insensitively, and forgets removed rows', () => {
    const db = new Database(':memory:')
    db.exec(FTS_TABLE_SQL)
    const fts = new FtsIndex(db)
    fts.put(1, indexText(['Işık Masa Lambası', 'SKU-991']))
    fts.put(2, indexText(['İade kargo', null, 'ORD-77']))
    const find = (q: string) =>
      (db.prepare('SELECT rowid FROM plans_fts WHERE plans_fts MATCH ? ORDER BY rowid').all(matchExpression(q)) as Array<{ rowid: number }>).map((r) => r.rowid)
    expect(find('ışık')).toEqual([1])
    expect(find('IŞIK')).toEqual([1])
    expect(find('isik lamb')).toEqual([1])
    expect(find('iade')).toEqual([2])
    expect(find('İADE')).toEqual([2])
    expect(find('sku-99')).toEqual([1])
    expect(find('ord 77')).toEqual([2])
    fts.put(1, indexText(['Other']))
    expect(find('isik')).toEqual([])
    fts.remove(2)
    expect(find('iade')).toEqual([])
  })
})
