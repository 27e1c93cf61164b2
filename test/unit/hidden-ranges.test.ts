import { describe, expect, it } from 'vitest';
import { hiddenRanges } from '../../shared/document/hidden-labels';
import { hiddenSummary, type HiddenPlace, type Segment, type SourceLocation } from '../../shared/document/model';

/** Segments laid end to end from [length, location, hidden?, author?]. */
function segments(...specs: [number, SourceLocation, HiddenPlace?, string?][]): Segment[] {
  let at = 0;
  return specs.map(([n, location, hidden, author]) => {
    const seg: Segment = { start: at, end: at + n, location, ...(hidden ? { hidden } : {}), ...(author ? { author } : {}) };
    at += n;
    return seg;
  });
}

const sep: SourceLocation = { kind: 'separator' };
const para = (paragraph: number): SourceLocation => ({ kind: 'docx', part: 'word/comments.xml', paragraph, run: 0, textNode: paragraph, offset: 0 });
const cell = (ref: string): SourceLocation => ({ kind: 'xlsx', sheet: '联系方式', cell: ref, offset: 0 });

describe('hidden ranges', () => {
  it('joins the runs of one place and author, split by a visible separator or another author', () => {
    const segs = segments(
      [4, { kind: 'txt', line: 1, column: 1 }],
      [3, para(0), 'comment', '张科长'],
      [2, para(1), 'comment', '张科长'], // same comment, next run
      [1, sep], // visible: two comments in a row are two items
      [5, para(2), 'comment', '张科长'],
      [5, para(3), 'comment', '李四'],
    );
    expect(hiddenRanges({ segments: segs })).toEqual([
      { start: 4, end: 9, place: 'comment', author: '张科长', where: '批注第1段' },
      { start: 10, end: 15, place: 'comment', author: '张科长', where: '批注第3段' },
      { start: 15, end: 20, place: 'comment', author: '李四', where: '批注第4段' },
    ]);
  });

  it('carries a range over hidden separators (rows of a hidden sheet) but not over trailing ones', () => {
    const segs = segments(
      [2, cell('A1'), 'hidden_sheet'],
      [1, sep, 'hidden_sheet'],
      [11, cell('B1'), 'hidden_sheet'],
      [1, sep, 'hidden_sheet'],
      [3, { kind: 'xlsx', sheet: '公示', cell: 'A1', offset: 0 }],
    );
    expect(hiddenRanges({ segments: segs })).toEqual([{ start: 0, end: 14, place: 'hidden_sheet', author: null, where: '工作表“联系方式”A1单元格' }]);
  });

  it('counts exactly the items of the summary', () => {
    const segs = segments(
      [2, para(0), 'tracked_deletion', 'a'],
      [2, para(0), 'tracked_insertion', 'a'],
      [2, para(0), 'tracked_deletion', 'a'],
      [1, sep],
      [2, para(1), 'tracked_deletion', 'b'],
      [2, { kind: 'property', part: 'docProps/core.xml', name: 'creator', offset: 0 }, 'property'],
    );
    const counts: Record<string, number> = {};
    for (const r of hiddenRanges({ segments: segs })) counts[r.place] = (counts[r.place] ?? 0) + 1;
    expect(counts).toEqual(hiddenSummary({ segments: segs }));
    expect(counts).toEqual({ tracked_deletion: 3, tracked_insertion: 1, property: 1 });
  });
});
