import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../electron/node/workspace';
import type { TermList } from '../../shared/rules/term-list';
import { projectRule } from '../fixtures/custom-rules';
import { useTempDirs } from '../fixtures/temp';
import { logBodies } from '../fixtures/log';

const tempDir = useTempDirs();
const TEXT = '项目编号：ZX-2024-017。联系人电话 13812345678，邮箱 zhang@example.com，涉及天网工程。';

function workspace() {
  let lists: TermList[] = [];
  const ws = openWorkspace(tempDir(), { lists: () => lists, allowLists: () => [] });
  return { ws, setLists: (l: TermList[]) => (lists = l) };
}

function lastEntry(ws: ReturnType<typeof openWorkspace>, action: string) {
  return logBodies(ws, action).at(-1)?.data;
}

describe('re-scanning a review under the current lists and rules', () => {
  it('adds new findings, drops removed ones with their decisions, and keeps the decisions of the rest', async () => {
    const { ws, setLists } = workspace();
    const view = await ws.reviews.importFile('a.txt', Buffer.from(TEXT));
    const id = view.document.id;
    const byType = (t: string) => view.findings.find((f) => f.type === t)!.id;
    ws.reviews.decide(id, [byType('mobile_phone')], 'accepted');
    ws.reviews.decide(id, [byType('email')], 'rejected', '单位公开邮箱');
    ws.ruleSets.save({ expectedVersion: 0, customRules: [projectRule()], disabledDetectors: ['email'] }, 'admin', '');
    setLists([{ name: '负面清单', version: '2', category: 'negative_list', basis: '第十四条', terms: ['天网工程'] }]);

    const result = await ws.reviews.rescan(id);
    expect(result.added.sort()).toEqual(['customer_list:5-16', `negative_list:${TEXT.indexOf('天网工程')}-${TEXT.indexOf('天网工程') + 4}`]);
    expect(result.removed).toEqual([{ id: byType('email'), type: 'email', text: 'zhang@example.com' }]);
    expect(result.kept).toBe(1);
    const phone = result.view.findings.find((f) => f.type === 'mobile_phone')!;
    expect(phone).toMatchObject({ id: byType('mobile_phone'), decision: 'accepted' });
    expect(result.view.findings.filter((f) => f.decision !== null)).toHaveLength(1);
    expect(result.view.document.undecidedCount).toBe(2);
    expect(result.view.ruleSet).toMatch(/\+office@v1$/);
    expect(result.view.lists).toEqual(['负面清单@2']);

    const logged = lastEntry(ws, 'document.rescan')!;
    expect(logged).toMatchObject({
      review: id,
      ruleSet: result.view.ruleSet,
      lists: ['负面清单@2'],
      officeRules: { version: 1 },
      previous: { ruleSet: view.ruleSet, lists: [] },
      findings: 3,
      added: 2,
      removed: 1,
      kept: 1,
      decisionsDropped: 1,
    });
    // Like every entry: no value found (the e-mail address, the phone number) in the log.
    expect(JSON.stringify(logged)).not.toMatch(/zhang@example\.com|13812345678/);
    expect(ws.log.verify().ok).toBe(true);
    ws.close();
  });

  it('changes nothing but the record when nothing changed', async () => {
    const { ws } = workspace();
    const view = await ws.reviews.importFile('a.txt', Buffer.from(TEXT));
    const result = await ws.reviews.rescan(view.document.id);
    expect(result).toMatchObject({ added: [], removed: [], kept: view.findings.length });
    expect(result.view.findings).toEqual(view.findings);
    ws.close();
  });

  it('refuses a submitted review and an unknown one', async () => {
    const { ws } = workspace();
    const view = await ws.reviews.importFile('a.txt', Buffer.from(TEXT));
    const id = view.document.id;
    ws.reviews.decide(id, view.findings.map((f) => f.id), 'accepted');
    ws.reviews.submit(id, 'public', '可以公开');
    await expect(ws.reviews.rescan(id)).rejects.toMatchObject({ code: 'refused', messageZh: '只有审查中的文档可以重新扫描，已提交的审查不能再改' });
    await expect(ws.reviews.rescan(99)).rejects.toMatchObject({ code: 'not_found' });
    expect(lastEntry(ws, 'document.rescan')).toBeUndefined();
    ws.close();
  });
});
