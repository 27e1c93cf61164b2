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
/** Maximum length of a term's note. */
export const MAX_NOTE_LENGTH = 500;
/** Marks a term that stays in the list but is not matched. */
export const DISABLED_MARK = '[停用]';

/** One line of a list file read as a term, its note and whether it is switched off. */
export interface TermLine {
  term: string;
  note: string;
  disabled: boolean;
}

/**
 * The one-term-per-line format, shared by list files in the data folder, the
 * CLI's `--list` and list export: `term`, `term  # note` (a `#` after
 * whitespace starts the note) and `# [停用] term` for a term that is kept but
 * not matched (a comment to any other reader, so it is never matched by
 * mistake). Other `#` lines are comments; blank lines are skipped. Returns
 * `too_long` for a line that cannot hold a term and a note, before any work
 * proportional to it beyond one scan.
 */
export function parseTermLine(raw: string): TermLine | 'too_long' | null {
  if (raw.length > MAX_TERM_LENGTH + MAX_NOTE_LENGTH + 64) return 'too_long';
  let line = raw.trim();
  if (line === '') return null;
  let disabled = false;
  if (line.startsWith('#') || line.startsWith(DISABLED_MARK)) {
    const rest = line.startsWith('#') ? line.slice(1).trimStart() : line;
    if (!rest.startsWith(DISABLED_MARK)) return null;
    disabled = true;
    line = rest.slice(DISABLED_MARK.length).trim();
  }
  let cut = -1;
  for (let i = line.indexOf('#'); i > 0; i = line.indexOf('#', i + 1)) {
    if (/\s/.test(line[i - 1]!)) {
      cut = i;
      break;
    }
  }
  const term = (cut < 0 ? line : line.slice(0, cut)).trim();
  if (term === '') return null;
  return { term, note: cut < 0 ? '' : line.slice(cut + 1).trim(), disabled };
}

/** The line {@link parseTermLine} reads back; `commentDisabled` writes `# [停用] …` as files do. */
export function formatTermLine(e: TermLine, commentDisabled = false): string {
  const body = e.note ? `${e.term}  # ${e.note}` : e.term;
  if (!e.disabled) return body;
  return `${commentDisabled ? '# ' : ''}${DISABLED_MARK} ${body}`;
}

export interface ParsedTerms {
  terms: string[];
  /** 1-based line numbers that were skipped, with the reason key. */
  skipped: { line: number; reason: 'too_long' | 'duplicate' }[];
}

/**
 * The enabled terms of a list file: any line ending (CRLF, LF, CR), a leading
 * BOM, blank lines, comments, notes and disabled terms are left out;
 * duplicates are reported once.
 */
export function parseTermLines(content: string): ParsedTerms {
  const terms: string[] = [];
  const skipped: ParsedTerms['skipped'] = [];
  const seen = new Set<string>();
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const parsed = parseTermLine(raw);
    if (parsed === null || (parsed !== 'too_long' && parsed.disabled)) return;
    if (parsed === 'too_long' || parsed.term.length > MAX_TERM_LENGTH) skipped.push({ line: i + 1, reason: 'too_long' });
    else if (seen.has(parsed.term)) skipped.push({ line: i + 1, reason: 'duplicate' });
    else {
      seen.add(parsed.term);
      terms.push(parsed.term);
    }
  });
  return { terms, skipped };
}
