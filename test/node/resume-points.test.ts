import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/node/ipc-handlers';
import { SessionState } from '../../electron/node/sessions';
import { openWorkspace } from '../../electron/node/workspace';
import { dispatch } from '../../shared/ipc/dispatch';
import { noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();
const FAST = { N: 1024, r: 8, p: 1 };

describe('resume points', () => {
  it('survive closing the data folder without a clean shutdown, one per person, and forget a deleted review', async () => {
    const dir = tempDir();
    const ws = openWorkspace(dir, { lists: () => [] });
    const view = await ws.reviews.importFile('n.docx', noticeDocx());
    const id = view.document.id;
    ws.resumePoints.set('', { review: id, finding: view.findings[3]!.id });
    ws.resumePoints.set('zhangsan', { review: id, finding: null });
    // No close(): every write is committed at once.
    const again = openWorkspace(dir, { lists: () => [] });
    expect(again.resumePoints.get('')).toEqual({ review: id, finding: view.findings[3]!.id });
    expect(again.resumePoints.get('zhangsan')).toEqual({ review: id, finding: null });
    expect(again.resumePoints.get('lisi')).toBeNull();
    again.resumePoints.set('', null);
    expect(again.resumePoints.get('')).toBeNull();
    // A point to a review that does not exist is not kept.
    again.resumePoints.set('zhangsan', { review: 9999, finding: null });
    expect(again.resumePoints.get('zhangsan')).toBeNull();
    ws.close();
    again.close();
  });

  it('are kept per signed-in person over IPC, validated, and need the right to read documents', async () => {
    const ws = openWorkspace(tempDir(), { lists: () => [], accountParams: FAST });
    const view = await ws.reviews.importFile('n.docx', noticeDocx());
    const sessions = new SessionState(ws);
    const handlers = createHandlers(ws, { chooseSavePath: async () => null }, 'x', sessions);
    const call = (channel: string, payload: unknown) => dispatch(handlers, channel, payload, { permissions: sessions.permissions() });
    // Single operator.
    const point = { review: view.document.id, finding: view.findings[0]!.id };
    expect(await call('review.setResumePoint', { point })).toEqual({ ok: true, value: { point } });
    expect(await call('review.resumePoint', {})).toEqual({ ok: true, value: { point } });
    expect(await call('review.setResumePoint', { point: { review: -1, finding: null } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await call('review.setResumePoint', { point: { ...point, extra: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    // With accounts: each person has their own; signed out, nothing.
    ws.accounts.create(null, { name: 'admin', displayName: '王管理', roles: ['administrator', 'reviewer'], password: 'admin-password-1' });
    expect(await call('review.resumePoint', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    sessions.signIn('admin', 'admin-password-1');
    expect(await call('review.resumePoint', {})).toEqual({ ok: true, value: { point: null } });
    ws.close();
  });
});
