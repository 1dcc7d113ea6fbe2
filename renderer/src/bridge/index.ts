import type { ArgsOf, Channel, IpcError, PlanDeskBridge, ResultOf } from '../../../preload/contract'
import { createWebBridge } from './web'

/** window.plandesk inside Electron; the web host's HTTP bridge when it is absent. */
export const bridge: PlanDeskBridge = window.plandesk ?? createWebBridge()

/** An error that came back through the bridge, with its structure intact. */
export class BridgeError extends Error {
  readonly code: IpcError['code']
  readonly fields?: Record<string, string[]>
  constructor(error: IpcError) {
    super(error.message)
    this.name = 'BridgeError'
    this.code = error.code
    this.fields = error.fields
  }
}

/** Any failure as the contract's structured error (a BridgeError keeps its code and fields). */
export function asIpcError(err: unknown): IpcError {
  if (err instanceof BridgeError) return { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) }
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) }
}

/** Invokes a channel and unwraps the envelope: resolves with the value or throws BridgeError. */
export async function call<C extends Channel>(
  channel: C,
  ...args: undefined extends ArgsOf<C> ? [arg?: ArgsOf<C>] : [arg: ArgsOf<C>]
): Promise<ResultOf<C>> {
  const envelope = await bridge.invoke(channel, ...args)
  if (!envelope.ok) throw new BridgeError(envelope.error)
  return envelope.value
}
