import type { FindingView, ManualRedactionView } from '../../../shared/ipc/views';

/** A search hit in the document text. */
export interface Hit {
  start: number;
  end: number;
}

/** What the document view paints over the text: findings, manual redactions and search hits, each a range of `ReviewView.text`. */
export interface Marks {
  findings: readonly FindingView[];
  manual: readonly ManualRedactionView[];
  hits: readonly Hit[];
  selected: string | null;
  /** Index in `hits` of the current hit. */
  currentHit: number;
}

export const NO_MARKS: Marks = { findings: [], manual: [], hits: [], selected: null, currentHit: -1 };

/** A stretch of text under one combination of marks. */
export interface Piece {
  start: number;
  end: number;
  finding: FindingView | null;
  manual: ManualRedactionView | null;
  /** Index of the search hit over it, or -1. */
  hit: number;
}

type Ranged = { start: number; end: number };

/** Items of a list sorted by start that overlap [from, to): binary search for the first, then a scan. */
function overlapping<T extends Ranged>(sorted: readonly T[], from: number, to: number, maxLength: number): T[] {
  let lo = 0;
  let hi = sorted.length;
  // The first item that could reach `from`: starts at or after from - maxLength.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < from - maxLength) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.start < to; i++) if (sorted[i]!.end > from) out.push(sorted[i]!);
  return out;
}

/** Marks sorted once per change, with the longest span of each kind, for fast range queries. */
export class MarkIndex {
  private readonly findings: FindingView[];
  private readonly manual: ManualRedactionView[];
  private readonly hits: (Hit & { i: number })[];
  private readonly longest: number;
  constructor(readonly marks: Marks) {
    const byStart = (a: Ranged, b: Ranged) => a.start - b.start;
    this.findings = [...marks.findings].sort(byStart);
    this.manual = [...marks.manual].sort(byStart);
    this.hits = marks.hits.map((h, i) => ({ ...h, i })); // search hits come in order
    this.longest = Math.max(0, ...[...this.findings, ...this.manual, ...marks.hits].map((r) => r.end - r.start));
  }

  /**
   * What the marks over [from, to) look like, as a string: equal strings
   * draw the same, so a view redraws a range only when its string changes.
   */
  signature(from: number, to: number): string {
    const { selected, currentHit } = this.marks;
    let sig = '';
    for (const f of overlapping(this.findings, from, to, this.longest)) sig += `f${f.start},${f.end},${f.decision ?? ''}${f.id === selected ? '*' : ''};`;
    for (const m of overlapping(this.manual, from, to, this.longest)) sig += `m${m.id},${m.start},${m.end};`;
    for (const h of overlapping(this.hits, from, to, this.longest)) sig += `h${h.start},${h.end}${h.i === currentHit ? '*' : ''};`;
    return sig;
  }

  /** Cuts [from, to) at every mark boundary; a stretch under several findings shows the first. */
  pieces(from: number, to: number): Piece[] {
    const findings = overlapping(this.findings, from, to, this.longest);
    const manual = overlapping(this.manual, from, to, this.longest);
    const hits = overlapping(this.hits, from, to, this.longest);
    const cuts = new Set<number>([from, to]);
    for (const r of [...findings, ...manual, ...hits]) {
      if (r.start > from && r.start < to) cuts.add(r.start);
      if (r.end > from && r.end < to) cuts.add(r.end);
    }
    const sorted = [...cuts].sort((a, b) => a - b);
    const out: Piece[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const start = sorted[i]!;
      const end = sorted[i + 1]!;
      const within = (r: Ranged) => r.start <= start && end <= r.end;
      out.push({
        start,
        end,
        finding: findings.find(within) ?? null,
        manual: manual.find(within) ?? null,
        hit: hits.find(within)?.i ?? -1,
      });
    }
    return out;
  }
}

/** Every occurrence of `query` in `text` (case-insensitive), or of a regular expression; at most `limit`. */
export function findAll(text: string, query: string, regex: boolean, limit = 10_000): Hit[] | { error: string } {
  if (!query) return [];
  let re: RegExp;
  try {
    re = new RegExp(regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const out: Hit[] = [];
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    out.push({ start: m.index, end: m.index + m[0].length });
    if (out.length >= limit) break;
  }
  return out;
}

