/**
 * The checks at open (the whole-file check and the record check) read every page of the cache
 * once: they read through a small page cache, so a writing CLI command on a large cache does not
 * fill the store's full page cache with pages nothing reads again; the store's cache has its full
 * size afterwards.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database as DB } from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import { openStore } from '../../../main/store'
import { PAGE_CACHE_MIN_KIB, SCAN_PAGE_CACHE_KIB, withPageCache } from '../../../main/store/db'

/** main.cache_size of the cache file's connection when each check ran on it (negative: KiB). */
const seen = vi.hoisted(() => ({ quickCheck: [] as number[], records: [] as number[] }))
/** The outbox's own file is checked at open too, through its own connection: not counted here. */
const onCache = (db: DB) => db.name.endsWith('cache.sqlite')
const size = (db: DB) => db.pragma('main.cache_size', { simple: true }) as number

vi.mock('../../../main/store/integrity', async (original) => {
  const real = await original<typeof import('../../../main/store/integrity')>()
  return {
    ...real,
    quickCheck: (db: DB, schema?: string) => {
      if (onCache(db)) seen.quickCheck.push(size(db))
      return real.quickCheck(db, schema)
    },
  }
})
vi.mock('../../../main/store/search', async (original) => {
  const real = await original<typeof import('../../../main/store/search')>()
  return {
    ...real,
    findDamagedRecords: (db: DB) => {
      if (onCache(db)) seen.records.push(size(db))
      return real.findDamagedRecords(db)
    },
  }
})

/** Opens a fresh cache file again with `check`: the checks' page-cache sizes and the store's afterwards. */
function reopen(check: boolean): { seen: typeof seen; after: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'pd-scan-')), 'cache.sqlite')
  openStore({ file }).store.close()
  seen.quickCheck.length = 0
  seen.records.length = 0
  const { store } = openStore({ file, check })
  try {
    return { seen: structuredClone(seen), after: size(store.db) }
  } finally {
    store.close()
  }
}

describe('the checks at open', () => {
  it('read through the small page cache, and the store has its full cache afterwards', () => {
    expect(reopen(true)).toEqual({ seen: { quickCheck: [-SCAN_PAGE_CACHE_KIB], records: [-SCAN_PAGE_CACHE_KIB] }, after: -PAGE_CACHE_MIN_KIB })
  })

  it('are skipped by a quick read-only open, which keeps the full cache', () => {
    expect(reopen(false)).toEqual({ seen: { quickCheck: [], records: [] }, after: -PAGE_CACHE_MIN_KIB })
  })
})

describe('withPageCache', () => {
  it('gives the page cache its size back after fn, also when fn throws', () => {
    const { store } = openStore({ file: join(mkdtempSync(join(tmpdir(), 'pd-scan-')), 'cache.sqlite'), check: false })
    try {
      expect(withPageCache(store.db, 512, () => size(store.db))).toBe(-512)
      expect(size(store.db)).toBe(-PAGE_CACHE_MIN_KIB)
      expect(() => withPageCache(store.db, 512, () => {
        throw new Error('cut')
      })).toThrow('cut')
      expect(size(store.db)).toBe(-PAGE_CACHE_MIN_KIB)
    } finally {
      store.close()
    }
  })
})
