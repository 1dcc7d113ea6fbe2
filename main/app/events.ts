import { EventEmitter } from 'node:events'
import type { EventName, EventPayloads } from '../../preload/contract'

/** Typed push-event bus; the Electron glue and the web host forward it to the renderer. */
export class AppEvents {
  private readonly emitter = new EventEmitter()

  constructor() {
    // The web host adds one listener per open page; a handful is normal, hundreds is a leak.
    this.emitter.setMaxListeners(200)
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    this.emitter.emit('event', event, payload)
  }

  /** Listens to every event; returns the unsubscribe function. */
  onAny(listener: <E extends EventName>(event: E, payload: EventPayloads[E]) => void): () => void {
    this.emitter.on('event', listener)
    return () => this.emitter.off('event', listener)
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const wrapped = (name: EventName, payload: unknown): void => {
      if (name === event) listener(payload as EventPayloads[E])
    }
    this.emitter.on('event', wrapped)
    return () => this.emitter.off('event', wrapped)
  }
}
