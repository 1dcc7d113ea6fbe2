/**
 * Exposes window.plandesk, built from the contract: only contract channels can be invoked and
 * only contract events subscribed to; no Electron or Node object crosses the bridge.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  EVENT_CHANNEL,
  isChannel,
  isEventName,
  type Envelope,
  type EventName,
  type EventPayloads,
  type PlanDeskBridge,
} from './contract'

export function createBridge(renderer: Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>): PlanDeskBridge {
  return {
    host: 'electron',
    async invoke(channel: string, arg?: unknown): Promise<Envelope<never>> {
      if (!isChannel(channel)) {
        return { ok: false, error: { code: 'validation', message: `Unknown channel: ${String(channel)}` } }
      }
      try {
        return (await renderer.invoke(channel, arg)) as Envelope<never>
      } catch (err) {
        return { ok: false, error: { code: 'internal', message: (err as Error).message } }
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`)
      const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown): void => {
        if (name === event) listener(payload as EventPayloads[E])
      }
      renderer.on(EVENT_CHANNEL, wrapped)
      return () => renderer.removeListener(EVENT_CHANNEL, wrapped)
    },
  } as PlanDeskBridge
}

if (process.contextIsolated) {
  contextBridge.exposeInMainWorld('plandesk', createBridge(ipcRenderer))
}
