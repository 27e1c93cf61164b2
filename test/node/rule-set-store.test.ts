import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../electron/node/workspace';
import { DEFAULT_RULE_SET } from '../../shared/rules/rule-set';
import { projectRule } from '../fixtures/custom-rules';
import { useTempDirs } from '../fixtures/temp';
import { logBodies } from '../fixtures/log';

const tempDir = useTempDirs();
const TEXT = '项目编号：ZX-2024-017，联系人电话 13812345678。';

function workspace() {
  return openWorkspace(tempDir(), { lists: () => [], allowLists: () => [], now: () => new Date('2026-11-22T10:00:00Z') });
}

const entries = logBodies;

describe('the office rule set, versioned', () => {
  it('starts at version 0 (the shipped rule set) and saves a new version per change, with author and note', () => {
    const ws = workspace();
    expect(ws.ruleSets.detail()).toEqual({ version: 0, customRules: [], disabledDetectors: [], builtin: 'mishen-default@1.0.0', versions: [] });
    const v1 = ws.ruleSets.save({ expectedVersion: 0, customRules: [projectRule()], disabledDetectors: ['cn_mobile_phone', 'cn_mobile_phone'] }, 'admin', ' 项目编号 ');
    expect(v1).toMatchObject({ version: 1, customRules: [projectRule()], disabledDetectors: ['cn_mobile_phone'] });
    expect(v1.versions).toEqual([{ version: 1, author: 'admin', note: '项目编号', at: '2026-11-22T10:00:00.000Z', terms: 1 }]);
    const v2 = ws.ruleSets.save({ expectedVersion: 1, customRules: [projectRule({ score: 0.8 })], disabledDetectors: [] }, 'admin', '调分');
    expect(v2.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(ws.ruleSets.content(1).customRules[0]!.score).toBe(0.7);
    ws.close();
  });

  it('refuses a save from a stale version (optimistic concurrency) and writes nothing', () => {
    const ws = workspace();
    ws.ruleSets.save({ expectedVersion: 0, customRules: [projectRule()], disabledDetectors: [] }, 'a', '');
    expect(() => ws.ruleSets.save({ expectedVersion: 0, customRules: [], disabledDetectors: ['email'] }, 'b', '')).toThrow('规则集已被他人修改（现为第 1 版），请刷新后再保存');
    expect(ws.ruleSets.version()).toBe(1);
    ws.close();
  });

  it('refuses unknown detectors, duplicate rule ids and unsafe patterns, naming the rule', () => {
    const ws = workspace();
    const save = (customRules = [projectRule()], disabledDetectors: string[] = []) => () => ws.ruleSets.save({ expectedVersion: 0, customRules, disabledDetectors }, 'a', '');
    expect(save(undefined, ['no_such_detector'])).toThrow('未知的内置检测器：no_such_detector');
    expect(save([projectRule(), projectRule({ name: '另一条' })])).toThrow('规则编号重复：project_code');
    expect(save([projectRule({ name: '回溯', pattern: '(a+)+$' })])).toThrow(/^规则「回溯」（project_code）：该表达式可能发生指数级灾难性回溯/);
    expect(save([projectRule({ pattern: '\\d*' })])).toThrow(/可以匹配空字符串/);
    expect(ws.ruleSets.version()).toBe(0);
    expect(entries(ws, 'rules.ruleset_change')).toEqual([]);
    ws.close();
  });

  it('logs one entry per change with version, rule ids and a hash, and none when nothing changed', () => {
    const ws = workspace();
    ws.ruleSets.save({ expectedVersion: 0, customRules: [projectRule()], disabledDetectors: ['email'] }, 'a', '新增');
    ws.ruleSets.save({ expectedVersion: 1, customRules: [projectRule()], disabledDetectors: ['email'] }, 'a', '未改');
    const replaced = ws.ruleSets.replace([projectRule({ score: 0.9 }), projectRule({ id: 'contract', pattern: 'HT\\d{8}' })], [], 'installation', '规则包');
    expect(replaced.version).toBe(2);
    const logged = entries(ws, 'rules.ruleset_change').map((e) => e.data);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ version: 1, via: 'edit', note: '新增', rules: ['project_code'], added: ['project_code'], removed: [], changed: [], disabledDetectors: ['email'] });
    expect(logged[1]).toMatchObject({ version: 2, via: 'pack', rules: ['project_code', 'contract'], added: ['contract'], changed: ['project_code'], disabledDetectors: [] });
    expect(logged[1]!.sha256).toBe(ws.ruleSets.overlay().sha256);
    expect(logged[0]!.sha256).not.toBe(logged[1]!.sha256);
    expect(ws.log.verify().ok).toBe(true);
    ws.close();
  });

  it('diffs two versions line by line on canonical JSON', () => {
    const ws = workspace();
    ws.ruleSets.save({ expectedVersion: 0, customRules: [projectRule()], disabledDetectors: [] }, 'a', '');
    ws.ruleSets.save({ expectedVersion: 1, customRules: [projectRule({ score: 0.8 })], disabledDetectors: ['email'] }, 'a', '');
    const d = ws.ruleSets.diff(1, 2);
    expect(d.from).toBe(1);
    const changed = (kind: string) => d.parts.filter((p) => p.kind === kind).flatMap((p) => p.lines.map((l) => l.trim()));
    expect(changed('removed')).toEqual(['"score": 0.7,', '"disabledDetectors": []']);
    expect(changed('added')).toEqual(['"score": 0.8,', '"disabledDetectors": [', '"email"', ']']);
    expect(ws.ruleSets.diff(0, 1).parts.some((p) => p.kind === 'added' && p.lines.some((l) => l.includes('"pattern"')))).toBe(true);
    expect(() => ws.ruleSets.diff(0, 9)).toThrow('规则集没有第 9 版');
    ws.close();
  });

  it('makes every new import scan use the current version, and the record names it', async () => {
    const ws = workspace();
    const before = structuredClone(DEFAULT_RULE_SET);
    const plain = await ws.reviews.importFile('a.txt', Buffer.from(TEXT));
    expect(plain.findings.map((f) => f.type)).toEqual(['mobile_phone']);
    expect(plain.ruleSet).toMatch(/^mishen-default@1\.0\.0#[0-9a-f]{16}$/);
    ws.ruleSets.save({ expectedVersion: 0, customRules: [projectRule()], disabledDetectors: ['cn_mobile_phone'] }, 'a', '');
    const view = await ws.reviews.importFile('b.txt', Buffer.from(TEXT));
    expect(view.findings.map((f) => [f.rule, f.text])).toEqual([['custom:project_code@1', 'ZX-2024-017']]);
    expect(view.ruleSet).toBe(`${plain.ruleSet}+office@v1`);
    const scan = entries(ws, 'document.scan').at(-1)!.data;
    expect(scan).toMatchObject({ ruleSet: view.ruleSet, officeRules: { version: 1, sha256: ws.ruleSets.overlay().sha256 } });
    expect(entries(ws, 'document.scan')[0]!.data).not.toHaveProperty('officeRules');
    expect(DEFAULT_RULE_SET).toEqual(before);
    ws.close();
  });
});
