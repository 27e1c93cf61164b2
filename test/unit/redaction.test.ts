import { describe, expect, it } from 'vitest';
import { applyEdits, segmentEdits } from '../../shared/document/edits';
import type { ExtractedDocument } from '../../shared/document/model';
import { applyRedactions, planRedactions, replacementFor } from '../../shared/review/redaction';
import { formatRedactionList, redactionList } from '../../shared/review/redaction-list';
import { scanText } from '../../shared/rules/engine';
import { PERSON_ID } from '../fixtures/samples';

const accept = (ids: string[]) => new Map(ids.map((id) => [id, { decision: 'accepted', reason: '涉及个人隐私' }]));

describe('redaction styles', () => {
  it('masks identifiers partially, keeping what identifies nobody', () => {
    expect(replacementFor('110105194912310021', 'mask', 'personal', 'id_card')).toBe('110105********0021');
    expect(replacementFor('13812345678', 'mask', 'personal', 'mobile_phone')).toBe('138****5678');
    expect(replacementFor('+86 138 1234 5678', 'mask', 'personal', 'mobile_phone')).toBe('+86 138 **** 5678');
    expect(replacementFor('0571-87654321', 'mask', 'personal', 'landline_phone')).toBe('0571-****4321');
    // A card keeps its first six digits (the issuer) and last four, however it is grouped.
    expect(replacementFor('6222 0202 0012 3456 789', 'mask', 'personal', 'bank_card')).toBe('6222 02** **** ***6 789');
    expect(replacementFor('wangfang@example.gov.cn', 'mask', 'personal', 'email')).toBe('w***@example.gov.cn');
    expect(replacementFor('E12345678', 'mask', 'personal', 'passport')).toBe('E1*****78');
    // Values that are not identifiers are blocked out whole.
    expect(replacementFor('王芳', 'mask', 'personal', 'person_name')).toBe('■■');
  });

  it('labels by category, and writes names as the courts do', () => {
    expect(replacementFor('5,420,000元', 'label', 'trade_secret', 'bid_price')).toBe('[商业秘密]');
    expect(replacementFor('王芳', 'court', 'personal', 'person_name')).toBe('王某');
    expect(replacementFor('张三丰', 'court', 'personal', 'person_name')).toBe('张某某');
    expect(replacementFor('欧阳锋', 'court', 'personal', 'person_name')).toBe('欧阳某');
    expect(replacementFor('司马相如', 'court', 'personal', 'person_name')).toBe('司马某某');
    expect(replacementFor(PERSON_ID, 'court', 'personal', 'id_card')).toBe('[个人信息]');
    // Line breaks inside a blocked span keep the layout.
    expect(replacementFor('杭州市\n西湖区', 'block', 'personal', 'address')).toBe('■■■\n■■■');
  });
});

describe('the redaction plan', () => {
  const text = `申请人：王芳，身份证号：${PERSON_ID}，联系电话：13812345678。`;
  const findings = scanText(text);

  it('merges overlapping findings, chooses styles per category, and keeps reasons and bases', () => {
    const plan = planRedactions(text, findings, accept(findings.map((f) => f.id)), [{ start: 0, end: 3, reason: '申请人身份', basis: '条例第十五条' }], {
      style: 'mask',
      byCategory: { manual: 'label' },
    });
    expect(plan.map((r) => text.slice(r.start, r.end))).toEqual(['申请人', '王芳', PERSON_ID, '13812345678']);
    expect(plan.map((r) => r.replacement)).toEqual(['[已删除]', '■■', `${PERSON_ID.slice(0, 6)}********${PERSON_ID.slice(14)}`, '138****5678']);
    expect(plan[1]).toMatchObject({ category: 'personal', type: 'person_name', reason: '涉及个人隐私', style: 'mask' });
    expect(plan[0]).toMatchObject({ category: 'manual', findings: [], basis: '条例第十五条' });
    expect(applyRedactions(text, plan)).toBe(`[已删除]：■■，身份证号：${plan[2]!.replacement}，联系电话：138****5678。`);
    // Rejected and undecided findings are not in the plan.
    expect(planRedactions(text, findings, new Map())).toEqual([]);
  });

  it('blocks out a union of overlapping kinds whole, rather than half-masking each', () => {
    const t = '电话13812345678';
    const f = scanText(t).filter((x) => x.type === 'mobile_phone');
    const extra = { ...f[0]!, id: 'x', type: 'bank_card' as const, start: 2, end: 10 };
    const plan = planRedactions(t, [...f, extra], accept([f[0]!.id, 'x']), [], { style: 'mask' });
    expect(plan).toHaveLength(1);
    expect(plan[0]!.replacement).toBe('■'.repeat(11));
  });

  it('places replacements segment by segment: same-length ones cut at the boundaries, others whole in the first', () => {
    const doc: Pick<ExtractedDocument, 'segments'> = {
      segments: [
        { start: 0, end: 4, location: { kind: 'txt', line: 1, column: 1 } },
        { start: 4, end: 5, location: { kind: 'separator' } },
        { start: 5, end: 9, location: { kind: 'txt', line: 2, column: 1 } },
      ],
    };
    const same = segmentEdits(doc, [{ start: 2, end: 7, replacement: 'abcde' }]);
    expect([...same]).toEqual([
      [0, [{ from: 2, to: 4, text: 'ab' }]],
      [2, [{ from: 0, to: 2, text: 'de' }]],
    ]);
    const label = segmentEdits(doc, [{ start: 2, end: 7, replacement: '[个人信息]' }]);
    expect([...label]).toEqual([
      [0, [{ from: 2, to: 4, text: '[个人信息]' }]],
      [2, [{ from: 0, to: 2, text: '' }]],
    ]);
    expect(applyEdits('王芳张三', label.get(0)!)).toBe('王芳[个人信息]');
  });

  it('states each removal with its place, kind, basis and reason, never the value', () => {
    const plan = planRedactions(text, findings, accept(findings.map((f) => f.id)));
    const doc = { segments: [{ start: 0, end: text.length, location: { kind: 'txt' as const, line: 1, column: 1 } }] };
    const list = redactionList(doc, plan);
    expect(list[0]).toMatchObject({ n: 1, place: '第1行第5列', category: '个人信息', type: '姓名', reason: '涉及个人隐私' });
    const statement = formatRedactionList('关于公示的通知', list);
    expect(statement).toContain('区分处理说明');
    expect(statement).toContain('《中华人民共和国政府信息公开条例》第十五条');
    for (const v of ['王芳', PERSON_ID, '13812345678']) expect(statement).not.toContain(v);
  });
});
