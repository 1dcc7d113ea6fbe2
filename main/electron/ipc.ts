import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron'
import { CHANNELS, EVENT_CHANNEL, type Envelope } from '../../preload/contract'
import type { AppEvents } from '../app/events'
import { dispatch, type Handlers } from '../ipc/dispatch'
import { createLogger } from '../log'
import { isTrustedSender } from './security'

const log = createLogger('ipc')

/**
 * Registers one ipcMain handler per contract channel. Each call is checked for its sender (only
 * the app's own top frame) before {@link dispatch} validates the argument and runs the handler.
 */
export function registerIpc(ipcMain: IpcMain, handlers: Handlers, devServerUrl?: string): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, arg: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event.senderFrame, devServerUrl)) {
        log.warn(`Ignored ${channel} from an untrusted frame`)
        return { ok: false, error: { code: 'forbidden', message: 'This window may not call PlanDesk.' } }
      }
      return dispatch(handlers, channel, arg)
    })
  }
  return () => CHANNELS.forEach((c) => ipcMain.removeHandler(c))
}

/** Forwards every push event to the window (if it is still open). */
export function forwardEvents(events: AppEvents, getWindow: () => BrowserWindow | null): () => void {
  return events.onAny((event, payload) => {
    const win = getWindow()
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event, payload)
  })
}
