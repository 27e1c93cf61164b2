import type { Finding, FindingType } from '../../shared/rules/finding';
import type { LabelledSpan, Slice } from './markup';

/**
 * Span matching. Per document and per type, predicted and gold spans are
 * paired one-to-one, largest overlap first; a pair is a true positive when the
 * spans overlap by at least one character (exact when start and end agree).
 * Unpaired findings are false positives unless they overlap a tolerated span
 * of their type; unpaired gold spans are false negatives.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Event {
  kind: 'tp' | 'fp' | 'fn';
  type: FindingType;
  slice?: Slice | undefined;
  exact?: boolean;
  score?: number;
  /** The finding's text (tp, fp) or the gold text (fn). */
  text: string;
  gold?: string;
  /** A few characters around the span, for the examples. */
  context: string;
  /** Other types reported over a missed gold span, or gold types under a false positive. */
  crossTypes?: string[];
  doc: string;
}

export type Pred = Pick<Finding, 'type' | 'start' | 'end' | 'score' | 'text'>;

const overlap = (a: Span, b: Span) => Math.min(a.end, b.end) - Math.max(a.start, b.start);

export function contextOf(text: string, s: Span, width = 14): string {
  const pre = text.slice(Math.max(0, s.start - width), s.start);
  const post = text.slice(s.end, s.end + width);
  return `${pre}【${text.slice(s.start, s.end)}】${post}`.replace(/\s+/g, ' ');
}

/**
 * Matches one document. `minScore` drops findings below it before matching
 * (the "at score >= 0.7" variant).
 */
export function matchDoc(doc: string, text: string, spans: readonly LabelledSpan[], preds: readonly Pred[], minScore = 0): Event[] {
  const events: Event[] = [];
  const kept = preds.filter((p) => p.score >= minScore);
  const types = new Set<FindingType>([...spans.filter((s) => !s.tolerated).map((s) => s.type), ...kept.map((p) => p.type)]);
  for (const type of types) {
    const gold = spans.filter((s) => s.type === type && !s.tolerated);
    const tolerated = spans.filter((s) => s.type === type && s.tolerated);
    const mine = kept.filter((p) => p.type === type);
    const pairs: [number, number, number][] = [];
    for (let i = 0; i < mine.length; i++)
      for (let j = 0; j < gold.length; j++) {
        const o = overlap(mine[i]!, gold[j]!);
        if (o > 0) pairs.push([o, i, j]);
      }
    pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
    const predUsed = new Set<number>();
    const goldUsed = new Set<number>();
    for (const [, i, j] of pairs) {
      if (predUsed.has(i) || goldUsed.has(j)) continue;
      predUsed.add(i);
      goldUsed.add(j);
      const p = mine[i]!;
      const g = gold[j]!;
      events.push({
        kind: 'tp',
        type,
        slice: g.slice,
        exact: p.start === g.start && p.end === g.end,
        score: p.score,
        text: p.text,
        gold: g.text,
        context: contextOf(text, g),
        doc,
      });
    }
    mine.forEach((p, i) => {
      if (predUsed.has(i)) return;
      if (tolerated.some((t) => overlap(p, t) > 0)) return;
      const under = spans.filter((s) => s.type !== type && !s.tolerated && overlap(p, s) > 0).map((s) => s.type);
      events.push({
        kind: 'fp',
        type,
        score: p.score,
        text: p.text,
        context: contextOf(text, p),
        doc,
        ...(under.length ? { crossTypes: [...new Set(under)] } : {}),
      });
    });
    gold.forEach((g, j) => {
      if (goldUsed.has(j)) return;
      const over = kept.filter((p) => p.type !== type && overlap(p, g) > 0).map((p) => p.type);
      events.push({
        kind: 'fn',
        type,
        slice: g.slice,
        text: g.text,
        gold: g.text,
        context: contextOf(text, g),
        doc,
        ...(over.length ? { crossTypes: [...new Set(over)] } : {}),
      });
    });
  }
  return events;
}

export interface Counts {
  support: number;
  predicted: number;
  tp: number;
  fp: number;
  fn: number;
  exact: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Exact-span share of the true positives. */
  exactRate: number | null;
}

export function count(events: readonly Event[]): Counts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let exact = 0;
  for (const e of events) {
    if (e.kind === 'tp') {
      tp++;
      if (e.exact) exact++;
    } else if (e.kind === 'fp') fp++;
    else fn++;
  }
  return finish(tp, fp, fn, exact);
}

export function finish(tp: number, fp: number, fn: number, exact: number): Counts {
  const precision = tp + fp > 0 ? tp / (tp + fp) : null;
  const recall = tp + fn > 0 ? tp / (tp + fn) : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : precision === 0 || recall === 0 ? 0 : null;
  return { support: tp + fn, predicted: tp + fp, tp, fp, fn, exact, precision, recall, f1, exactRate: tp > 0 ? exact / tp : null };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return finish(a.tp + b.tp, a.fp + b.fp, a.fn + b.fn, a.exact + b.exact);
}
