import { describe, expect, it } from 'vitest'
import { OmnitronError } from '../../../main/omnitron'
import { readPage } from '../../../main/sync/page-read'
import { PageReader, ReadyPlan } from '../../../main/sync/page-reader'
import { startWorker } from '../../../main/native/threads'
import { makePlan } from '../store/fixtures'

const body = (pks: number[], count: number) =>
  Buffer.from(JSON.stringify({ count, next: null, previous: null, results: pks.map((pk) => makePlan({ pk, product: `Işık Lamba ${pk}` })) }), 'utf8')

describe('PageReader', () => {
  it('reads a large list on a worker thread from its second page, to what a reading here gives', async () => {
    const reader = new PageReader({ workerFrom: 4 })
    try {
      const first = await reader.read(body([1, 2], 4), {})
      expect(reader.threaded).toBe(false)
      const second = await reader.read(body([3, 4], 4), {})
      expect(reader.threaded).toBe(true)
      for (const [page, pks] of [[first, [1, 2]], [second, [3, 4]]] as const) {
        const here = readPage(body([...pks], 4), {})
        expect(page.plans.map((p) => p.pk)).toEqual(pks)
        page.plans.forEach((p, i) => {
          const ready = p as ReadyPlan
          expect(ready).toBeInstanceOf(ReadyPlan)
          const { record, ...rest } = ready.prepared
          const { record: hereRecord, ...hereRest } = here.plans[i].prepared
          expect(rest).toEqual(hereRest)
          expect(Buffer.from(record).equals(hereRecord)).toBe(true)
          // The server object is read back from the record only when asked for.
          expect(ready.raw).toEqual(makePlan({ pk: pks[i], product: `Işık Lamba ${pks[i]}` }))
        })
      }
    } finally {
      await reader.close()
    }
    expect(reader.threaded).toBe(false)
  })

  it('tells once that the walk is long, when a page first shows a list of workerFrom plans or more', async () => {
    const calls: number[] = []
    const reader = new PageReader({ workerFrom: 4, onLarge: () => calls.push(calls.length) })
    try {
      await reader.read(body([1, 2], 3), {})
      expect(calls).toEqual([])
      await reader.read(body([3, 4], 4), {})
      await reader.read(body([5, 6], 6), {})
      expect(calls).toEqual([0])
    } finally {
      await reader.close()
    }
  })

  it("starts the page worker with a bounded young generation (a first sync's peak memory)", async () => {
    const worker = startWorker('page-worker')
    try {
      expect(worker.resourceLimits?.maxYoungGenerationSizeMb).toBe(8)
    } finally {
      await worker.terminate()
    }
  })

  it('words a malformed answer read on the worker as the client does', async () => {
    const reader = new PageReader({ workerFrom: 1 })
    try {
      await reader.read(body([1], 1), {})
      const bad = reader.read(Buffer.from('<html>a proxy page</html>'), {})
      await expect(bad).rejects.toBeInstanceOf(OmnitronError)
      await expect(bad).rejects.toMatchObject({ kind: 'malformed_response' })
      expect(reader.threaded).toBe(true)
      // The worker lives on for the next page.
      expect((await reader.read(body([2], 1), {})).plans.map((p) => p.pk)).toEqual([2])
    } finally {
      await reader.close()
    }
  })

  it('never starts a worker for a small list', async () => {
    const reader = new PageReader()
    try {
      for (let i = 0; i < 3; i++) await reader.read(body([i + 1], 3), {})
      expect(reader.threaded).toBe(false)
    } finally {
      await reader.close()
    }
  })
})
