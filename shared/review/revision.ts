import { partitionPoint } from '../document/model';
import type { Finding } from '../rules/finding';
import type { Decision } from './decisions';
import type { ManualRedaction } from './redaction';

/**
 * A stretch of an old text and its revision: equal (`same`, both ranges
 * hold the same characters), or old [a, aEnd) replaced by new [b, bEnd),
 * either of which may be empty. Stretches are in order and cover both texts.
 */
export interface Stretch {
  a: number;
  aEnd: number;
  b: number;
  bEnd: number;
  same: boolean;
}

/** A range of the new text that the old one did not have as it is. */
export interface RevisionChange {
  start: number;
  end: number;
  /** `inserted`: nothing stood there before; `changed`: it replaces old text. */
  kind: 'inserted' | 'changed';
}

/** Old text that is gone, anchored at the offset of the new text where it stood. */
export interface RevisionDeletion {
  at: number;
  text: string;
}

/** A decision of the old review taken over for a finding of the new one. */
export interface CarriedDecision {
  /** The new finding's id. */
  id: string;
  /** The old finding's id (its offsets are those of the old text). */
  from: string;
  decision: Decision;
  reason: string | null;
}

export interface RevisionPlan {
  changes: RevisionChange[];
  deleted: RevisionDeletion[];
  carried: CarriedDecision[];
  /** Findings of the new text the reviewer decides: every one without a carried decision. */
  fresh: string[];
  /** Manual redactions of the old review lying wholly in unchanged text, at their new places. */
  manual: ManualRedaction[];
  counts: {
    carried: number;
    /** Fresh findings in unchanged text (found anew, or undecided before). */
    new: number;
    /** Fresh findings touching inserted or changed text. */
    changed: number;
    /** Old decisions not carried (their text changed or went, or the new scan does not find them again). */
    dropped: number;
    manualCarried: number;
    manualDropped: number;
  };
}

/** Ends `stretches` that stopped short (a diff cut off) with one changed stretch over the rest of both texts. */
export function coverRest(stretches: readonly Stretch[], aLength: number, bLength: number): Stretch[] {
  const last = stretches.at(-1);
  const a = last?.aEnd ?? 0;
  const b = last?.bEnd ?? 0;
  if (a === aLength && b === bLength) return [...stretches];
  if (last && !last.same) return [...stretches.slice(0, -1), { ...last, aEnd: aLength, bEnd: bLength }];
  return [...stretches, { a, aEnd: aLength, b, bEnd: bLength, same: false }];
}

/** Where the old span [start, end) stands in the new text, when it lies wholly in one equal stretch; else null. */
export function mapSpan(stretches: readonly Stretch[], start: number, end: number): { start: number; end: number } | null {
  const s = stretches[partitionPoint(stretches.length, (i) => stretches[i]!.aEnd > start)];
  if (!s || !s.same || start < s.a || end > s.aEnd) return null;
  return { start: start - s.a + s.b, end: end - s.a + s.b };
}

/** The inserted and changed ranges of the new text, and the old text removed. */
export function revisionChanges(stretches: readonly Stretch[], oldText: string): { changes: RevisionChange[]; deleted: RevisionDeletion[] } {
  const changes: RevisionChange[] = [];
  const deleted: RevisionDeletion[] = [];
  for (const s of stretches) {
    if (s.same) continue;
    if (s.bEnd > s.b) changes.push({ start: s.b, end: s.bEnd, kind: s.aEnd > s.a ? 'changed' : 'inserted' });
    if (s.aEnd > s.a) deleted.push({ at: s.b, text: oldText.slice(s.a, s.aEnd) });
  }
  return { changes, deleted };
}

/** Whether [start, end) overlaps one of the sorted, disjoint `changes`. */
function touchesChange(changes: readonly RevisionChange[], start: number, end: number): boolean {
  const c = changes[partitionPoint(changes.length, (i) => changes[i]!.end > start)];
  return c !== undefined && c.start < end;
}

export interface RevisionInput {
  stretches: readonly Stretch[];
  oldText: string;
  oldFindings: readonly Finding[];
  decisions: ReadonlyMap<string, { decision: Decision; reason: string | null }>;
  newFindings: readonly Finding[];
  manual: readonly ManualRedaction[];
}

/**
 * What a revision keeps of the old review. A decision is carried when the
 * old finding lies in unchanged text and the new scan finds the same type
 * and text at the mapped place (so its context, which the scan weighs, did
 * not make it another finding); everything else is for the reviewer.
 */
export function planRevision({ stretches, oldText, oldFindings, decisions, newFindings, manual }: RevisionInput): RevisionPlan {
  const { changes, deleted } = revisionChanges(stretches, oldText);
  const key = (f: Pick<Finding, 'type' | 'start' | 'end'>) => `${f.type}\u0000${f.start}\u0000${f.end}`;
  const found = new Map(newFindings.map((f) => [key(f), f]));
  const carried: CarriedDecision[] = [];
  for (const old of oldFindings) {
    const d = decisions.get(old.id);
    const at = d ? mapSpan(stretches, old.start, old.end) : null;
    const again = at && found.get(key({ type: old.type, ...at }));
    if (d && again && again.text === old.text) carried.push({ id: again.id, from: old.id, decision: d.decision, reason: d.reason });
  }
  const isCarried = new Set(carried.map((c) => c.id));
  const fresh = newFindings.filter((f) => !isCarried.has(f.id));
  const touched = fresh.filter((f) => touchesChange(changes, f.start, f.end)).length;
  const kept = manual.flatMap((m) => {
    const at = mapSpan(stretches, m.start, m.end);
    return at ? [{ ...at, reason: m.reason, basis: m.basis }] : [];
  });
  return {
    changes,
    deleted,
    carried,
    fresh: fresh.map((f) => f.id),
    manual: kept,
    counts: {
      carried: carried.length,
      new: fresh.length - touched,
      changed: touched,
      dropped: oldFindings.filter((f) => decisions.has(f.id)).length - carried.length,
      manualCarried: kept.length,
      manualDropped: manual.length - kept.length,
    },
  };
}
