import type { Category } from './finding';

/** A user list of terms (负面清单) with the metadata every hit reports. */
export interface TermList {
  name: string;
  version: string;
  category: Category;
  basis: string;
  terms: string[];
}

/** Maximum length of one term; longer lines are not terms but pasted text. */
export const MAX_TERM_LENGTH = 200;

export interface ParsedTerms {
  terms: string[];
  /** 1-based line numbers that were skipped, with the reason key. */
  skipped: { line: number; reason: 'too_long' | 'duplicate' }[];
}

/**
 * Parses a one-term-per-line list: any line ending (CRLF, LF, CR), a leading
 * BOM, blank lines and `#` comments are ignored; duplicates are reported once.
 */
export function parseTermLines(content: string): ParsedTerms {
  const terms: string[] = [];
  const skipped: ParsedTerms['skipped'] = [];
  const seen = new Set<string>();
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const term = raw.trim();
    if (term === '' || term.startsWith('#')) return;
    if (term.length > MAX_TERM_LENGTH) skipped.push({ line: i + 1, reason: 'too_long' });
    else if (seen.has(term)) skipped.push({ line: i + 1, reason: 'duplicate' });
    else {
      seen.add(term);
      terms.push(term);
    }
  });
  return { terms, skipped };
}
