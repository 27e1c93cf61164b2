import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { jsonDepth, packSignedText, parsePack, type RulePack } from '../../shared/rules/pack';
import { planPack, type ExistingList } from '../../shared/rules/pack-plan';

const PACK: RulePack = {
  format: 'mishen-rule-pack',
  formatVersion: 1,
  createdAt: '2026-11-01T08:00:00.000Z',
  createdBy: 'admin',
  signer: { fingerprint: 'a'.repeat(64), publicKeyPem: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----\n' },
  note: '',
  lists: [
    {
      kind: 'negative',
      version: 3,
      meta: { name: '涉密项目', category: 'negative_list', basis: '依据', owner: '保密办', enabled: true },
      terms: [
        { term: '红星工程', note: '', disabled: false },
        { term: '蓝天计划', note: '代号', disabled: true },
      ],
    },
  ],
  signature: `${'A'.repeat(86)}==`,
};

function refusal(text: string): AppError {
  try {
    parsePack(text);
  } catch (err) {
    return err as AppError;
  }
  throw new Error('accepted');
}

describe('rule pack format', () => {
  it('reads a well-formed pack and signs everything but the signature, canonically', () => {
    expect(parsePack(JSON.stringify(PACK))).toEqual(PACK);
    const text = packSignedText(PACK);
    expect(text).not.toContain('signature');
    expect(text.startsWith('{"createdAt":')).toBe(true); // RFC 8785: keys sorted
    expect(packSignedText({ ...PACK, signature: `${'B'.repeat(86)}==` })).toBe(text);
  });

  it('counts nesting without parsing, strings and escapes aside', () => {
    expect(jsonDepth('{"a":[{"b":"[[[{{{\\"]]]"}]}')).toBe(3);
    expect(jsonDepth(JSON.stringify(PACK))).toBe(5);
    expect(refusal('['.repeat(100_000)).messageZh).toMatch(/嵌套过深/);
  });

  it('refuses what is not a pack, another format version, and anything outside the strict schema', () => {
    expect(refusal('{"format":"mishen-rule-pack"').messageZh).toMatch(/不是有效的 JSON/);
    expect(refusal('[1]').messageZh).toMatch(/不是密审规则包/);
    expect(refusal(JSON.stringify({ ...PACK, format: 'other' })).messageZh).toMatch(/不是密审规则包/);
    const v2 = refusal(JSON.stringify({ ...PACK, formatVersion: 2 }));
    expect(v2.code).toBe('unsupported_format');
    expect(v2.messageZh).toMatch(/格式版本 2 不受本机支持.*升级/);
    expect(refusal(JSON.stringify({ ...PACK, extra: 1 })).messageZh).toMatch(/不符合格式/);
    expect(refusal(JSON.stringify({ ...PACK, signature: 'abc' })).messageZh).toMatch(/signature/);
    const dup = { ...PACK.lists[0]!, terms: [PACK.lists[0]!.terms[0]!, PACK.lists[0]!.terms[0]!] };
    expect(refusal(JSON.stringify({ ...PACK, lists: [dup] })).messageZh).toMatch(/词条重复/);
    expect(refusal(JSON.stringify({ ...PACK, lists: [PACK.lists[0], PACK.lists[0]] })).messageZh).toMatch(/清单重名/);
    expect(refusal(JSON.stringify({ ...PACK, lists: [{ ...PACK.lists[0], meta: { ...PACK.lists[0]!.meta, category: 'x' } }] })).code).toBe('bad_input');
    // JSON.parse makes `__proto__` an own key: the strict schema refuses it like any other unknown key.
    expect(refusal(JSON.stringify(PACK).replace('{"format"', '{"__proto__":{"x":1},"format"')).messageZh).toMatch(/不符合格式/);
  });

  it('plans create, update, unchanged and refused lists, terms compared as a set', () => {
    const list = PACK.lists[0]!;
    const existing = (over: Partial<ExistingList>): ExistingList => ({ id: 1, version: 1, readOnly: false, meta: list.meta, terms: [...list.terms].reverse(), ...over });
    const rules = () => ({ customRules: [], disabledDetectors: [] });
    const action = (e: ExistingList | null) => planPack(PACK, () => e, rules).lists[0]!.action;
    expect(action(null)).toBe('create');
    expect(action(existing({}))).toBe('unchanged');
    expect(action(existing({ terms: list.terms.slice(1) }))).toBe('update');
    expect(action(existing({ meta: { ...list.meta, owner: '办公室' } }))).toBe('update');
    expect(action(existing({ readOnly: true }))).toBe('refused');
    expect(planPack(PACK, () => null, rules).rules).toEqual({ customRules: 0, action: 'none' });
    const withRules = { ...PACK, ruleSet: { version: 2, customRules: [], disabledDetectors: ['b', 'a'] } };
    expect(planPack(withRules, () => null, () => ({ customRules: [], disabledDetectors: ['a', 'b'] })).rules.action).toBe('unchanged');
    expect(planPack(withRules, () => null, rules).rules.action).toBe('update');
  });
});
