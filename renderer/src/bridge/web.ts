/**
 * The bridge used in a browser (no Electron preload): the same contract over the web host's
 * loopback HTTP. The per-launch secret travels as an HttpOnly cookie set by the host, so this
 * code never sees it.
 */
import type { Envelope, EventName, EventPayloads, PlanDeskBridge } from '../../../preload/contract'
import { isEventName } from '../../../preload/domain'

export function createWebBridge(base = ''): PlanDeskBridge {
  let source: EventSource | null = null
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()

  function ensureSource(): EventSource {
    if (source) return source
    source = new EventSource(`${base}/events`)
    return source
  }

  return {
    host: 'web',
    async invoke(channel: string, arg?: unknown): Promise<Envelope<never>> {
      try {
        const res = await fetch(`${base}/ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: arg === undefined ? '' : JSON.stringify(arg),
          credentials: 'same-origin',
        })
        const type = res.headers.get('content-type') ?? ''
        if (!type.includes('application/json')) {
          return {
            ok: false,
            error: { code: res.status === 403 ? 'forbidden' : 'internal', message: (await res.text()).slice(0, 300) },
          }
        }
        return (await res.json()) as Envelope<never>
      } catch {
        return { ok: false, error: { code: 'network', message: 'PlanDesk’s background service is not running.' } }
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`)
      const es = ensureSource()
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
        const current = set
        es.addEventListener(event, (msg) => {
          const payload = JSON.parse((msg as MessageEvent<string>).data) as unknown
          for (const l of current) l(payload)
        })
      }
      const l = listener as (payload: unknown) => void
      set.add(l)
      return () => set.delete(l)
    },
  } as PlanDeskBridge
}
