import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { PageViewport } from 'pdfjs-dist';
import { alignTexts } from '../../renderer/src/document/align';
import { MarkIndex, NO_MARKS, findAll } from '../../renderer/src/document/marks';
import { spanRects, spansInBox } from '../../renderer/src/document/pdf';
import { columnName, parseRef } from '../../renderer/src/document/sheet-refs';
import { UndoStack, stepOf, undoCalls } from '../../renderer/src/undo';
import { importDocument } from '../../electron/node/importers';
import { NOTICE_TEXT, PERSON_ID, noticeDocx } from '../fixtures/samples';
import { syntheticFindings } from '../components/synthetic';

describe('aligning mammoth text nodes with the document text', () => {
  it('maps every character of the real notice body, the ID split over two runs included', async () => {
    const bytes = noticeDocx();
    const doc = importDocument('公示.docx', bytes);
    const html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
    const shown = [...html.matchAll(/>([^<]+)</g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    const runs = alignTexts(doc.text, shown);
    let mapped = 0;
    let total = 0;
    shown.forEach((s, i) => {
      total += s.length;
      for (const r of runs[i]!) {
        expect(doc.text.slice(r.start, r.start + r.length)).toBe(s.slice(r.at, r.at + r.length));
        mapped += r.length;
      }
    });
    expect(mapped).toBe(total);
    const id = doc.text.indexOf(PERSON_ID);
    expect(runs.flat().some((r) => r.start <= id && id + PERSON_ID.length <= r.start + r.length)).toBe(true);
  });

  it('leaves text the document does not have unmapped and finds its place again after it', () => {
    const text = '第一段内容。\n第二段内容。';
    const [a, b] = alignTexts(text, ['第一段内容。', '【图片】第二段内容。']);
    expect(a).toEqual([{ at: 0, start: 0, length: 6 }]);
    expect(b).toEqual([{ at: 4, start: 7, length: 6 }]);
  });
});

describe('marks over the document text', () => {
  const findings = syntheticFindings(50).map((f, i) => ({ ...f, start: i * 10, end: i * 10 + 4 }));
  it('cuts a range at every boundary, a finding, a manual span and a hit each where they lie', () => {
    const index = new MarkIndex({ ...NO_MARKS, findings, manual: [{ id: 1, start: 12, end: 16, text: '', reason: 'r', basis: 'b', location: '' }], hits: [{ start: 15, end: 21 }], selected: null, currentHit: 0 });
    const pieces = index.pieces(8, 24);
    expect(pieces.map((p) => [p.start, p.end])).toEqual([[8, 10], [10, 12], [12, 14], [14, 15], [15, 16], [16, 20], [20, 21], [21, 24]]);
    expect(pieces[1]!.finding?.start).toBe(10);
    expect(pieces[2]!.manual?.id).toBe(1);
    expect(pieces[4]!.hit).toBe(0);
    expect(pieces[7]!.finding?.start).toBe(20);
  });

  it('cuts at a revision\'s changes and removed text, and signs them so that a range redraws when they change', () => {
    const changes = [{ start: 11, end: 13, kind: 'changed' as const }, { start: 30, end: 40, kind: 'inserted' as const }];
    const index = new MarkIndex({ ...NO_MARKS, findings, changes, deleted: [{ at: 11, text: '旧' }, { at: 22, text: '删去' }] });
    const pieces = index.pieces(8, 24);
    expect(pieces.map((p) => [p.start, p.end, p.change, p.deleted])).toEqual([
      [8, 10, null, null], [10, 11, null, null], [11, 13, 'changed', '旧'], [13, 14, null, null], [14, 20, null, null], [20, 22, null, null], [22, 24, null, '删去'],
    ]);
    expect(pieces[2]!.finding?.start).toBe(10);
    expect(index.signature(8, 24)).toContain('c11,13,changed;');
    expect(index.signature(8, 24)).toContain('d22;');
    expect(index.signature(35, 36)).toBe('c30,40,inserted;');
    expect(new MarkIndex({ ...NO_MARKS, findings }).signature(8, 24)).not.toContain('c');
  });

  it('finds every occurrence, literally or as a pattern, and reports a bad pattern', () => {
    expect(findAll('蓝鲸行动与蓝鲸行动', '蓝鲸行动', false)).toEqual([{ start: 0, end: 4 }, { start: 5, end: 9 }]);
    expect(findAll('a.b a+b', 'a+b', false)).toEqual([{ start: 4, end: 7 }]);
    expect(findAll('电话 13800138000 与 13900001234', '1[3-9]\\d{9}', true)).toHaveLength(2);
    expect(findAll('x', '(', true)).toHaveProperty('error');
    expect(findAll('aaa', 'a*', true)).toEqual([{ start: 0, end: 3 }]);
  });
});

describe('PDF highlight geometry', () => {
  // A viewport at scale 2 on a 600 x 800 page: PDF y grows upwards, the screen's downwards.
  const viewport = { convertToViewportPoint: (x: number, y: number) => [2 * x, 2 * (800 - y)] } as unknown as PageViewport;
  // Five glyphs on one line, a separator without a box, two on the next line.
  const glyphs = { page: 1, start: 100, boxes: [10, 700, 20, 712, 20, 700, 30, 712, 30, 700, 40, 712, 40, 700, 50, 712, 50, 700, 60, 712, null, null, null, null, 10, 680, 20, 692, 20, 680, 30, 692] };

  it('joins the glyphs of a span along each line', () => {
    const rects = spanRects(glyphs, viewport, 101, 108);
    expect(rects).toEqual([
      { left: 40, top: 176, width: 80, height: 24 },
      { left: 20, top: 216, width: 40, height: 24 },
    ]);
  });

  it('selects the glyphs whose centres lie in a drawn box, across line breaks', () => {
    expect(spansInBox(glyphs, viewport, { left: 0, top: 170, width: 130, height: 80 })).toEqual([{ start: 100, end: 108 }]);
    expect(spansInBox(glyphs, viewport, { left: 0, top: 170, width: 70, height: 80 })).toEqual([{ start: 100, end: 103 }, { start: 106, end: 108 }]);
    expect(spansInBox(glyphs, viewport, { left: 45, top: 170, width: 30, height: 30 })).toEqual([{ start: 101, end: 103 }]);
  });
});

describe('sheet references', () => {
  it('reads and writes column letters', () => {
    expect(parseRef('A1')).toEqual({ col: 0, row: 0 });
    expect(parseRef('AB12')).toEqual({ col: 27, row: 11 });
    expect(parseRef('XFD1048576')).toEqual({ col: 16383, row: 1048575 });
    expect(parseRef('1A')).toBeNull();
    for (const c of [0, 25, 26, 27, 701, 702, 16383]) expect(parseRef(`${columnName(c)}1`)!.col).toBe(c);
  });
});

describe('undo and redo of decisions', () => {
  it('restores what each finding held before, grouped into one call per former state', () => {
    const [a, b, c] = syntheticFindings(3).map((f, i) => ({ ...f, decision: (['accepted', null, 'rejected'] as const)[i]!, reason: i === 2 ? '已经公开的信息' : null }));
    const step = stepOf([a!, b!, c!], [a!.id, b!.id, c!.id], 'accepted', null);
    const calls = undoCalls(step);
    expect(calls).toEqual([
      { ids: [a!.id], decision: 'accepted', reason: null },
      { ids: [b!.id], decision: 'undecided', reason: null },
      { ids: [c!.id], decision: 'rejected', reason: '已经公开的信息' },
    ]);
    let stack = new UndoStack().push(step);
    const undone = stack.undo()!;
    expect(undone.step).toBe(step);
    stack = undone.stack;
    expect(stack.undo()).toBeNull();
    const redone = stack.redo()!;
    expect(redone.step).toBe(step);
    expect(redone.stack.push(step).redo()).toBeNull(); // a new step clears what could be redone
  });
});

// The notice's own text, to keep the fixture honest.
it('the notice fixture carries the ID', () => expect(NOTICE_TEXT).toContain(PERSON_ID));

describe('marks of a very long review', () => {
  it('indexes 200,000 findings (more than a spread call can take)', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => ({ ...syntheticFindings(1)[0]!, id: `f${i}`, start: i * 3, end: i * 3 + 2 }));
    const index = new MarkIndex({ ...NO_MARKS, findings: many });
    expect(index.pieces(300_000, 300_006).filter((p) => p.finding).map((p) => p.finding!.id)).toEqual(['f100000', 'f100001']);
  });
});
