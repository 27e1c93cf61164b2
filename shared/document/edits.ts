import type { ExtractedDocument } from './model';

/** A change to one segment's text: characters `from`-`to` (relative to the segment's start) become `text`. */
export interface TextEdit {
  from: number;
  to: number;
  text: string;
}

/** What replaces a span of the canonical text. */
export interface SpanReplacement {
  start: number;
  end: number;
  replacement: string;
}

/**
 * For every segment a replacement touches, the edits to make to its text,
 * so an exporter can rewrite each piece where it lives (a run, a cell, an
 * attribute). A replacement as long as its span (■ for each character) is
 * cut at the segment boundaries, so each piece keeps its own characters'
 * places; any other (`[个人信息]`, `张某`) goes whole into the first segment
 * the span touches, and the span's pieces in later segments are emptied.
 * Separators (characters the importer inserted) have no source and get no
 * edits. Replacements must be sorted and disjoint.
 */
export function segmentEdits(doc: Pick<ExtractedDocument, 'segments'>, replacements: readonly SpanReplacement[]): Map<number, TextEdit[]> {
  const out = new Map<number, TextEdit[]>();
  const segments = doc.segments;
  let first = 0;
  for (const r of replacements) {
    while (first < segments.length && segments[first]!.end <= r.start) first++;
    const sameLength = r.replacement.length === r.end - r.start;
    let placed = false;
    for (let i = first; i < segments.length && segments[i]!.start < r.end; i++) {
      const seg = segments[i]!;
      if (seg.location.kind === 'separator') continue;
      const from = Math.max(r.start, seg.start);
      const to = Math.min(r.end, seg.end);
      if (from >= to) continue;
      let text: string;
      if (sameLength) text = r.replacement.slice(from - r.start, to - r.start);
      else {
        text = placed ? '' : r.replacement;
        placed = true;
      }
      const list = out.get(i) ?? [];
      list.push({ from: from - seg.start, to: to - seg.start, text });
      out.set(i, list);
    }
  }
  return out;
}

/** `value` with the edits applied; `base` is added to every edit's offsets (the segment's offset inside `value`). Edits must be sorted and disjoint. */
export function applyEdits(value: string, edits: readonly TextEdit[], base = 0): string {
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += value.slice(pos, base + e.from) + e.text;
    pos = base + e.to;
  }
  return out + value.slice(pos);
}
