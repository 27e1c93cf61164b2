import { describe, expect, it } from 'vitest';
import { permissionsFor, type Role } from '../../electron/node/accounts/roles';
import { SINGLE_OPERATOR_PERMISSIONS, createHandlers } from '../../electron/node/ipc-handlers';
import { openWorkspace } from '../../electron/node/workspace';
import type { Permission } from '../../shared/ipc/contract';
import { dispatch } from '../../shared/ipc/dispatch';
import { projectRule } from '../fixtures/custom-rules';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

function setup() {
  const ws = openWorkspace(tempDir(), { lists: () => [], allowLists: () => [] });
  const handlers = createHandlers(ws, { chooseSavePath: async () => null }, '0.0.0-test');
  const call = (permissions: ReadonlySet<string>, channel: string, payload: unknown) => dispatch(handlers, channel, payload, { permissions: permissions as ReadonlySet<Permission> });
  const as = (...roles: Role[]) => permissionsFor(roles);
  return { ws, call, as };
}

const save = { expectedVersion: 0, customRules: [projectRule()], disabledDetectors: [], note: '项目编号' };

describe('rule set channels over IPC', () => {
  it('lets administrators manage rules, and forbids reviewers', async () => {
    const { ws, call, as } = setup();
    for (const [channel, payload] of [
      ['rules.ruleSet', {}],
      ['rules.saveRuleSet', save],
      ['rules.diffRuleSet', { from: 0, to: 0 }],
      ['rules.testRule', { rule: projectRule(), text: 'ZX-2024-017' }],
    ] as const) {
      expect(await call(as('reviewer', 'approver', 'clerk', 'auditor'), channel, payload)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await call(as('administrator'), 'rules.saveRuleSet', save)).toMatchObject({ ok: true, value: { version: 1 } });
    expect(await call(as('administrator'), 'rules.ruleSet', {})).toMatchObject({ ok: true, value: { version: 1, customRules: [{ id: 'project_code' }] } });
    expect(await call(as('administrator'), 'rules.diffRuleSet', { from: 0, to: 1 })).toMatchObject({ ok: true, value: { from: 0, to: 1 } });
    expect(await call(as('administrator'), 'rules.testRule', { rule: projectRule(), text: '项目编号 ZX-2024-017' })).toMatchObject({
      ok: true,
      value: { matches: [{ text: 'ZX-2024-017', score: 0.9 }], timedOut: false, refused: null },
    });
    ws.close();
  });

  it('refuses an unsafe rule in Chinese, and a stale save', async () => {
    const { ws, call } = setup();
    const bad = await call(SINGLE_OPERATOR_PERMISSIONS, 'rules.saveRuleSet', { ...save, customRules: [projectRule({ pattern: '(.*)*y' })] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/^规则「项目编号」（project_code）：该表达式可能发生指数级灾难性回溯/) } });
    expect(await call(SINGLE_OPERATOR_PERMISSIONS, 'rules.saveRuleSet', save)).toMatchObject({ ok: true });
    expect(await call(SINGLE_OPERATOR_PERMISSIONS, 'rules.saveRuleSet', save)).toMatchObject({ ok: false, error: { code: 'refused' } });
    const tried = await call(SINGLE_OPERATOR_PERMISSIONS, 'rules.testRule', { rule: projectRule({ pattern: '(a+)+$' }), text: 'aaaa' });
    expect(tried).toMatchObject({ ok: true, value: { matches: [], timedOut: false, refused: expect.stringMatching(/灾难性回溯/) } });
    ws.close();
  });

  it("tries a rule on a review's text only for someone who may read documents", async () => {
    const { ws, call, as } = setup();
    const view = await ws.reviews.importFile('a.txt', Buffer.from('项目编号：ZX-2024-017'));
    const request = { rule: projectRule(), reviewId: view.document.id };
    expect(await call(as('administrator'), 'rules.testRule', request)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(SINGLE_OPERATOR_PERMISSIONS, 'rules.testRule', request)).toMatchObject({ ok: true, value: { matches: [{ text: 'ZX-2024-017' }] } });
    expect(await call(SINGLE_OPERATOR_PERMISSIONS, 'rules.testRule', { rule: projectRule() })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    ws.close();
  });

  it('lets a reviewer re-scan (review.decide), and not an administrator', async () => {
    const { ws, call, as } = setup();
    const view = await ws.reviews.importFile('a.txt', Buffer.from('电话 13812345678'));
    const id = view.document.id;
    expect(await call(as('administrator'), 'review.rescan', { id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(as('reviewer'), 'review.rescan', { id })).toMatchObject({ ok: true, value: { added: [], removed: [], kept: 1 } });
    ws.close();
  });
});
