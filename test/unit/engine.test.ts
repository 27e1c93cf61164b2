import { describe, expect, it } from 'vitest';
import { scanDocument, scanText } from '../../shared/rules/engine';
import { DEFAULT_RULE_SET } from '../../shared/rules/rule-set';
import type { TermList } from '../../shared/rules/term-list';
import { parseTermLines } from '../../shared/rules/term-list';
import { EMAIL, LIST_TERM, MOBILE, MOBILE_SPACED, NOTICE_TEXT, PERSON_ID } from '../fixtures/samples';

const list = (terms: string[]): TermList => ({ name: '负面清单', version: 't1', category: 'negative_list', basis: '条例第十四条', terms });

function typesIn(text: string, lists: TermList[] = []) {
  return scanText(text, { lists }).map((f) => [f.type, f.text]);
}

describe('scanText on a 公示 notice', () => {
  const findings = scanText(NOTICE_TEXT, { lists: [list([LIST_TERM])] });

  it('finds every identifier and list term with its span', () => {
    expect(findings.map((f) => [f.type, f.text])).toEqual([
      ['person_name', '李明'],
      ['id_card', PERSON_ID],
      ['mobile_phone', MOBILE],
      ['person_name', '王芳'],
      ['mobile_phone', MOBILE_SPACED],
      ['email', EMAIL],
      ['negative_list', LIST_TERM],
    ]);
    for (const f of findings) expect(NOTICE_TEXT.slice(f.start, f.end)).toBe(f.text);
  });

  it('explains each finding with category, rule, basis and context', () => {
    const id = findings.find((f) => f.type === 'id_card')!;
    expect(id).toMatchObject({ category: 'personal', rule: 'cn_resident_id@1', score: 1 });
    expect(id.basis).toContain('第十五条');
    expect(id.explanation.validation).toEqual({ name: 'gb11643', passed: true, failed: [] });
    expect(id.explanation.contextWords).toContain('公民身份号码');
    const term = findings.find((f) => f.type === 'negative_list')!;
    expect(term.explanation.list).toEqual({ name: '负面清单', version: 't1', term: LIST_TERM });
    expect(term.category).toBe('negative_list');
  });

  it('is deterministic', () => {
    expect(scanText(NOTICE_TEXT, { lists: [list([LIST_TERM])] })).toEqual(findings);
  });
});

describe('resident ID numbers', () => {
  it('keeps a number with a wrong check character as weaker evidence: found with a label or under a 身份证号 column', () => {
    expect(scanText('编号110105194912310021')).toEqual([]);
    const [f] = scanText('身份证号：110105194912310021');
    expect(f).toMatchObject({ type: 'id_card', score: 0.7 });
    expect(f!.explanation.validation!.failed).toEqual(['checksum']);
    const table = scanText('姓名\t身份证号\n李明\t110105194912310021\n').filter((x) => x.type === 'id_card');
    expect(table).toMatchObject([{ score: 0.7 }]);
    expect(table[0]!.explanation.contextWords).toContain('身份证号');
  });

  it('drops 18-digit numbers that are not plausible IDs unless the context says so', () => {
    expect(typesIn('订单号 990000000000000000 已完成')).toEqual([]);
    expect(typesIn('身份证号：990000000000000000')).toEqual([['id_card', '990000000000000000']]);
  });

  it('does not cut an ID out of a longer digit run', () => {
    expect(typesIn(`编号 6${PERSON_ID.slice(0, 17)}1`)).toEqual([]);
  });
});

describe('mobile numbers', () => {
  it('finds +86, hyphenated and spaced forms', () => {
    expect(typesIn('电话：+86 138-1234-5678；备用 8613912345678；139 1234 5678')).toEqual([
      ['mobile_phone', '+86 138-1234-5678'],
      ['mobile_phone', '8613912345678'],
      ['mobile_phone', '139 1234 5678'],
    ]);
  });

  it('ignores numbers inside longer digit runs and ID numbers', () => {
    expect(typesIn('流水号 213812345678901')).toEqual([]);
    expect(typesIn(PERSON_ID).map(([t]) => t)).toEqual(['id_card']);
  });

  it('does not take 12x prefixes as mobiles', () => {
    expect(typesIn('编号 12812345678')).toEqual([]);
  });
});

describe('e-mail addresses', () => {
  it('finds an address glued to Chinese text', () => {
    expect(typesIn('请发送至xinxi@gov.cn。')).toEqual([['email', 'xinxi@gov.cn']]);
  });
  it('rejects malformed local parts', () => {
    expect(typesIn('a..b@example.com')).toEqual([]);
  });
});

describe('negative lists', () => {
  it('matches despite full-width letters, case and inserted spaces or punctuation', () => {
    const l = list(['ABC项目', '天网工程']);
    expect(typesIn('启动ａｂｃ 项目与天 网·工程', [l])).toEqual([
      ['negative_list', 'ａｂｃ 项目'],
      ['negative_list', '天 网·工程'],
    ]);
  });

  it('keeps the longest of overlapping terms', () => {
    expect(typesIn('天网工程', [list(['天网', '天网工程'])])).toEqual([['negative_list', '天网工程']]);
  });

  it('parses list files with BOM, CRLF, CR, comments, blanks and duplicates', () => {
    const parsed = parseTermLines('\uFEFF天网工程\r\n# 注释\r\n\r\n 北斗计划 \r天网工程\n' + 'x'.repeat(201));
    expect(parsed.terms).toEqual(['天网工程', '北斗计划']);
    expect(parsed.skipped).toEqual([
      { line: 5, reason: 'duplicate' },
      { line: 6, reason: 'too_long' },
    ]);
  });
});

describe('pipeline invariants', () => {
  it('handles documents with very many findings (no spread of huge arrays)', () => {
    const fs = scanText('天网，'.repeat(150_000), { lists: [list(['天网'])] });
    expect(fs).toHaveLength(150_000);
    expect(fs[149_999]).toMatchObject({ start: 449_997, end: 449_999 });
  });

  it('spans stay inside the text and same-type findings never overlap', () => {
    const text = `${NOTICE_TEXT}\n${'重复 13812345678 与 11010519491231002X '.repeat(50)}`;
    const fs = scanText(text, { lists: [list(['重复', '复 1381'])] });
    for (const f of fs) {
      expect(f.start).toBeGreaterThanOrEqual(0);
      expect(f.end).toBeLessThanOrEqual(text.length);
      expect(text.slice(f.start, f.end)).toBe(f.text);
    }
    for (const a of fs) for (const b of fs) if (a !== b && a.type === b.type) expect(a.end <= b.start || b.end <= a.start).toBe(true);
  });
});

describe('rule sets and allow-lists', () => {
  it('records the engine and rule set versions and honours switches in the rule set', () => {
    const base = scanDocument(NOTICE_TEXT);
    expect(base.ruleSet).toEqual({ id: 'mishen-default', version: '1.0.0' });
    expect(base.engineVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const noMobiles = scanDocument(NOTICE_TEXT, {
      ruleSet: { ...DEFAULT_RULE_SET, version: 'test', detectors: { ...DEFAULT_RULE_SET.detectors, cn_mobile_phone: { enabled: false } } },
    });
    expect(noMobiles.findings.some((f) => f.type === 'mobile_phone')).toBe(false);
    expect(noMobiles.findings.some((f) => f.type === 'id_card')).toBe(true);
  });

  it('applies context words from the rule set', () => {
    const weak = '编号990000000000000000';
    expect(scanText(weak)).toEqual([]);
    const ruleSet = { ...DEFAULT_RULE_SET, detectors: { ...DEFAULT_RULE_SET.detectors, cn_resident_id: { contextWords: ['编号'], contextBoost: 0.35 } } };
    expect(scanText(weak, { ruleSet }).map((f) => f.type)).toEqual(['id_card']);
  });

  it('suppresses allowed terms and patterns, counts them, and lets the longer span win', () => {
    const text = '办公室电话 13800000000，联系人王芳，经办人王芳芳手机 13912345678。';
    const allow = { name: '本单位公开信息', version: '1', terms: ['13800000000', '王芳'], patterns: ['139\\d{8}'] };
    const result = scanDocument(text, { allowLists: [allow], lists: [list(['王芳芳'])] });
    expect(result.findings.map((f) => [f.type, f.text])).toEqual([
      ['negative_list', '王芳芳'],
      ['person_name', '王芳芳'],
    ]);
    expect(result.suppressed.map((s) => [s.type, s.by])).toEqual([
      ['mobile_phone', '13800000000'],
      ['person_name', '王芳'],
      ['mobile_phone', '139\\d{8}'],
    ]);
  });
});

describe('names found once', () => {
  it('are found wherever the same characters stand, with the evidence of where', () => {
    const text = '申请人：李建国，男。\n经查，李建国于2023年提出申请。李建国的材料已退回。';
    const names = scanText(text).filter((f) => f.type === 'person_name');
    const third = text.lastIndexOf('李建国');
    expect(names.map((f) => f.start)).toEqual([4, text.indexOf('李建国', 5), third]);
    const later = names.find((f) => f.start === third)!;
    expect(later.explanation.pattern).toBe('same_name_elsewhere');
    expect(later.explanation.evidence?.at(-1)).toContain('同一姓名已在第 5 字处识别');
  });
});
