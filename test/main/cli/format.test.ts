import { describe, expect, it } from 'vitest'
import { money, syncSummary, table } from '../../../main/cli/format'

describe('format', () => {
  it('aligns tables and cuts long cells', () => {
    expect(table(['A', 'BB'], [[1, 'x'], [null, 'y'.repeat(40)]], 10)).toBe(`A  BB\n-  ----------\n1  x\n   yyyyyyyyy…\n`)
  })
  it('formats money and sync summaries', () => {
    expect(money(12.5, 'TRY')).toBe('12.50 TRY')
    expect(money(null, 'TRY')).toBe('')
    expect(
      syncSummary({ kind: 'incremental', added: 1, updated: 2, removed: 0, unchanged: 3, skipped: [], warnings: [], durationMs: 1234, cancelled: true, complete: false }),
    ).toBe('Incremental sync (cancelled): 1 added, 2 updated, 0 removed, 3 unchanged, 0 skipped in 1.2 s\n')
  })
})
