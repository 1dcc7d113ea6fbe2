/**
 * The full-text index: one FTS5 row per plan (rowid = plan pk) holding the folded text of
 * everything staff search by. The table is contentless (`content=''`) because the text is
 * derived and the plan itself lives in `plans`; `contentless_delete=1` lets a plain DELETE
 * remove a row when the plan changes or goes away.
 *
 * Prefix indexes of one, two and three characters: search runs as the person types, so the
 * first keystroke's one-letter prefix is the most common query of all; without its own index
 * FTS5 merges the lists of every word starting with that letter (at 100,000 plans 16–25 ms for
 * a count alone, 6–8 ms with it). Migration 006 rebuilt older caches' index this way.
 */
import type { Database } from 'better-sqlite3'
import { foldText, tokens } from './fold'

export const FTS_TABLE_SQL = `CREATE VIRTUAL TABLE plans_fts USING fts5(
  body,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
)`

/** Folded index text from the searchable values of a plan (nulls skipped, order irrelevant). */
export function indexText(values: Array<string | number | null | undefined>): string {
  return foldText(values.filter((v) => v !== null && v !== undefined && v !== '').join(' '))
}

/**
 * A MATCH expression for what a person typed: every token must occur, each as a prefix
 * (`"isik"*`). Tokens are quoted so FTS5 operators typed by the person (AND, NEAR, -, ")
 * are taken literally. Returns null when nothing searchable is left.
 */
export function matchExpression(text: string): string | null {
  const toks = tokens(text).slice(0, 16)
  if (toks.length === 0) return null
  return toks.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ')
}

export class FtsIndex {
  private readonly del
  private readonly ins

  constructor(db: Database) {
    this.del = db.prepare('DELETE FROM plans_fts WHERE rowid = ?')
    this.ins = db.prepare('INSERT INTO plans_fts (rowid, body) VALUES (?, ?)')
  }

  /** Call inside the caller's transaction. */
  put(pk: number, body: string): void {
    this.del.run(pk)
    this.ins.run(pk, body)
  }

  remove(pk: number): void {
    this.del.run(pk)
  }
}
