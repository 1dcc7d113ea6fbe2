/**
 * The overview's charts as ECharts options, built from the numbers, the labels in the person's
 * language and the light or dark palette (a canvas cannot read CSS variables, so the colours
 * of text, axes and tooltips are given here for each theme). Plain functions: no Vue, no
 * ECharts runtime (only its option types).
 */
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import { statusColour } from './status-colours'

export type OverviewChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>

export interface ChartPalette {
  text: string
  muted: string
  axis: string
  split: string
  tooltipBg: string
  tooltipBorder: string
  bar: string
  /** The plan types' slices. */
  types: string[]
}

// Element Plus's own colours for each theme (theme-chalk's light and dark variables).
export const PALETTES: Record<'light' | 'dark', ChartPalette> = {
  light: {
    text: '#303133',
    muted: '#606266',
    axis: '#dcdfe6',
    split: '#ebeef5',
    tooltipBg: '#ffffff',
    tooltipBorder: '#e4e7ed',
    bar: '#409eff',
    types: ['#409eff', '#e6a23c'],
  },
  dark: {
    text: '#e5eaf3',
    muted: '#cfd3dc',
    axis: '#4c4d4f',
    split: '#363637',
    tooltipBg: '#1d1e1f',
    tooltipBorder: '#414243',
    bar: '#409eff',
    types: ['#409eff', '#e6a23c'],
  },
}

/** The status chart's frame in pixels: one row per status, labels in the left margin (the e2e spec clicks bars from these). */
export const STATUS_GRID = { left: 180, right: 64, top: 4, bottom: 4 } as const
export const STATUS_ROW = 28
/** The shortest bar drawn, so a status with one plan can still be seen and clicked. */
export const MIN_BAR = 8

/**
 * Tooltips are drawn on the canvas (richText), not as HTML: ECharts' HTML tooltips carry inline
 * style attributes, which PlanDesk's Content-Security-Policy (style-src 'self') refuses.
 */
function tooltip(p: ChartPalette): TooltipComponentOption {
  return {
    renderMode: 'richText',
    padding: [6, 10],
    backgroundColor: p.tooltipBg,
    borderColor: p.tooltipBorder,
    textStyle: { color: p.text, fontSize: 12 },
    confine: true,
  }
}

export interface Bar {
  key: string
  label: string
  count: number
}

/** Writes a count as the person's language groups thousands (1,915 / 1.915). */
export type CountText = (n: number) => string

/** Horizontal bars, first status on top, each with its count at its end. */
export function statusChart(rows: Bar[], p: ChartPalette, count: CountText = String): OverviewChartOption {
  return {
    animation: false,
    grid: { ...STATUS_GRID, outerBoundsMode: 'none' },
    tooltip: { ...tooltip(p), trigger: 'item', formatter: (params) => { const x = Array.isArray(params) ? params[0] : params; return `${x.name}: ${count(Number(x.value))}` } },
    xAxis: { type: 'value', show: false, max: (v) => Math.max(1, v.max) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.label),
      axisLine: { lineStyle: { color: p.axis } },
      axisTick: { show: false },
      axisLabel: { color: p.muted, fontSize: 12, width: STATUS_GRID.left - 16, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 20,
        barMinHeight: MIN_BAR,
        cursor: 'pointer',
        data: rows.map((r) => ({ value: r.count, name: r.label, itemStyle: { color: statusColour(r.key), borderRadius: [0, 3, 3, 0] } })),
        label: { show: true, position: 'right', color: p.text, fontSize: 12, formatter: (x) => count(Number(x.value)) },
      },
    ],
  }
}

/** The type ring's centre and radii, in percent of the chart (the e2e spec clicks slices from these). */
export const TYPE_RING = { center: [50, 45], radius: [48, 78] } as const

/** A ring of the plan types with their counts in the legend; the first type starts at twelve o'clock, clockwise. */
export function typeChart(rows: Bar[], p: ChartPalette, count: CountText = String): OverviewChartOption {
  const countOf = (name: string) => {
    const row = rows.find((r) => r.label === name)
    return row ? count(row.count) : ''
  }
  return {
    animation: false,
    tooltip: {
      ...tooltip(p),
      trigger: 'item',
      formatter: (params) => {
        const x = Array.isArray(params) ? params[0] : params
        return `${x.name}: ${countOf(x.name)} (${x.percent ?? 0}%)`
      },
    },
    legend: { bottom: 0, textStyle: { color: p.muted, fontSize: 13 }, itemGap: 20, formatter: (name: string) => `${name}  ${countOf(name)}` },
    color: p.types,
    series: [
      {
        type: 'pie',
        radius: TYPE_RING.radius.map((r) => `${r}%`),
        center: TYPE_RING.center.map((c) => `${c}%`),
        cursor: 'pointer',
        avoidLabelOverlap: true,
        // The counts are in the legend; labels around a two-slice ring only crowd it.
        label: { show: false },
        labelLine: { show: false },
        itemStyle: { borderColor: p.tooltipBg, borderWidth: 2 },
        data: rows.map((r) => ({ value: r.count, name: r.label })),
      },
    ],
  }
}

export interface RefundDay {
  day: string
  /** The day as the axis shows it ("24 Nov"). */
  label: string
  total: number
  count: number
  /** Every plan created that day, whatever its currency (what a click on the day lists). */
  plans: number
}

/** The refund chart's frame in pixels (the e2e spec clicks days from these). */
export const REFUND_GRID = { left: 72, right: 16, top: 16, bottom: 28 } as const

/** One bar per day for one currency; the tooltip says the day's sum, its plans and all the day's plans. */
export function refundChart(days: RefundDay[], p: ChartPalette, text: { money: (n: number) => string; tooltip: (d: RefundDay) => string }): OverviewChartOption {
  return {
    animation: false,
    grid: { ...REFUND_GRID, outerBoundsMode: 'none' },
    tooltip: { ...tooltip(p), trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (params) => text.tooltip(days[(Array.isArray(params) ? params[0] : params).dataIndex ?? 0]) },
    xAxis: {
      type: 'category',
      data: days.map((d) => d.label),
      axisLine: { lineStyle: { color: p.axis } },
      axisTick: { alignWithLabel: true, lineStyle: { color: p.axis } },
      axisLabel: { color: p.muted, fontSize: 11, interval: 'auto', hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: p.muted, fontSize: 11, formatter: (v: number) => text.money(v) },
      splitLine: { lineStyle: { color: p.split } },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        cursor: 'pointer',
        itemStyle: { color: p.bar, borderRadius: [3, 3, 0, 0] },
        data: days.map((d) => d.total),
      },
    ],
  }
}
