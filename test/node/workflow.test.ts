import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { provenanceOf } from '../../shared/log/provenance';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/node/ipc-handlers';
import { SessionState } from '../../electron/node/sessions';
import { openWorkspace } from '../../electron/node/workspace';
import { dispatch } from '../../shared/ipc/dispatch';
import { noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();
/** Test-only scrypt cost; the app's default is strong. */
const FAST = { N: 1 << 10 };
const PASSWORD = { admin: 'admin-口令-2026', zhang: 'zhang-口令-2026', li: 'li-口令-20261', wang: 'wang-口令-2026', both: 'both-口令-2026' };

function setup() {
  const dir = tempDir();
  const ws = openWorkspace(join(dir, 'data'), { lists: () => [], accountParams: FAST });
  const sessions = new SessionState(ws);
  const handlers = createHandlers(ws, { chooseSavePath: async () => join(dir, 'out.docx') }, 'test', sessions);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const call = (channel: string, payload: unknown = {}) => dispatch(handlers, channel, payload, { permissions: sessions.permissions() }) as Promise<{ ok: boolean; value?: any; error?: any }>;
  return { dir, ws, sessions, call };
}

describe('people and roles', () => {
  it('runs the workflow: reviewer submits, another person approves, a clerk exports; each step signed by its user', async () => {
    const { dir, ws, call } = setup();
    // Single-operator mode until the first (administrator) account exists.
    expect((await call('session.current')).value).toMatchObject({ mode: 'single_operator', user: null });
    expect((await call('accounts.create', { name: 'admin', displayName: '管理员', roles: ['administrator'], password: PASSWORD.admin })).ok).toBe(true);
    expect((await call('session.current')).value).toMatchObject({ mode: 'accounts', user: null });
    // Signed out: nothing but signing in.
    expect(await call('documents.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await call('session.signIn', { name: 'admin', password: PASSWORD.admin });
    for (const [name, roles] of [['zhang', ['reviewer']], ['li', ['approver']], ['wang', ['clerk']], ['both', ['reviewer', 'approver']]] as const) {
      const r = await call('accounts.create', { name, displayName: name, roles, password: PASSWORD[name] });
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    // An administrator alone reads no documents.
    expect(await call('documents.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    await call('session.signIn', { name: 'zhang', password: PASSWORD.zhang });
    const imported = await call('documents.import', { name: '公示.docx', bytes: noticeDocx() });
    const view = imported.value as { document: { id: number }; findings: { id: string }[] };
    const id = view.document.id;
    await call('review.decide', { id, findingIds: view.findings.map((f) => f.id), decision: 'accepted' });
    expect((await call('review.submit', { id, attribute: 'partial', opinion: '已脱敏' })).ok).toBe(true);
    // A reviewer can neither approve nor export.
    expect(await call('review.approve', { id, opinion: '同意' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('review.export', { id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    await call('session.signIn', { name: 'wang', password: PASSWORD.wang });
    // Not yet approved: even the clerk cannot export.
    expect(await call('review.export', { id })).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining('尚未经审批人批准') } });

    // Returned once for revision: decisions open again, the reviewer submits anew.
    await call('session.signIn', { name: 'li', password: PASSWORD.li });
    expect((await call('review.return', { id, reason: '请核对公开属性' })).value).toMatchObject({ document: { status: 'in_review' } });
    await call('session.signIn', { name: 'zhang', password: PASSWORD.zhang });
    expect((await call('review.submit', { id, attribute: 'partial', opinion: '已核对' })).ok).toBe(true);
    await call('session.signIn', { name: 'li', password: PASSWORD.li });
    const approved = await call('review.approve', { id, opinion: '同意公开' });
    expect(approved.value, JSON.stringify(approved.error)).toMatchObject({ document: { status: 'approved' } });

    await call('session.signIn', { name: 'wang', password: PASSWORD.wang });
    expect((await call('review.export', { id })).value).toMatchObject({ cancelled: false });

    // Every step is signed by the person who took it, and the log verifies with their keys.
    const actors = ws.log.entries().map((e) => JSON.parse(e.body) as { action: string; actor: { name: string; kind: string } });
    const by = (action: string) => actors.filter((a) => a.action === action).map((a) => a.actor.name);
    // An auditor reads the record and changes nothing.
    await call('session.signIn', { name: 'admin', password: PASSWORD.admin });
    await call('accounts.create', { name: 'zhao', displayName: '赵', roles: ['auditor'], password: 'zhao-口令-2026' });
    await call('session.signIn', { name: 'zhao', password: 'zhao-口令-2026' });
    expect((await call('log.verify')).value).toMatchObject({ ok: true });
    for (const [channel, payload] of [
      ['documents.import', { name: 'x.txt', bytes: new Uint8Array([0x61]) }],
      ['review.decide', { id, findingIds: [view.findings[0]!.id], decision: 'rejected' }],
      ['review.approve', { id, opinion: 'x' }],
      ['review.export', { id }],
      ['accounts.create', { name: 'x', displayName: 'x', roles: ['auditor'], password: 'xxxxxxxxxxxx' }],
    ] as const) {
      expect(await call(channel, payload), channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(by('document.import')).toEqual(['zhang']);
    expect(by('review.submit')).toEqual(['zhang', 'zhang']);
    expect(by('review.return')).toEqual(['li']);
    expect(by('review.approve')).toEqual(['li']);
    expect(by('document.export')).toEqual(['wang']);
    expect(by('account.create')).toEqual(['installation', 'admin', 'admin', 'admin', 'admin']);
    // Where the published file comes from: exported by the clerk, submitted by the reviewer, approved by the approver.
    const sha = createHash('sha256').update(readFileSync(join(dir, 'out.docx'))).digest('hex');
    expect(provenanceOf(ws.log.entries(), sha)).toMatchObject({
      known: true,
      exports: [{ actor: 'wang' }],
      submissions: [{ actor: 'zhang' }, { actor: 'zhang' }],
      approvals: [{ actor: 'li' }],
    });
    expect(ws.log.verify().ok).toBe(true);
    ws.close();
  });

  it('keeps the four eyes: whoever submitted cannot approve, and a returned review opens again', async () => {
    const { ws, call } = setup();
    await call('accounts.create', { name: 'admin', displayName: '管理员', roles: ['administrator'], password: PASSWORD.admin });
    await call('session.signIn', { name: 'admin', password: PASSWORD.admin });
    await call('accounts.create', { name: 'both', displayName: '双角色', roles: ['reviewer', 'approver'], password: PASSWORD.both });
    await call('accounts.create', { name: 'li', displayName: '李', roles: ['approver'], password: PASSWORD.li });
    await call('session.signIn', { name: 'both', password: PASSWORD.both });
    const view = (await call('documents.import', { name: 'n.docx', bytes: noticeDocx() })).value as { document: { id: number }; findings: { id: string }[] };
    const id = view.document.id;
    await call('review.decide', { id, findingIds: view.findings.map((f) => f.id), decision: 'accepted' });
    await call('review.submit', { id, attribute: 'partial', opinion: '已脱敏' });
    expect(await call('review.approve', { id, opinion: '同意' })).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringContaining('不能是提交审查的同一人') } });
    // Only an administrator may waive the rule, and the change is on record.
    expect(await call('settings.setSelfApproval', { allowed: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await call('session.signIn', { name: 'admin', password: PASSWORD.admin });
    expect((await call('settings.setSelfApproval', { allowed: true })).value).toEqual({ allowSelfApproval: true });
    expect(ws.log.entries().some((e) => e.body.includes('"settings.change"') && e.body.includes('"name":"admin"'))).toBe(true);
    await call('session.signIn', { name: 'both', password: PASSWORD.both });
    expect((await call('review.approve', { id, opinion: '同意' })).value).toMatchObject({ document: { status: 'approved' } });
    // A review approved can no longer be returned.
    await call('session.signIn', { name: 'li', password: PASSWORD.li });
    expect(await call('review.return', { id, reason: '个人信息遗漏，请补充' })).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(await call('session.signIn', { name: 'li', password: 'wrong-password-x' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: '用户名或口令错误' } });
    ws.close();
  });

  it('verifies the log when the workspace opens, and reports a broken chain to every caller', async () => {
    const { dir, ws, call } = setup();
    await ws.reviews.importFile('n.docx', noticeDocx());
    expect((await call('app.info')).value).toMatchObject({ mode: 'single_operator', startupCheck: { ok: true, brokenAt: null } });
    ws.close();
    const db = new Database(join(dir, 'data', 'mishen.db'));
    db.exec('DROP TRIGGER log_entries_no_update');
    const row = db.prepare('SELECT body FROM log_entries WHERE seq = 2').get() as { body: string };
    db.prepare('UPDATE log_entries SET body = ? WHERE seq = 2').run(row.body.replace('"docx"', '"pdf"'));
    db.close();
    const again = openWorkspace(join(dir, 'data'), { lists: () => [] });
    const handlers = createHandlers(again, { chooseSavePath: async () => null }, 'test');
    const info = await dispatch(handlers, 'app.info', {}, { permissions: new SessionState(again).permissions() });
    expect(info).toMatchObject({ ok: true, value: { startupCheck: { ok: false, brokenAt: 2, message: expect.stringContaining('哈希不符') } } });
    again.close();
  });
});
