/**
 * Text folding for search, done in JS for both the indexed text and the query so the two can
 * never disagree (SQLite's unicode61 tokenizer lower-cases and strips most diacritics, but it
 * maps Turkish dotless ı and dotted İ differently from what Turkish readers expect).
 *
 * Rules: every Turkish i (I, ı, İ, i) becomes `i`; ş ğ ü ö ç (either case) lose their marks;
 * then any other combining mark is stripped and the text is lower-cased. So `ışık`, `IŞIK`,
 * `Işık` and `isik` all fold to `isik`, and `İade`/`iade` to `iade`.
 */
const TURKISH: Record<string, string> = {
  I: 'i',
  ı: 'i',
  İ: 'i',
  Ş: 's',
  ş: 's',
  Ğ: 'g',
  ğ: 'g',
  Ü: 'u',
  ü: 'u',
  Ö: 'o',
  ö: 'o',
  Ç: 'c',
  ç: 'c',
}

export function foldText(input: string): string {
  return input
    .replace(/[IıİŞşĞğÜüÖöÇç]/g, (c) => TURKISH[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

/** Splits folded text the way FTS5's unicode61 tokenizer does (letters and digits). */
export function tokens(input: string): string[] {
  return foldText(input)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
}
