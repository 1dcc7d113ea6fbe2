/**
 * Injected misbehaviour. Each API request draws its fate once, from a seeded PRNG so a failing
 * test run can be replayed: latency first, then at most one of reset / hang / 5xx / truncation;
 * "lost response" applies only to mutations and is decided by the route after the change is
 * committed. The admin interface is never subject to faults.
 */
import { z } from 'zod'
import { bounded, describe, parseOrThrow } from './input'
import { createRng, deriveSeed, type Rng } from './prng'
import type { FaultOptions } from './types'

export type Fate =
  | { kind: 'ok'; truncate: boolean }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'fail'; status: 500 | 502 | 503 }

export const NO_FAULTS: FaultOptions = {
  latencyMs: 0,
  latencyJitterMs: 0,
  failRate: 0,
  resetRate: 0,
  hangRate: 0,
  truncateRate: 0,
  lostResponseRate: 0,
  offline: false,
  holdChanges: false,
}

/** What real infrastructure answers: Django's bare 500 page, nginx's 502/503 pages. */
export const FAILURE_BODIES: Record<500 | 502 | 503, { type: string; body: string; headers?: Record<string, string> }> = {
  500: { type: 'text/html', body: '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n' },
  502: { type: 'text/html', body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n' },
  503: {
    type: 'text/html',
    body: '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    headers: { 'Retry-After': '1' },
  },
}

/** Latency above ten minutes is a mistake (and Node's timers cap at 24.8 days, then fire at once). */
export const MAX_LATENCY_MS = 600_000

const latency = bounded(0, MAX_LATENCY_MS, 'a number of milliseconds')
const rate = bounded(0, 1, 'a probability')

/** Every fault setting with its allowed range; a setting not named here is refused. */
export const faultSettings = z.strictObject({
  latencyMs: latency,
  latencyJitterMs: latency,
  failRate: rate,
  resetRate: rate,
  hangRate: rate,
  truncateRate: rate,
  lostResponseRate: rate,
  offline: z.boolean({ error: (issue) => `Must be true or false; got ${describe(issue.input)}.` }),
  holdChanges: z.boolean({ error: (issue) => `Must be true or false; got ${describe(issue.input)}.` }),
}).partial()

export const FAULT_KEYS = Object.keys(faultSettings.shape) as (keyof FaultOptions)[]

export const unknownFault = (known: readonly string[]): string => `Unknown fault setting; known: ${known.join(', ')}.`

/** The settings checked (ranges, no unknown keys), or an InputError naming each bad one. */
export function checkFaults(patch: unknown): Partial<FaultOptions> {
  const checked = parseOrThrow(faultSettings, patch, 'fault settings', unknownFault(FAULT_KEYS))
  // A key given as undefined leaves that setting as it is.
  return Object.fromEntries(Object.entries(checked).filter(([, v]) => v !== undefined))
}

export class FaultController {
  private options: FaultOptions
  private readonly rng: Rng
  /** While `holdChanges` is on: resolved when it is set back to false (or the controller is released). */
  private holding: { promise: Promise<void>; release: () => void } | null = null

  constructor(seed: number, initial: Partial<FaultOptions> = {}) {
    this.rng = createRng(deriveSeed(seed, 'faults'))
    this.options = { ...NO_FAULTS }
    this.set(initial)
  }

  get current(): Readonly<FaultOptions> {
    return this.options
  }

  /** Throws InputError (a RangeError) naming each bad or unknown setting; nothing changes then. */
  set(patch: Partial<FaultOptions>): void {
    this.options = { ...this.options, ...checkFaults(patch) }
    if (this.options.holdChanges && !this.holding) {
      let release!: () => void
      const promise = new Promise<void>((ok) => (release = ok))
      this.holding = { promise, release }
    } else if (!this.options.holdChanges) this.releaseHeld()
  }

  /** Resolves at once, or, while `holdChanges` is on, when it is switched off. */
  held(): Promise<void> {
    return this.holding?.promise ?? Promise.resolve()
  }

  /** Lets every held request go on (holdChanges switched off, or the simulator closing). */
  releaseHeld(): void {
    this.holding?.release()
    this.holding = null
  }

  /** Fixed latency plus uniform jitter in [0, latencyJitterMs]. */
  delayMs(): number {
    const { latencyMs, latencyJitterMs } = this.options
    return latencyMs + (latencyJitterMs > 0 ? this.rng.next() * latencyJitterMs : 0)
  }

  /** Draws the fate of one request. The rates are independent slices of one draw. */
  fate(): Fate {
    const o = this.options
    const r = this.rng.next()
    let edge = o.resetRate
    if (r < edge) return { kind: 'reset' }
    edge += o.hangRate
    if (r < edge) return { kind: 'hang' }
    edge += o.failRate
    if (r < edge) return { kind: 'fail', status: this.rng.pick([500, 502, 503] as const) }
    return { kind: 'ok', truncate: o.truncateRate > 0 && this.rng.chance(o.truncateRate) }
  }

  /** Whether this mutation's response is lost after the change is committed. */
  loseResponse(): boolean {
    return this.options.lostResponseRate > 0 && this.rng.chance(this.options.lostResponseRate)
  }
}
