/**
 * Injected misbehaviour. Each API request draws its fate once, from a seeded PRNG so a failing
 * test run can be replayed: latency first, then at most one of reset / hang / 5xx / truncation;
 * "lost response" applies only to mutations and is decided by the route after the change is
 * committed. The admin interface is never subject to faults.
 */
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

function checkRate(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be a probability between 0 and 1, got ${value}`)
}

export class FaultController {
  private options: FaultOptions
  private readonly rng: Rng

  constructor(seed: number, initial: Partial<FaultOptions> = {}) {
    this.rng = createRng(deriveSeed(seed, 'faults'))
    this.options = { ...NO_FAULTS }
    this.set(initial)
  }

  get current(): Readonly<FaultOptions> {
    return this.options
  }

  set(patch: Partial<FaultOptions>): void {
    const next = { ...this.options, ...patch }
    for (const key of ['failRate', 'resetRate', 'hangRate', 'truncateRate', 'lostResponseRate'] as const) {
      checkRate(key, next[key])
    }
    if (!(next.latencyMs >= 0) || !(next.latencyJitterMs >= 0)) throw new RangeError('latency must be >= 0')
    this.options = next
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
