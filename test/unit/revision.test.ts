import { describe, expect, it } from 'vitest';
import { coverRest, mapSpan, planRevision, type Stretch } from '../../shared/review/revision';
import type { Finding } from '../../shared/rules/finding';

// old: 'AAAA-BBB-CCCC' → new: 'AAAA-XX-CCCC-DD'
const STRETCHES: Stretch[] = [
  { a: 0, aEnd: 5, b: 0, bEnd: 5, same: true },
  { a: 5, aEnd: 8, b: 5, bEnd: 7, same: false },
  { a: 8, aEnd: 13, b: 7, bEnd: 12, same: true },
  { a: 13, aEnd: 13, b: 12, bEnd: 15, same: false },
];

function finding(type: Finding['type'], start: number, text: string): Finding {
  return { id: `${type}:${start}-${start + text.length}`, type, start, end: start + text.length, text } as Finding;
}

describe('revision plan', () => {
  it('maps spans of equal stretches and nothing that crosses a change', () => {
    expect(mapSpan(STRETCHES, 0, 4)).toEqual({ start: 0, end: 4 });
    expect(mapSpan(STRETCHES, 9, 13)).toEqual({ start: 8, end: 12 });
    expect(mapSpan(STRETCHES, 4, 6)).toBeNull();
    expect(mapSpan(STRETCHES, 6, 7)).toBeNull();
    expect(mapSpan([], 0, 1)).toBeNull();
  });

  it('carries a decision only for the same type and text at the mapped place', () => {
    const oldFindings = [finding('email', 0, 'AAAA'), finding('email', 5, 'BBB'), finding('mobile_phone', 9, 'CCCC')];
    const decisions = new Map([
      ['email:0-4', { decision: 'accepted' as const, reason: null }],
      ['email:5-8', { decision: 'accepted' as const, reason: null }],
      ['mobile_phone:9-13', { decision: 'rejected' as const, reason: '公开电话' }],
    ]);
    const newFindings = [finding('email', 0, 'AAAA'), finding('email', 5, 'XX'), finding('email', 8, 'CCCC'), finding('email', 12, '-DD')];
    const plan = planRevision({ stretches: STRETCHES, oldText: 'AAAA-BBB-CCCC', oldFindings, decisions, newFindings, manual: [{ start: 9, end: 11, reason: 'r', basis: 'b' }, { start: 4, end: 6, reason: 'r', basis: 'b' }] });
    expect(plan.carried).toEqual([{ id: 'email:0-4', from: 'email:0-4', decision: 'accepted', reason: null }]);
    expect(plan.fresh).toEqual(['email:5-7', 'email:8-12', 'email:12-15']);
    expect(plan.counts).toEqual({ carried: 1, new: 1, changed: 2, dropped: 2, manualCarried: 1, manualDropped: 1 });
    expect(plan.manual).toEqual([{ start: 8, end: 10, reason: 'r', basis: 'b' }]);
    expect(plan.changes).toEqual([{ start: 5, end: 7, kind: 'changed' }, { start: 12, end: 15, kind: 'inserted' }]);
    expect(plan.deleted).toEqual([{ at: 5, text: 'BBB' }]);
  });

  it('ends a diff cut short with one change over the rest', () => {
    expect(coverRest(STRETCHES.slice(0, 1), 13, 15)).toEqual([STRETCHES[0], { a: 5, aEnd: 13, b: 5, bEnd: 15, same: false }]);
    expect(coverRest(STRETCHES.slice(0, 2), 13, 15).at(-1)).toEqual({ a: 5, aEnd: 13, b: 5, bEnd: 15, same: false });
    expect(coverRest([], 3, 4)).toEqual([{ a: 0, aEnd: 3, b: 0, bEnd: 4, same: false }]);
    expect(coverRest(STRETCHES, 13, 15)).toEqual(STRETCHES);
  });
});
