import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ExportProgress } from '../../../preload/contract'
import { DownloadShelf, type ExportDestination } from '../../../main/export/destination'
import { PlanExporter } from '../../../main/export/exporter'
import { memoryStore } from '../store/helpers'

const store = (n = 1500) => memoryStore(Array.from({ length: n }, (_, i) => ({ pk: i + 1, status: i % 2 === 0 ? 'approved' : 'waiting' })))

describe('PlanExporter with the web host’s download shelf', () => {
  it('writes the search to a file handed out once under a one-time token, reporting progress to the end', async () => {
    const shelf = new DownloadShelf()
    const progress: ExportProgress[] = []
    const exporter = new PlanExporter(shelf, (p) => progress.push(p))
    const result = await exporter.run(store(), { query: { statuses: ['approved'] }, format: 'csv' }, new Date(2026, 10, 29))
    expect(result).toMatchObject({ outcome: 'download', rows: 750, fileName: 'plandesk-plans-2026-11-29.csv' })
    expect(result.url).toMatch(/^\/download\/[A-Za-z0-9_-]{24}$/)
    expect(progress.at(-1)).toEqual({ format: 'csv', done: 750, total: 750 })
    const token = result.url!.slice('/download/'.length)
    const file = shelf.take(token)!
    expect(file).toMatchObject({ fileName: 'plandesk-plans-2026-11-29.csv', format: 'csv' })
    expect(readFileSync(file.path, 'utf8').trim().split('\r\n')).toHaveLength(751)
    // Once only.
    expect(shelf.take(token)).toBeNull()
    shelf.drop(token)
    shelf.close()
    expect(existsSync(file.path)).toBe(false)
  })

  it('forgets a file nobody fetched, and deletes it', async () => {
    const shelf = new DownloadShelf(30)
    const result = await new PlanExporter(shelf, () => undefined).run(store(10), { query: {}, format: 'xlsx' })
    const token = result.url!.slice('/download/'.length)
    await new Promise((ok) => setTimeout(ok, 80))
    expect(shelf.take(token)).toBeNull()
    shelf.close()
  })

  it('says "cancelled" when the person closes the save dialog, and writes nothing', async () => {
    const cancelled: ExportDestination = { open: () => Promise.resolve(null) }
    expect(await new PlanExporter(cancelled, () => undefined).run(store(3), { query: {}, format: 'csv' })).toEqual({ outcome: 'cancelled', rows: 0, fileName: null })
  })

  it('runs one export at a time, and says why a second one waits', async () => {
    const shelf = new DownloadShelf()
    const exporter = new PlanExporter(shelf, () => undefined)
    const first = exporter.run(store(3000), { query: {}, format: 'csv' })
    await expect(exporter.run(store(3), { query: {}, format: 'csv' })).rejects.toMatchObject({ code: 'busy' })
    expect((await first).rows).toBe(3000)
    // Free again afterwards.
    expect((await exporter.run(store(3), { query: {}, format: 'csv' })).rows).toBe(3)
    shelf.close()
  })

  it('turns a write failure into a clear storage error and drops the partial file', async () => {
    let abandoned = false
    const broken: ExportDestination = {
      open: () => Promise.resolve({ path: '/nonexistent-folder/plans.csv', finish: () => ({ outcome: 'saved', rows: 0, fileName: null }), abandon: () => (abandoned = true) }),
    }
    await expect(new PlanExporter(broken, () => undefined).run(store(3), { query: {}, format: 'csv' })).rejects.toMatchObject({
      code: 'storage',
      message: 'Cannot write /nonexistent-folder/plans.csv: its folder does not exist.',
    })
    expect(abandoned).toBe(true)
  })

  it('names the file, not the web host’s temporary path, when the download cannot be written', async () => {
    const shelf = new DownloadShelf()
    shelf.close() // its folder is gone: every write fails
    await expect(new PlanExporter(shelf, () => undefined).run(store(3), { query: {}, format: 'csv' }, new Date(2026, 10, 29))).rejects.toMatchObject({
      code: 'storage',
      message: 'Cannot write plandesk-plans-2026-11-29.csv: its folder does not exist.',
    })
  })

  it('says exporting is not available where the host set no destination', async () => {
    await expect(new PlanExporter(null, () => undefined).run(store(1), { query: {}, format: 'csv' })).rejects.toMatchObject({ code: 'validation' })
  })
})
