/** Small statistics for the benchmarks: percentiles of samples and the median and spread of runs. */

/** The p-th percentile of ascending samples (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]
}

export function ascending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b)
}

export function median(values: readonly number[]): number {
  const s = ascending(values)
  if (s.length === 0) return NaN
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** What a figure reports about its runs: the median, and the spread (smallest and largest run). */
export interface RunStats {
  median: number
  min: number
  max: number
  /** Every timed run's value, in the order they ran. */
  runs: number[]
}

export function runStats(runs: readonly number[]): RunStats {
  const s = ascending(runs)
  return { median: median(s), min: s[0], max: s[s.length - 1], runs: [...runs] }
}

/** Rounds to a few significant digits for the report (never for comparisons). */
export function round(n: number, digits = 3): number {
  if (!Number.isFinite(n) || n === 0) return n
  const scale = 10 ** Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(n))))
  return Math.round(n * scale) / scale
}

/**
 * Runs `fn` `warmups` times untimed, then `runs` times, and returns each timed run's result.
 * `fn` gets the run's index (negative for warm-ups) so it can use fresh data each time.
 */
export async function repeat<T>(runs: number, warmups: number, fn: (i: number) => Promise<T> | T): Promise<T[]> {
  for (let w = warmups; w > 0; w--) await fn(-w)
  const out: T[] = []
  for (let i = 0; i < runs; i++) out.push(await fn(i))
  return out
}

/** A deterministic pseudo-random sequence for seeded query mixes: the simulator's own. */
export { mulberry32 as seededRandom } from '../../../main/simulator/prng'
