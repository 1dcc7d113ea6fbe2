import { join } from 'node:path'
import { z } from 'zod'
import { loadJsonFile, saveJsonFile } from '../app/json-file'

const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(640).max(20000),
  height: z.number().int().min(480).max(20000),
  maximized: z.boolean(),
})
export type WindowState = z.infer<typeof WindowStateSchema>

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false }

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Restores the last size and position; a position off every display is dropped (unplugged monitor). */
export function loadWindowState(dataDir: string, displays: Rect[]): WindowState {
  const saved = loadJsonFile(join(dataDir, 'window-state.json'), WindowStateSchema).value
  if (!saved) return { ...DEFAULT_WINDOW_STATE }
  if (saved.x !== undefined && saved.y !== undefined) {
    const visible = displays.some(
      (d) => saved.x! < d.x + d.width - 50 && saved.x! + 50 > d.x && saved.y! >= d.y && saved.y! < d.y + d.height - 50,
    )
    if (!visible) return { width: saved.width, height: saved.height, maximized: saved.maximized }
  }
  return saved
}

export function saveWindowState(dataDir: string, state: WindowState): void {
  saveJsonFile(join(dataDir, 'window-state.json'), state, 0o644)
}
