import { canonicalJson } from '../../../shared/log/entry';
import type { ListKind, TermEntry } from '../../../shared/ipc/views';
import { DISABLED_MARK, MAX_NOTE_LENGTH, MAX_TERM_LENGTH } from '../../../shared/rules/term-list';
import { allowPatternProblem } from '../review/term-lists';
import { sha256Hex } from '../storage/blob-store';

// C0 and C1 controls, DEL, line/paragraph separators, and lone surrogates (which no file or XML can hold).
// eslint-disable-next-line no-control-regex
const BAD_CHAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BAD_CHARS = new RegExp(BAD_CHAR.source, 'g');

/**
 * Why `term` (already trimmed) cannot be a term of a `kind` list, or null.
 * Besides length and control characters, a term may not read differently
 * when written back as a line of a list file: `#` at its start is a comment
 * and whitespace before `#` starts a note.
 */
export function termProblem(kind: ListKind, term: string): string | null {
  if (term.length === 0) return '词条为空';
  if (term.length > MAX_TERM_LENGTH) return `超过 ${MAX_TERM_LENGTH} 个字符`;
  if (BAD_CHAR.test(term)) return '含控制字符或无效字符';
  if (term.includes('\ufffd')) return '含无法识别的字符（文件编码可能有误）';
  if (term.startsWith('#') || term.startsWith(DISABLED_MARK)) return `不能以“#”或“${DISABLED_MARK}”开头`;
  if (/\s#/.test(term)) return '空白后不能接“#”（在清单文件中表示备注）';
  if (kind === 'allow' && term.startsWith('re:')) return allowPatternProblem(term.slice(3).trim());
  return null;
}

/** A note as stored: one line, at most {@link MAX_NOTE_LENGTH} characters. */
export function cleanNote(note: string): string {
  return note.replace(BAD_CHARS, ' ').trim().slice(0, MAX_NOTE_LENGTH);
}

/** A short, printable excerpt of a refused line for the import preview. */
export function excerpt(text: string, max = 40): string {
  const head = text.slice(0, max).replace(BAD_CHARS, '\ufffd');
  return text.length > max ? `${head}…` : head;
}

/** Terms in their stored order: by UTF-16 code units, so that the set's hash never depends on a locale. */
export function sortEntries(entries: Iterable<TermEntry>): TermEntry[] {
  return [...entries].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
}

/** A term set as stored (`term_sets`): canonical JSON of the sorted entries, named by its SHA-256. */
export function termSet(entries: Iterable<TermEntry>): { json: string; sha256: string; entries: TermEntry[] } {
  const sorted = sortEntries(entries).map((e) => ({ term: e.term, note: e.note, disabled: e.disabled }));
  const json = canonicalJson(sorted);
  return { json, sha256: sha256Hex(json), entries: sorted };
}

export function sameEntry(a: TermEntry, b: TermEntry): boolean {
  return a.term === b.term && a.note === b.note && a.disabled === b.disabled;
}

/** Terms added, removed and changed (note or state) from `before` to `after`. */
export function countChanges(before: readonly TermEntry[], after: readonly TermEntry[]): { added: number; removed: number; changed: number } {
  const old = new Map(before.map((e) => [e.term, e]));
  let added = 0;
  let changed = 0;
  for (const e of after) {
    const was = old.get(e.term);
    if (!was) added++;
    else if (!sameEntry(was, e)) changed++;
    old.delete(e.term);
  }
  return { added, removed: old.size, changed };
}
