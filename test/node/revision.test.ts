import { describe, expect, it } from 'vitest';
import { SINGLE_OPERATOR_PERMISSIONS, createHandlers } from '../../electron/node/ipc-handlers';
import { openWorkspace } from '../../electron/node/workspace';
import { dispatch } from '../../shared/ipc/dispatch';
import type { ReviewView } from '../../shared/ipc/views';
import type { TermList } from '../../shared/rules/term-list';
import { buildDocx } from '../fixtures/docx';
import { buildPdf } from '../fixtures/pdf';
import { EMAIL, LIST_TERM, MOBILE, PERSON_ID, PERSON_ID_2 } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';
import { logBodies } from '../fixtures/log';

const tempDir = useTempDirs();
const LISTS: TermList[] = [{ name: '负面清单', version: '1', category: 'negative_list', basis: '第十四条', terms: [LIST_TERM] }];
const NEW_MOBILE = '13900112233';
const INSERTED_MOBILE = '13700001111';

const OLD = [
  '关于补贴发放的公示',
  `申请人：李明，公民身份号码：${PERSON_ID}。`,
  `联系人电话 ${MOBILE}，请核对。`,
  '以上名单已经科室初审。',
  `涉及${LIST_TERM}的内容暂不公开。`,
  `如有异议，请与市政府办公室联系，邮箱 ${EMAIL}。`,
].join('\n');
// Line 3's number changed, line 4 deleted, a line inserted after line 5.
const NEW = [
  '关于补贴发放的公示',
  `申请人：李明，公民身份号码：${PERSON_ID}。`,
  `联系人电话 ${NEW_MOBILE}，请核对。`,
  `涉及${LIST_TERM}的内容暂不公开。`,
  `补充：值班手机 ${INSERTED_MOBILE}。`,
  `如有异议，请与市政府办公室联系，邮箱 ${EMAIL}。`,
].join('\n');

function workspace(dir = tempDir()) {
  return openWorkspace(dir, { lists: () => LISTS, allowLists: () => [] });
}

function entries(ws: ReturnType<typeof openWorkspace>, action: string) {
  return logBodies(ws, action).map((b) => b.data);
}

const byText = (view: ReviewView, text: string) => view.findings.find((f) => f.text === text)!;

/** Reviews the old draft: every finding accepted except the e-mail address (kept, with a reason); two manual spans. */
async function reviewedOld(ws: ReturnType<typeof openWorkspace>) {
  const old = await ws.reviews.importFile('公示.txt', Buffer.from(OLD));
  const id = old.document.id;
  const email = byText(old, EMAIL).id;
  ws.reviews.decide(id, old.findings.filter((f) => f.id !== email).map((f) => f.id), 'accepted');
  ws.reviews.decide(id, [email], 'rejected', '单位公开邮箱');
  const office = OLD.indexOf('市政府办公室');
  const draft = OLD.indexOf('科室初审');
  ws.reviews.addManual(id, [{ start: office, end: office + 6 }], '内设机构名称暂不公开', '工作秘密');
  ws.reviews.addManual(id, [{ start: draft, end: draft + 4 }], '过程性信息', '过程性信息（条例第十六条）');
  return ws.reviews.open(id);
}

describe('importing a revised draft', () => {
  it('carries decisions and reasons of unchanged findings, puts changed and inserted ones before the reviewer, and reports the deletion', async () => {
    const ws = workspace();
    const old = await reviewedOld(ws);
    const view = await ws.reviews.importRevision(old.document.id, '公示（修订稿）.txt', Buffer.from(NEW));
    const rev = view.revision!;
    expect(view.document.revisionOf).toBe(old.document.id);
    expect(rev).toMatchObject({ of: old.document.id, ofName: '公示.txt', complete: true });

    // Unchanged text: the decisions (and the reason) come along, at the new offsets.
    for (const text of [PERSON_ID, LIST_TERM, EMAIL]) {
      const before = byText(old, text);
      const now = byText(view, text);
      expect(now, text).toMatchObject({ decision: before.decision, reason: before.reason });
      expect(rev.carried).toContain(now.id);
      expect(rev.fresh).not.toContain(now.id);
    }
    expect(byText(view, EMAIL).reason).toBe('单位公开邮箱');
    expect(byText(view, LIST_TERM).start).not.toBe(byText(old, LIST_TERM).start); // moved up by the deleted line

    // The changed number and the inserted line: undecided, fresh, inside changed ranges.
    for (const text of [NEW_MOBILE, INSERTED_MOBILE]) {
      const f = byText(view, text);
      expect(f.decision, text).toBeNull();
      expect(rev.fresh).toContain(f.id);
      expect(rev.changes.some((c) => c.start < f.end && f.start < c.end), text).toBe(true);
    }
    const inserted = NEW.indexOf('补充');
    expect(rev.changes).toContainEqual({ start: inserted, end: NEW.indexOf('\n', inserted) + 1, kind: 'inserted', where: '第5行第1列' });
    expect(rev.changes.find((c) => c.kind === 'changed')).toMatchObject({ where: expect.stringMatching(/^第3行/) });
    expect(rev.fresh).toHaveLength(view.findings.length - rev.carried.length);
    expect(view.document.undecidedCount).toBe(rev.fresh.length);

    // The deleted line, anchored where it stood; the old number, replaced.
    expect(rev.deleted).toContainEqual({ at: NEW.indexOf(`涉及${LIST_TERM}`), text: '以上名单已经科室初审。\n', where: '第4行第1列' });
    expect(rev.deleted.map((d) => d.text).join('')).toContain(MOBILE.slice(3));

    // Manual redactions: the one in unchanged text moved with it; the one in deleted text is gone.
    expect(view.manual).toHaveLength(1);
    expect(view.manual[0]).toMatchObject({ text: '市政府办公室', reason: '内设机构名称暂不公开', basis: '工作秘密' });

    // The earlier review is left as it was, but names its revision.
    expect(ws.reviews.open(old.document.id)).toEqual({ ...old, revisedBy: [{ id: view.document.id, name: expect.any(String), importedAt: expect.any(String) }] });
    ws.close();
  });

  it('logs document.revision in the import transaction, without texts, and the log verifies', async () => {
    const ws = workspace();
    const old = await reviewedOld(ws);
    const view = await ws.reviews.importRevision(old.document.id, '公示（修订稿）.txt', Buffer.from(NEW));
    const [logged] = entries(ws, 'document.revision');
    expect(logged).toMatchObject({
      review: view.document.id,
      document: view.document.sha256,
      of: old.document.id,
      ofDocument: old.document.sha256,
      complete: true,
      carried: view.revision!.carried.length,
      changed: 2,
      new: 0,
      dropped: 1,
      manualCarried: 1,
      manualDropped: 1,
    });
    expect((logged!.decisions as unknown[]).length).toBe(view.revision!.carried.length);
    expect(entries(ws, 'document.import').at(-1)).toMatchObject({ review: view.document.id });
    const text = JSON.stringify(logged);
    for (const secret of [PERSON_ID, MOBILE, NEW_MOBILE, EMAIL, LIST_TERM, '科室初审', '单位公开邮箱']) expect(text).not.toContain(secret);
    expect(ws.log.verify().ok).toBe(true);
    ws.close();
  });

  it('reads the same after a restart; a carried decision changed is the reviewer’s own, confirmed it keeps its origin', async () => {
    const dir = tempDir();
    let ws = workspace(dir);
    const old = await reviewedOld(ws);
    const first = await ws.reviews.importRevision(old.document.id, '公示（修订稿）.txt', Buffer.from(NEW));
    ws.close();
    ws = workspace(dir);
    const again = ws.reviews.open(first.document.id);
    expect(again.revision).toEqual(first.revision);
    const id = byText(again, PERSON_ID).id;
    expect(ws.reviews.decide(first.document.id, [id], 'accepted').revision!.carried).toContain(id);
    const changed = ws.reviews.decide(first.document.id, [id], 'rejected', '已公开');
    expect(changed.revision!.carried).not.toContain(id);
    expect(changed.revision!.fresh).toEqual(first.revision!.fresh);
    ws.close();
  });

  it('links the versions in the record: the earlier review, and each carried decision', async () => {
    const ws = workspace();
    const old = await reviewedOld(ws);
    const view = await ws.reviews.importRevision(old.document.id, '公示（修订稿）.txt', Buffer.from(NEW));
    const record = ws.reviews.record(view.document.id);
    expect(record.revisionOf).toEqual({ id: old.document.id, name: '公示.txt', sha256: old.document.sha256, carried: view.revision!.carried.length });
    const carried = record.items.filter((i) => i.carriedFrom === old.document.id);
    expect(carried).toHaveLength(view.revision!.carried.length);
    expect(record.items.filter((i) => i.decision === '未决定' && i.carriedFrom === undefined)).toHaveLength(view.revision!.fresh.length);
    expect(ws.reviews.record(old.document.id).revisionOf).toBeUndefined();
    // Whoever opens the earlier review learns of the newer one.
    expect(ws.reviews.open(old.document.id).revisedBy).toEqual([{ id: view.document.id, name: '公示（修订稿）.txt', importedAt: expect.any(String) }]);
    expect(view.revisedBy).toBeUndefined();
    ws.close();
  });

  it('keeps a decision when only the words around the finding changed, and not when the scan no longer finds it so', async () => {
    let lists = LISTS;
    const ws = openWorkspace(tempDir(), { lists: () => lists, allowLists: () => [] });
    const old = await ws.reviews.importFile('a.txt', Buffer.from(`申请人：李明，公民身份号码：${PERSON_ID}。\n涉及${LIST_TERM}。`));
    ws.reviews.decide(old.document.id, old.findings.map((f) => f.id), 'accepted');
    lists = []; // the office took the term off its list since
    const view = await ws.reviews.importRevision(old.document.id, 'b.txt', Buffer.from(`申请单位经办人：李明，身份证号：${PERSON_ID}。\n涉及${LIST_TERM}。`));
    expect(byText(view, PERSON_ID).decision).toBe('accepted');
    expect(view.findings.some((f) => f.text === LIST_TERM)).toBe(false);
    expect(view.revision!.changes.length).toBeGreaterThan(0);
    expect(entries(ws, 'document.revision')[0]).toMatchObject({ dropped: 1 });
    ws.close();
  });

  it('compares a DOCX revision paragraph by paragraph', async () => {
    const ws = workspace();
    const paragraphs = ['关于征求意见的函', `联系人：王芳，联系电话：${MOBILE}。`, '请于3月10日前反馈意见。', `涉及${LIST_TERM}的事项另行通知。`];
    const old = await ws.reviews.importFile('函.docx', buildDocx({ paragraphs, table: [['姓名', '身份证号'], ['赵强', PERSON_ID_2]] }));
    ws.reviews.decide(old.document.id, old.findings.map((f) => f.id), 'accepted');
    const revised = [paragraphs[0]!, paragraphs[1]!, `补充联系人身份证号：${PERSON_ID}。`, '请于3月20日前反馈意见。', paragraphs[3]!];
    const view = await ws.reviews.importRevision(old.document.id, '函（修订稿）.docx', buildDocx({ paragraphs: revised, table: [['姓名', '身份证号'], ['赵强', PERSON_ID_2]] }));
    const rev = view.revision!;
    for (const text of [MOBILE, LIST_TERM, PERSON_ID_2]) expect(byText(view, text).decision, text).toBe('accepted');
    const added = byText(view, PERSON_ID);
    expect(added.decision).toBeNull();
    expect(rev.fresh).toEqual([added.id]);
    expect(rev.changes.map((c) => c.where)).toEqual(expect.arrayContaining(['正文第3段', '正文第4段']));
    // Character by character inside a changed paragraph: 10 → 20 is one character replaced.
    expect(rev.deleted).toContainEqual({ at: view.text.indexOf('20日'), text: '1', where: '正文第4段' });
    expect(rev.changes).toContainEqual({ start: view.text.indexOf('20日'), end: view.text.indexOf('20日') + 1, kind: 'changed', where: '正文第4段' });
    expect(view.document.undecidedCount).toBe(1);
    ws.close();
  });

  it('compares a PDF revision where one page changed', async () => {
    const ws = workspace();
    const line = (y: number, text: string) => ({ x: 72, y, size: 12, text });
    const page = (n: number, phone: string) => ({ texts: [line(760, `第${n}页 联系电话：${phone}`), line(730, `本页说明第${n}条，请核对。`)] });
    const old = await ws.reviews.importFile('名单.pdf', buildPdf({ pages: [page(1, MOBILE), page(2, '13600001234'), page(3, '13500005678')] }));
    ws.reviews.decide(old.document.id, old.findings.map((f) => f.id), 'accepted');
    const view = await ws.reviews.importRevision(old.document.id, '名单（修订稿）.pdf', buildPdf({ pages: [page(1, MOBILE), page(2, '13600009999'), page(3, '13500005678')] }));
    const rev = view.revision!;
    expect(byText(view, MOBILE).decision).toBe('accepted');
    expect(byText(view, '13500005678').decision).toBe('accepted');
    const changed = byText(view, '13600009999');
    expect(changed).toMatchObject({ decision: null, location: '第2页' });
    expect(rev.fresh).toEqual([changed.id]);
    expect(rev.changes.length).toBeGreaterThan(0);
    expect(rev.changes.every((c) => c.where === '第2页')).toBe(true);
    ws.close();
  });

  it('refuses an unknown earlier review, and a cancelled revision leaves nothing', async () => {
    const ws = workspace();
    await expect(ws.reviews.importRevision(42, 'b.txt', Buffer.from(NEW))).rejects.toMatchObject({ code: 'not_found' });
    const old = await reviewedOld(ws);
    const controller = new AbortController();
    const importing = ws.reviews.importRevision(old.document.id, 'b.txt', Buffer.from(NEW), {
      signal: controller.signal,
      onStage: (stage) => stage === 'compare' && controller.abort(),
    });
    await expect(importing).rejects.toMatchObject({ code: 'cancelled' });
    expect(ws.reviews.list()).toHaveLength(1);
    expect(entries(ws, 'document.revision')).toEqual([]);
    ws.close();
  });

  it('is one IPC channel, followed as a job and needing the right to import', async () => {
    const ws = workspace();
    const old = await reviewedOld(ws);
    const handlers = createHandlers(ws, { chooseSavePath: async () => null }, '0.0.0-test');
    const request = { of: old.document.id, name: '公示（修订稿）.txt', bytes: new Uint8Array(Buffer.from(NEW)), jobId: crypto.randomUUID() };
    const denied = await dispatch(handlers, 'documents.importRevision', request, { permissions: new Set(['document.read']) });
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const done = await dispatch(handlers, 'documents.importRevision', request, { permissions: SINGLE_OPERATOR_PERMISSIONS });
    expect(done).toMatchObject({ ok: true, value: { revision: { of: old.document.id } } });
    expect(await dispatch(handlers, 'documents.importRevision', { ...request, of: 0 }, { permissions: SINGLE_OPERATOR_PERMISSIONS })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    ws.close();
  });
});
