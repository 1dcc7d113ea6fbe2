import { describe, expect, it } from 'vitest'
import type { SyncProgress } from '../../../preload/contract'
import { ProgressTracker } from '../../../main/sync/progress'

describe('ProgressTracker', () => {
  it('reports counts and a rate, and survives a throwing listener', async () => {
    const seen: SyncProgress[] = []
    const t = new ProgressTracker('full', (p) => seen.push(p))
    await new Promise((r) => setTimeout(r, 20))
    t.pagesDone = 2
    t.pagesTotal = 4
    t.plansDone = 50
    t.plansTotal = 100
    t.report('pages')
    expect(seen[0]).toMatchObject({ kind: 'full', phase: 'pages', pagesDone: 2, pagesTotal: 4, plansDone: 50, plansTotal: 100 })
    expect(seen[0].rate).toBeGreaterThan(0)
    const bad = new ProgressTracker('incremental', () => {
      throw new Error('listener bug')
    })
    expect(() => bad.report('starting')).not.toThrow()
  })
})
