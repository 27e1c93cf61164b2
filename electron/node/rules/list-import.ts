import type { ListImportPreview, TermEntry } from '../../../shared/ipc/views';
import type { ListFile } from './list-files';
import { sameEntry, sortEntries } from './list-terms';

export type ImportMode = 'merge' | 'replace';

/**
 * What importing `file` into a list holding `current` makes, and the preview
 * of it. `replace`: the list becomes exactly the file, notes and states
 * included. `merge`: the file's terms are added; a term the list has keeps
 * its note unless the file gives one, and its state unless the file states
 * one (a 状态 column or a `# [停用]` line), so a plain word list never
 * switches a term back on or wipes its note.
 */
export function planImport(current: readonly TermEntry[], file: ListFile, mode: ImportMode): { preview: ListImportPreview; next: TermEntry[] } {
  const have = new Map(current.map((e) => [e.term, e]));
  const next = new Map(mode === 'merge' ? have : []);
  const added: TermEntry[] = [];
  const changed: TermEntry[] = [];
  let unchanged = 0;
  for (const e of file.entries) {
    const was = have.get(e.term);
    const entry: TermEntry =
      mode === 'replace' || !was
        ? { term: e.term, note: e.note, disabled: e.disabled }
        : { term: e.term, note: e.note || was.note, disabled: e.statusGiven ? e.disabled : was.disabled };
    next.set(e.term, entry);
    if (!was) added.push(entry);
    else if (sameEntry(was, entry)) unchanged++;
    else changed.push(entry);
  }
  const inFile = new Set(file.entries.map((e) => e.term));
  const missing = current.filter((e) => !inFile.has(e.term)).map((e) => e.term);
  return {
    preview: { encoding: file.encoding, read: file.entries.length, added, missing, changed, unchanged, duplicates: file.duplicates, invalid: file.invalid },
    next: sortEntries(next.values()),
  };
}
