/** How a failure crosses the bridge: the domain's one error shape, inside the envelope. */
import type { Envelope } from '../../preload/contract'
import { errorShape } from '../domain/errors'

export function errorEnvelope(err: unknown): Envelope<never> {
  return { ok: false, error: errorShape(err) }
}
