import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkCacheFile } from '../../../main/store/cache-check'
import { checkInBackground, openStore } from '../../../main/store'
import { makePlan, planInput } from './fixtures'

const tmp = () => mkdtempSync(join(tmpdir(), 'pd-check-'))

/** A cache of 300 plans, closed (its WAL folded back). */
function cacheOf300(): string {
  const file = join(tmp(), 'cache.sqlite')
  const { store } = openStore({ file })
  store.applyPlans(Array.from({ length: 300 }, (_, i) => planInput(makePlan({ pk: i + 1 }))), 1)
  store.close()
  return file
}

/** Overwrites the middle of the file (b-tree pages) with junk, the header and schema page kept. */
function ruinPages(file: string): void {
  const buf = readFileSync(file)
  buf.fill(0x5a, 8192, Math.min(buf.length - 4096, 8192 * 6))
  writeFileSync(file, buf)
}

describe('the cache check after opening', () => {
  it('finds nothing wrong with a whole cache, and writes nothing', () => {
    const file = cacheOf300()
    const before = readFileSync(file)
    expect(checkCacheFile(file)).toEqual({ problem: null, damaged: [] })
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it("names the plans whose stored record is damaged, and leaves marking them to the cache's owner", () => {
    const file = cacheOf300()
    const { store } = openStore({ file, check: 'later' })
    store.db.prepare("UPDATE plan_json SET raw_json = 'not json' WHERE pk IN (7, 250)").run()
    try {
      // Read while the owner's connection is open, as the app's check runs.
      expect(checkCacheFile(file)).toEqual({ problem: null, damaged: [7, 250] })
      expect(store.pksToRefetch()).toEqual([])
      expect(store.refetchDamaged([7, 250])).toEqual(['2 cached plans were damaged and will be fetched again at the next sync.'])
      expect(store.pksToRefetch()).toEqual([7, 250])
    } finally {
      store.close()
    }
  })

  it("reports SQLite's words for damaged pages, and moves nothing (the owner does)", () => {
    const file = cacheOf300()
    ruinPages(file)
    const outcome = checkCacheFile(file)
    expect(outcome.problem).toMatch(/\S/)
    expect(outcome.damaged).toEqual([])
    expect(readdirSync(join(file, '..')).some((f) => f.includes('.corrupt-'))).toBe(false)
  })

  it("opening with the checks left for later serves the damaged cache until they run, and the next checked open moves it aside", () => {
    const file = cacheOf300()
    ruinPages(file)
    const later = openStore({ file, check: 'later' })
    expect(later.notices).toEqual([])
    later.store.close()
    const checked = openStore({ file })
    expect(checked.notices[0]).toMatch(/The cache was damaged/)
    checked.store.close()
  })

  it('runs on a worker thread and gives the same outcome', async () => {
    const file = cacheOf300()
    const { store } = openStore({ file, check: 'later' })
    store.db.prepare("UPDATE plan_json SET raw_json = '[1]' WHERE pk = 42").run()
    try {
      const check = checkInBackground(file)
      expect(await check.outcome).toEqual({ problem: null, damaged: [42] })
      expect(check.answeredBy).toBe('worker')
    } finally {
      store.close()
    }
    ruinPages(file)
    const damaged = await checkInBackground(file).outcome
    expect(damaged?.problem).toMatch(/\S/)
  })

  it('stopped before it answers, it answers nothing', async () => {
    const check = checkInBackground(cacheOf300())
    check.stop()
    expect(await check.outcome).toBeNull()
  })

  it('a file that is gone fails the check with its reason, not with damage', async () => {
    await expect(checkInBackground(join(tmp(), 'missing.sqlite')).outcome).rejects.toThrow(/unable to open|does not exist|directory/i)
  })
})
