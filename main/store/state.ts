/**
 * Small key → JSON values: sync cursor, last runs, an interrupted full sync's progress,
 * statuses and learnt channel types.
 */
import type { Statement } from 'better-sqlite3'
import type { WritableDB } from './connection'
import type { StatusLabel } from '../../preload/contract'
import { PLAN_STATUSES } from '../domain'
import type { SyncStateKey } from './types'

export class StateRepo {
  private readonly sel: Statement<[string], { value: string }>
  private readonly put: Statement<[string, string]>
  private readonly del: Statement<[string]>

  constructor(private readonly db: WritableDB) {
    this.sel = db.prepare('SELECT value FROM sync_state WHERE key = ?')
    this.put = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    this.del = db.prepare('DELETE FROM sync_state WHERE key = ?')
  }

  get<T>(key: SyncStateKey): T | null {
    const row = this.sel.get(key)
    if (!row) return null
    try {
      return JSON.parse(row.value) as T
    } catch {
      return null
    }
  }

  set(key: SyncStateKey, value: unknown): void {
    if (value === null || value === undefined) this.del.run(key)
    else this.put.run(key, JSON.stringify(value))
  }

  /** A new id for a sync run (used to mark which plans a run saw). */
  nextRunId(): number {
    return this.db.transaction(() => {
      const n = (this.get<number>('runCounter') ?? 0) + 1
      this.set('runCounter', n)
      return n
    }).immediate()
  }
}

/** "waiting_for_payment" → "Waiting for payment": the label when the server never sent one. */
export function defaultLabel(key: string): string {
  const words = key.replace(/_/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

export class StatusRepo {
  constructor(private readonly db: WritableDB) {}

  /**
   * Replaces the list in one transaction, keeping the server's order. Every sync sends the list;
   * when it is the one stored, nothing is written (a write is a commit, and a commit an fsync).
   */
  replace(list: ReadonlyArray<StatusLabel>): void {
    const stored = this.db.prepare('SELECT key, label FROM statuses ORDER BY position').all() as StatusLabel[]
    if (stored.length === list.length && stored.every((s, i) => s.key === list[i].key && s.label === list[i].label)) return
    const ins = this.db.prepare('INSERT INTO statuses (key, label, position) VALUES (?, ?, ?)')
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM statuses').run()
      list.forEach((s, i) => ins.run(s.key, s.label, i))
    }).immediate()
  }

  /** The server's statuses; before the first sync, the documented ones with plain labels. */
  list(): StatusLabel[] {
    const rows = this.db.prepare('SELECT key, label FROM statuses ORDER BY position').all() as StatusLabel[]
    if (rows.length > 0) return rows
    return PLAN_STATUSES.map((key) => ({ key, label: defaultLabel(key) }))
  }
}

export class ChannelRepo {
  constructor(private readonly db: WritableDB) {}

  /**
   * Channel ids used by cached plans whose type is not known (or not yet looked up). Every sync
   * asks, so the distinct ids are found by seeking idx_plans_channel_id from one id to the next
   * (a few dozen index seeks) instead of reading all of its entries (about 11 ms at 100,000 plans).
   */
  unknownIds(includeUnresolved: boolean): number[] {
    // Looked up before (type or "none matched") is known, unless unresolved ids are asked again.
    const known = includeUnresolved ? ' AND c.type IS NOT NULL' : ''
    const sql = `WITH RECURSIVE used(id) AS (
        SELECT min(channel_id) FROM plans
        UNION ALL
        SELECT (SELECT min(channel_id) FROM plans WHERE channel_id > used.id) FROM used WHERE used.id IS NOT NULL
      )
      SELECT id FROM used
      WHERE id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM channels c WHERE c.id = used.id${known})
      ORDER BY id`
    return (this.db.prepare(sql).all() as Array<{ id: number }>).map((r) => r.id)
  }

  /** Records a lookup; `type` null means "asked, no ChannelType matched". */
  set(id: number, type: string | null, now: string = new Date().toISOString()): void {
    this.db
      .prepare('INSERT INTO channels (id, type, checked_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET type = excluded.type, checked_at = excluded.checked_at')
      .run(id, type, now)
  }

  all(): Array<{ id: number; type: string | null }> {
    return this.db.prepare('SELECT id, type FROM channels ORDER BY id').all() as Array<{ id: number; type: string | null }>
  }
}
