import type { ReadableDB, ReadStatement } from './connection'

/**
 * A mark that changes whenever the cache does, for answers kept until then: PRAGMA data_version
 * changes with other connections' commits (the CLI, another window's sync), total_changes()
 * with this connection's own writes. Reading both costs a few microseconds.
 */
export class CacheVersion {
  private readonly dataVersion: ReadStatement<[], number>
  private readonly changes: ReadStatement<[], number>

  constructor(db: ReadableDB) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck()
    this.changes = db.prepare<[], number>('SELECT total_changes()').pluck()
  }

  now(): string {
    return `${this.dataVersion.get()}:${this.changes.get()}`
  }
}
