import { partitionPoint } from '../../../shared/document/model';
import type { FindingView, ManualRedactionView, RevisionView } from '../../../shared/ipc/views';

/** A search hit in the document text. */
export interface Hit {
  start: number;
  end: number;
}

/** A range of a revised draft that the earlier draft did not have as it is. */
export type ChangeMark = Pick<RevisionView['changes'][number], 'start' | 'end' | 'kind'>;
/** Text of the earlier draft removed at this offset. */
export type DeletionMark = Pick<RevisionView['deleted'][number], 'at' | 'text'>;

/** What the document view paints over the text: findings, manual redactions, search hits and a revision's changes, each a range of `ReviewView.text`. */
export interface Marks {
  findings: readonly FindingView[];
  manual: readonly ManualRedactionView[];
  hits: readonly Hit[];
  /** Sorted and disjoint (a revision's changes). */
  changes?: readonly ChangeMark[];
  /** Sorted by offset. */
  deleted?: readonly DeletionMark[];
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
  change: ChangeMark['kind'] | null;
  /** Text of the earlier draft removed just before this piece, or null. */
  deleted: string | null;
}

type Ranged = { start: number; end: number };

/** Items of a list sorted by start that overlap [from, to): binary search for the first, then a scan. */
function overlapping<T extends Ranged>(sorted: readonly T[], from: number, to: number, maxLength: number): T[] {
  // The first item that could reach `from`: starts at or after from - maxLength.
  const out: T[] = [];
  for (let i = partitionPoint(sorted.length, (j) => sorted[j]!.start >= from - maxLength); i < sorted.length && sorted[i]!.start < to; i++) if (sorted[i]!.end > from) out.push(sorted[i]!);
  return out;
}

/** Ranges of a sorted, disjoint list that overlap [from, to): the first by its end, then a scan. */
function overlappingDisjoint<T extends Ranged>(sorted: readonly T[], from: number, to: number): T[] {
  const out: T[] = [];
  for (let i = partitionPoint(sorted.length, (j) => sorted[j]!.end > from); i < sorted.length && sorted[i]!.start < to; i++) out.push(sorted[i]!);
  return out;
}

/** Marks sorted once per change, with the longest span of each kind, for fast range queries. */
export class MarkIndex {
  private readonly findings: FindingView[];
  private readonly manual: ManualRedactionView[];
  private readonly hits: (Hit & { i: number })[];
  private readonly changes: readonly ChangeMark[];
  /** Deletions as empty ranges, so that they are found like the rest. */
  private readonly deleted: (DeletionMark & Ranged)[];
  private readonly longest: number;
  constructor(readonly marks: Marks) {
    const byStart = (a: Ranged, b: Ranged) => a.start - b.start;
    this.findings = [...marks.findings].sort(byStart);
    this.manual = [...marks.manual].sort(byStart);
    this.hits = marks.hits.map((h, i) => ({ ...h, i })); // search hits come in order
    this.changes = marks.changes ?? [];
    this.deleted = (marks.deleted ?? []).map((d) => ({ ...d, start: d.at, end: d.at + 1 }));
    // A loop, not Math.max(...spread): 100,000 findings would exceed the engine's argument limit.
    let longest = 0;
    for (const r of [this.findings, this.manual, marks.hits]) for (const m of r) longest = Math.max(longest, m.end - m.start);
    this.longest = longest;
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
    for (const c of overlappingDisjoint(this.changes, from, to)) sig += `c${c.start},${c.end},${c.kind};`;
    for (const d of overlapping(this.deleted, from, to, 1)) sig += `d${d.at};`;
    return sig;
  }

  /** Cuts [from, to) at every mark boundary; a stretch under several findings shows the first. */
  pieces(from: number, to: number): Piece[] {
    const findings = overlapping(this.findings, from, to, this.longest);
    const manual = overlapping(this.manual, from, to, this.longest);
    const hits = overlapping(this.hits, from, to, this.longest);
    const changes = overlappingDisjoint(this.changes, from, to);
    const deleted = overlapping(this.deleted, from, to, 1);
    const cuts = new Set<number>([from, to]);
    for (const r of [...findings, ...manual, ...hits, ...changes]) {
      if (r.start > from && r.start < to) cuts.add(r.start);
      if (r.end > from && r.end < to) cuts.add(r.end);
    }
    for (const d of deleted) if (d.at > from) cuts.add(d.at);
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
        change: changes.find(within)?.kind ?? null,
        deleted: deleted.filter((d) => d.at === start).map((d) => d.text).join('') || null,
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

