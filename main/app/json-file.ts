import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { z } from 'zod'
import { processRuns } from '../store/lease'

export interface LoadedJson<T> {
  value: T | null
  /** Set when the file existed but was unreadable; it was moved aside to this path. */
  movedAsideTo?: string
}

/**
 * Reads a small JSON file checked by a schema. A damaged file is never deleted: it is renamed
 * to `<name>.broken-<time>` so nothing is lost, and the caller tells the person.
 */
export function loadJsonFile<S extends z.ZodType>(path: string, schema: S): LoadedJson<z.output<S>> {
  removeStaleTemps(path)
  if (!existsSync(path)) return { value: null }
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return { value: null, movedAsideTo: moveAside(path) }
  }
  const checked = schema.safeParse(parsed)
  if (!checked.success) return { value: null, movedAsideTo: moveAside(path) }
  return { value: checked.data }
}

function moveAside(path: string): string {
  const target = `${path}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`
  renameSync(path, target)
  return target
}

/**
 * Writes atomically (temp file + rename) so a crash never leaves half a file; a write that fails
 * (a full disk) removes its temp file and leaves the old file as it was.
 */
export function saveJsonFile(path: string, value: unknown, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const tmp = `${path}.tmp-${process.pid}`
  try {
    writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode })
    chmodSync(tmp, mode)
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}

/**
 * Temp files of saves that a killed process left behind (`<name>.tmp-<pid>`, of processes that
 * are gone): removed when the file is next read.
 */
export function removeStaleTemps(path: string): void {
  const dir = dirname(path)
  const prefix = `${basename(path)}.tmp-`
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const pid = Number(name.slice(prefix.length))
    if (!Number.isInteger(pid) || pid <= 0 || processRuns(pid)) continue
    rmSync(join(dir, name), { force: true })
  }
}
