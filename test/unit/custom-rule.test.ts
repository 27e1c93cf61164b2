import { describe, expect, it } from 'vitest';
import type { CustomRule } from '../../shared/ipc/views';
import { customRuleDetector, customRuleProblem, MAX_PATTERN_LENGTH } from '../../shared/rules/custom-rule';
import { scanDocument, scanText } from '../../shared/rules/engine';
import { applyOverlay } from '../../shared/rules/overlay';
import { DEFAULT_RULE_SET } from '../../shared/rules/rule-set';
import { projectRule } from '../fixtures/custom-rules';

const overlay = (rules: CustomRule[], disabledDetectors: string[] = [], version = 3) => ({ version, customRules: rules, disabledDetectors });

describe('custom rules as data', () => {
  it('compiles to a detector named custom:<id> at the rule set version, with the rule as prior and explanation', () => {
    const d = customRuleDetector(projectRule(), 3);
    expect(d).toMatchObject({ id: 'custom:project_code', version: 3, type: 'customer_list', category: 'trade_secret', contextWords: ['项目编号'], contextBoost: 0.2 });
    expect(d.detect('编号 ZX-2024-017，另 AB-1234-5678 不算')).toEqual([{ start: 3, end: 14, score: 0.7, pattern: '项目编号' }]);
  });

  it('ignores case only when asked', () => {
    expect(customRuleDetector(projectRule(), 1).detect('zx-2024-017')).toEqual([]);
    expect(customRuleDetector(projectRule({ flags: 'i', pattern: '[A-Z]{2}-\\d{4}-\\d{3}' }), 1).detect('zx-2024-017')).toHaveLength(1);
  });

  it('accepts a well-formed rule', () => {
    expect(customRuleProblem(projectRule())).toBeNull();
    expect(customRuleProblem(projectRule({ pattern: '(?<=合同编号[:：])\\d{6,12}' }))).toBeNull();
  });

  it('refuses invalid syntax, empty matches, overlong patterns, unknown types and categories, with Chinese reasons', () => {
    expect(customRuleProblem(projectRule({ pattern: '([A-Z' }))?.zh).toMatch(/^正则表达式语法错误/);
    expect(customRuleProblem(projectRule({ pattern: '\\d*' }))?.zh).toMatch(/可以匹配空字符串/);
    expect(customRuleProblem(projectRule({ pattern: 'x?|y' }))?.zh).toMatch(/可以匹配空字符串/);
    expect(customRuleProblem(projectRule({ pattern: '^' }))?.zh).toMatch(/可以匹配空字符串/);
    expect(customRuleProblem(projectRule({ pattern: 'a'.repeat(MAX_PATTERN_LENGTH + 1) }))?.zh).toBe('正则表达式超过 1000 个字符');
    expect(customRuleProblem(projectRule({ type: 'project_code' }))?.zh).toBe('未知的发现类型：project_code');
    expect(customRuleProblem(projectRule({ category: 'secret' as never }))?.zh).toBe('未知的类别：secret');
    expect(customRuleProblem(projectRule({ score: 1.5 }))?.zh).toMatch(/0 到 1/);
    expect(customRuleProblem(projectRule({ flags: 'g' as never }))?.zh).toBe('不支持的标志：g');
    expect(customRuleProblem(projectRule({ id: 'a b' }))?.zh).toMatch(/规则编号/);
  });

  it('refuses \\b beside a Chinese character (ASCII-only in JavaScript) but not beside ASCII or inside a class', () => {
    expect(customRuleProblem(projectRule({ pattern: '\\b张三\\b' }))?.zh).toMatch(/只认 ASCII/);
    expect(customRuleProblem(projectRule({ pattern: '项目\\b' }))?.zh).toMatch(/只认 ASCII/);
    expect(customRuleProblem(projectRule({ pattern: '\\bZX-\\d{4}\\b' }))).toBeNull();
    expect(customRuleProblem(projectRule({ pattern: '[\\b]编号' }))).toBeNull();
    expect(customRuleProblem(projectRule({ pattern: '\\\\b编号' }))).toBeNull();
  });

  it('drops zero-length matches a lookaround alone could make', () => {
    expect(customRuleDetector(projectRule({ pattern: '(?=编号)' }), 1).detect('编号 编号')).toEqual([]);
  });
});

describe('the engine with the office overlay', () => {
  const text = '项目编号：ZX-2024-017，联系人电话 13812345678。';

  it('finds the project code by a custom rule, boosted by its context word, and names the office version', () => {
    const result = scanDocument(text, { overlay: overlay([projectRule()]) });
    const f = result.findings.find((x) => x.rule === 'custom:project_code@3')!;
    expect(f).toMatchObject({ id: 'customer_list:5-16', text: 'ZX-2024-017', type: 'customer_list', category: 'trade_secret', score: 0.9, basis: '本机关商业秘密管理规定第三条' });
    expect(f.explanation).toMatchObject({ detector: 'custom:project_code', pattern: '项目编号', prior: 0.7, contextWords: ['项目编号'], contextBoost: 0.2 });
    expect(result.ruleSet).toEqual({ id: 'mishen-default', version: '1.0.0', office: 3 });
    expect(scanDocument(text).ruleSet).toEqual({ id: 'mishen-default', version: '1.0.0' });
  });

  it('switches off a built-in detector and a disabled rule, and leaves the shipped rule set unchanged', () => {
    const before = structuredClone(DEFAULT_RULE_SET);
    expect(scanText(text).map((f) => f.type)).toContain('mobile_phone');
    const off = scanText(text, { overlay: overlay([projectRule({ enabled: false })], ['cn_mobile_phone']) });
    expect(off.map((f) => f.type)).not.toContain('mobile_phone');
    expect(off.some((f) => f.rule.startsWith('custom:'))).toBe(false);
    expect(DEFAULT_RULE_SET).toEqual(before);
    expect(scanText(text).map((f) => f.type)).toContain('mobile_phone');
  });

  it('keeps a weak custom match under the threshold out, as any detector', () => {
    const weak = projectRule({ score: 0.2, contextWords: [] });
    expect(scanText(text, { overlay: overlay([weak]) }).some((f) => f.rule.startsWith('custom:'))).toBe(false);
    expect(scanText(text, { overlay: overlay([weak]), threshold: 0 }).some((f) => f.rule.startsWith('custom:'))).toBe(true);
  });

  it('puts custom detectors after the built-ins they do not replace', () => {
    const ids = applyOverlay([{ id: 'a' }, { id: 'b' }] as never, overlay([projectRule()], ['a'])).map((d) => d.id);
    expect(ids).toEqual(['b', 'custom:project_code']);
  });
});
