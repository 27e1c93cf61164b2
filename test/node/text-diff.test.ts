import { describe, expect, it } from 'vitest';
import { alignTexts, textChanges } from '../../electron/node/review/text-diff';

describe('aligning two texts', () => {
  it('covers both texts with equal and changed stretches, lines first, then characters', () => {
    const a = '第一段不变。\n联系电话 13812345678。\n删去的一段。\n末段。\n';
    const b = '第一段不变。\n联系电话 13900112233。\n末段。\n新增一段。\n';
    const { stretches, complete } = alignTexts(a, b);
    expect(complete).toBe(true);
    // The unchanged line and the numbers' common 13.
    expect(stretches[0]).toEqual({ a: 0, aEnd: 14, b: 0, bEnd: 14, same: true });
    expect(stretches.at(-1)).toMatchObject({ aEnd: a.length, bEnd: b.length });
    for (const s of stretches) if (s.same) expect(a.slice(s.a, s.aEnd)).toBe(b.slice(s.b, s.bEnd));
    for (let i = 1; i < stretches.length; i++) expect(stretches[i]).toMatchObject({ a: stretches[i - 1]!.aEnd, b: stretches[i - 1]!.bEnd });
  });

  it('counts short equal runs inside a changed line as changed when asked', () => {
    const a = '甲方的意见和乙方的建议\n';
    const b = '丙方的看法和丁方的要求\n';
    const fine = alignTexts(a, b).stretches.filter((s) => s.same && s.aEnd < a.length - 1);
    expect(fine.length).toBeGreaterThan(0);
    const coarse = alignTexts(a, b, { minEqual: 4 }).stretches;
    expect(coarse).toEqual([
      { a: 0, aEnd: 11, b: 0, bEnd: 11, same: false },
      { a: 11, aEnd: 12, b: 11, bEnd: 12, same: true },
    ]);
  });

  it('stops after `limit` changes, and the preview’s changes keep their context', () => {
    const a = 'a1b2c3d\n';
    const b = 'aXbYcZd\n';
    expect(alignTexts(a, b, { limit: 2 }).complete).toBe(false);
    expect(textChanges('电话 13812345678 请核对', '电话 ■■■■■■■■■■■ 请核对')).toEqual({
      changes: [{ at: 3, removed: '13812345678', added: '■■■■■■■■■■■', before: '电话 ', after: ' 请核对' }],
      complete: true,
    });
  });
});
