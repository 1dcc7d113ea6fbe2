import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { ExportProgress, OverviewQuery } from '../../preload/contract'
import { lastDays } from '../../renderer/src/lib/overview-days'
import { PALETTES, statusChart, typeChart } from '../../renderer/src/lib/overview-charts'
import { formatCount } from '../../renderer/src/lib/format'
import { bridgeEvents } from './bridge-events'

const HOUR = 3_600_000
/** The process's time zone (Node reads TZ again when it changes); renderer specs are typed without Node's types. */
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env

describe('lastDays', () => {
  const zone = env.TZ
  afterEach(() => {
    if (zone === undefined) delete env.TZ
    else env.TZ = zone
  })

  it('gives the last n local days, oldest first, each from its local midnight to the next', () => {
    env.TZ = 'Europe/Istanbul'
    const days = lastDays(30, new Date(2026, 10, 29, 15, 30))
    expect(days).toHaveLength(30)
    expect(days[29]).toEqual({ day: '2026-11-29', from: '2026-11-28T21:00:00.000Z', to: '2026-11-29T21:00:00.000Z' })
    expect(days[0].day).toBe('2026-10-31')
    for (let i = 1; i < days.length; i++) expect(days[i].from).toBe(days[i - 1].to)
  })

  it('keeps a day whole when the clocks change (23 hours in spring)', () => {
    env.TZ = 'Europe/Berlin'
    const days = lastDays(3, new Date(2026, 2, 30, 12))
    expect(days.map((d) => d.day)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30'])
    expect(Date.parse(days[1].to) - Date.parse(days[1].from)).toBe(23 * HOUR)
    expect(Date.parse(days[2].to) - Date.parse(days[2].from)).toBe(24 * HOUR)
  })
})

describe('overview charts', () => {
  const rows = [
    { key: 'waiting', label: 'Waiting', count: 30 },
    { key: 'completed', label: 'Completed', count: 265 },
  ]

  it('draw text, axes and tooltips in the theme’s colours (a canvas cannot read CSS variables)', () => {
    const light = statusChart(rows, PALETTES.light) as { yAxis: { axisLabel: { color: string } }; tooltip: { backgroundColor: string } }
    const dark = statusChart(rows, PALETTES.dark) as typeof light
    expect(light.yAxis.axisLabel.color).toBe(PALETTES.light.muted)
    expect(dark.yAxis.axisLabel.color).toBe(PALETTES.dark.muted)
    expect(dark.tooltip.backgroundColor).toBe(PALETTES.dark.tooltipBg)
    expect(PALETTES.dark.muted).not.toBe(PALETTES.light.muted)
    expect(PALETTES.dark.tooltipBg).not.toBe(PALETTES.light.tooltipBg)
  })

  it('colour each status as its tag does, and draw tooltips on the canvas (HTML ones would break the CSP)', () => {
    const option = statusChart(rows, PALETTES.light) as { series: Array<{ data: Array<{ itemStyle: { color: string } }> }>; tooltip: { renderMode: string } }
    expect(option.series[0].data.map((d) => d.itemStyle.color)).toEqual(['#e6a23c', '#67c23a'])
    expect(option.tooltip.renderMode).toBe('richText')
    expect((typeChart(rows, PALETTES.dark) as { tooltip: { renderMode: string } }).tooltip.renderMode).toBe('richText')
  })

  it('put each type’s count in the legend', () => {
    const option = typeChart(rows, PALETTES.light) as { legend: { formatter: (name: string) => string } }
    expect(option.legend.formatter('Completed')).toBe('Completed  265')
  })

  it('write their counts as the person’s language groups thousands', () => {
    const big = [{ key: 'completed', label: 'Tamamlandı', count: 1915 }]
    const turkish = (n: number) => formatCount(n, 'tr-TR')
    const bars = statusChart(big, PALETTES.light, turkish) as { series: Array<{ label: { formatter: (x: { value: number }) => string } }> }
    expect(bars.series[0].label.formatter({ value: 1915 })).toBe('1.915')
    const ring = typeChart(big, PALETTES.light, turkish) as { legend: { formatter: (name: string) => string } }
    expect(ring.legend.formatter('Tamamlandı')).toBe('Tamamlandı  1.915')
  })
})

/** A bridge double answering plans:overview and plans:export, with push events. */
function fakeBridge() {
  const events = bridgeEvents()
  const calls: Array<{ channel: string; arg: unknown }> = []
  return {
    calls,
    emit: events.emit,
    bridge: {
      host: 'web',
      on: events.on,
      invoke: vi.fn(async (channel: string, arg?: unknown) => {
        calls.push({ channel, arg })
        if (channel === 'plans:overview') {
          const days = (arg as OverviewQuery).days
          return { ok: true, value: { total: calls.length, byStatus: [], byType: [], days: days.map((d) => ({ day: d.day, count: 0 })), refunds: [], localChanges: { open: 0, plans: 0 } } }
        }
        if (channel === 'plans:export') {
          const progress: ExportProgress = { format: 'csv', done: 500, total: 1000 }
          events.emit('export:progress', progress)
          return { ok: true, value: { outcome: 'download', rows: 1000, fileName: 'plandesk-plans-2026-11-29.csv', url: '/download/abc' } }
        }
        return { ok: false, error: { code: 'validation', message: `unexpected ${channel}` } }
      }),
    },
  }
}

async function load() {
  vi.resetModules()
  const fake = fakeBridge()
  vi.stubGlobal('window', { plandesk: fake.bridge })
  vi.stubGlobal('navigator', { language: 'en-GB' })
  return { fake, ...(await import('../../renderer/src/stores/overview')), ...(await import('../../renderer/src/stores/export')) }
}

describe('useOverviewStore', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('asks for the last 30 local days, and counts again once the cache has been quiet', async () => {
    const { fake, useOverviewStore, OVERVIEW_DAYS } = await load()
    vi.useFakeTimers()
    const store = useOverviewStore()
    await store.init()
    expect(OVERVIEW_DAYS).toBe(30)
    expect((fake.calls[0].arg as OverviewQuery).days).toHaveLength(30)
    expect(store.data?.total).toBe(1)
    // A sync changes the cache many times in a row: one count after it settles.
    fake.emit('plans:changed', { pks: 'all' })
    fake.emit('outbox:changed', {})
    fake.emit('plans:changed', { pks: [1] })
    await vi.advanceTimersByTimeAsync(2000)
    expect(fake.calls.filter((c) => c.channel === 'plans:overview')).toHaveLength(2)
    expect(store.data?.total).toBe(2)
  })
})

describe('useExportStore', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('sends the search without paging, follows progress, and starts the browser’s download of the file main wrote', async () => {
    const { fake, useExportStore } = await load()
    const clicked: Array<{ href: string; download: string; progress: ExportProgress | null }> = []
    const anchor = { href: '', download: '', click: () => clicked.push({ href: anchor.href, download: anchor.download, progress: store.progress }), remove: vi.fn() }
    vi.stubGlobal('document', { createElement: () => anchor, body: { appendChild: vi.fn() } })
    const store = useExportStore()
    const result = store.run({ statuses: ['approved'], sort: 'pk', offset: 200, limit: 200 }, 'csv', 'tr')
    expect(store.running).toBe('csv')
    expect(await result).toMatchObject({ outcome: 'download', rows: 1000 })
    // In the person's language, with the dates in their time zone.
    expect(fake.calls.at(-1)).toEqual({
      channel: 'plans:export',
      arg: { query: { statuses: ['approved'], sort: 'pk' }, format: 'csv', lang: 'tr', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    })
    expect(clicked).toEqual([{ href: '/download/abc', download: 'plandesk-plans-2026-11-29.csv', progress: { format: 'csv', done: 500, total: 1000 } }])
    expect(store.running).toBeNull()
    expect(store.progress).toBeNull()
  })
})
