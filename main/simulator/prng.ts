/**
 * A small seeded PRNG (mulberry32) so the generated data is identical for a given seed on every
 * machine and every run; Math.random would make tests and bug reports unreproducible.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number
  /** True with probability p. */
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T
  /** Money-like amount with 2 decimals in [min, max]. */
  amount(min: number, max: number): number
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function createRng(seed: number): Rng {
  const next = mulberry32(seed)
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (entries) => {
      let total = 0
      for (const [, w] of entries) total += w
      let r = next() * total
      for (const [value, w] of entries) {
        r -= w
        if (r < 0) return value
      }
      return entries[entries.length - 1][0]
    },
    amount: (min, max) => Math.round((min + next() * (max - min)) * 100) / 100,
  }
  return rng
}

/** Derives an independent stream from a seed and a label (e.g. "faults") so streams do not interfere. */
export function deriveSeed(seed: number, label: string): number {
  let h = 2166136261 ^ seed
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 16777619)
  }
  return h >>> 0
}
