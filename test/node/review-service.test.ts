import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { PDF_PHONE, longPdf, noticePdf } from '../fixtures/pdf';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../electron/node/workspace';
import { logReport } from '../../electron/node/log/log-report';
import { noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

function workspace() {
  const dir = tempDir();
  return { dir, ws: openWorkspace(dir, { lists: () => [{ name: '清单', version: 'v1', category: 'negative_list', basis: '第十四条', terms: ['天网工程'] }] }) };
}

describe('review workflow', () => {
  it('refuses export while any finding is undecided, and says how many', async () => {
    const { dir, ws } = workspace();
    const view = await ws.reviews.importFile('n.docx', noticeDocx());
    expect(view.findings.length).toBe(11);
    ws.reviews.decide(view.document.id, [view.findings[0]!.id], 'accepted');
    await expect(ws.reviews.exportTo(view.document.id, join(dir, 'o.docx'))).rejects.toThrow(/还有 10 项发现未作决定/);
    expect(existsSync(join(dir, 'o.docx'))).toBe(false);
    ws.close();
  });

  it('closes decisions after submit and refuses export of a withheld document', async () => {
    const { dir, ws } = workspace();
    const view = await ws.reviews.importFile('n.docx', noticeDocx());
    const id = view.document.id;
    ws.reviews.decide(id, view.findings.map((f) => f.id), 'accepted');
    const submitted = ws.reviews.submit(id, 'withheld', '涉及个人隐私，不予公开');
    expect(submitted.document).toMatchObject({ status: 'submitted', attribute: 'withheld', undecidedCount: 0 });
    expect(() => ws.reviews.decide(id, [view.findings[0]!.id], 'rejected')).toThrow(/已提交/);
    await expect(ws.reviews.exportTo(id, join(dir, 'o.docx'))).rejects.toThrow(/不予公开/);
    ws.close();
  });

  it('exports atomically: no temporary file is left beside the output', async () => {
    const { dir, ws } = workspace();
    const view = await ws.reviews.importFile('n.docx', noticeDocx());
    ws.reviews.decide(view.document.id, view.findings.map((f) => f.id), 'accepted');
    const out = await ws.reviews.exportTo(view.document.id, join(dir, 'o.docx'));
    expect(out.redactedSpans).toBe(11);
    expect(readdirSync(dir).filter((n) => n.includes('.part'))).toEqual([]);
    expect(ws.reviews.open(view.document.id).document.status).toBe('exported');
    ws.close();
  });

  it('leaves nothing behind when a file fails to import', async () => {
    const { dir, ws } = workspace();
    await expect(ws.reviews.importFile('bad.docx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toThrow();
    expect(ws.reviews.list()).toEqual([]);
    expect(ws.log.count()).toBe(1); // genesis only
    expect(readdirSync(join(dir, 'blobs'))).toEqual([]);
    ws.close();
  });

  it('rejects decisions on unknown findings', async () => {
    const { ws } = workspace();
    const view = await ws.reviews.importFile('n.txt', Buffer.from('电话 13812345678'));
    expect(() => ws.reviews.decide(view.document.id, ['id_card:0-18'], 'accepted')).toThrow(/未知的发现项/);
    ws.close();
  });

  it('keeps decisions across a restart', async () => {
    const { dir, ws } = workspace();
    const view = await ws.reviews.importFile('n.docx', noticeDocx());
    ws.reviews.decide(view.document.id, [view.findings[1]!.id], 'rejected', '已公开的办公电话');
    ws.close();
    const again = openWorkspace(dir, { lists: () => [] });
    const reopened = again.reviews.open(view.document.id);
    expect(reopened.findings[1]).toMatchObject({ decision: 'rejected', reason: '已公开的办公电话' });
    expect(reopened.lists).toEqual(['清单@v1']);
    again.close();
  });
});

describe('manual redactions', () => {
  it('adds spans the engine missed to the plan, logs them without their text, and withdraws them until submit', async () => {
    const { dir, ws } = workspace();
    const text = '关于蓝鲸行动的通知\n联系人：王芳，电话：13812345678。\n';
    const view = await ws.reviews.importFile('通知.txt', Buffer.from(text));
    const id = view.document.id;
    const at = text.indexOf('蓝鲸行动');
    const added = ws.reviews.addManual(id, [{ start: at, end: at + 4 }], '内部项目代号', '《中华人民共和国政府信息公开条例》第十六条');
    expect(added.manual).toMatchObject([{ start: at, end: at + 4, text: '蓝鲸行动', reason: '内部项目代号', location: '第1行第3列' }]);
    expect(() => ws.reviews.addManual(id, [{ start: 0, end: text.length + 5 }], '越界', 'b')).toThrow(/不在文稿内/);
    expect(() => ws.reviews.addManual(id, [{ start: text.indexOf('\n'), end: text.indexOf('\n') + 1 }], '空白', 'b')).toThrow(/空白/);
    expect(() => ws.reviews.addManual(id, [{ start: 0, end: 2 }], ' ', 'b')).toThrow(/理由/);
    const second = ws.reviews.addManual(id, [{ start: 0, end: 2 }], '标题用语', 'b').manual.find((m) => m.start === 0)!;
    expect(ws.reviews.removeManual(id, second.id).manual).toHaveLength(1);
    const bodies = ws.log.entries().map((e) => e.body);
    expect(bodies.filter((b) => b.includes('review.manual_add'))).toHaveLength(2);
    expect(bodies.some((b) => b.includes('review.manual_remove'))).toBe(true);
    expect(bodies.some((b) => b.includes('蓝鲸行动'))).toBe(false);
    ws.reviews.decide(id, added.findings.map((f) => f.id), 'accepted');
    ws.reviews.submit(id, 'partial', '已脱敏');
    expect(() => ws.reviews.addManual(id, [{ start: 0, end: 2 }], '太晚了', 'b')).toThrow(/已提交/);
    const out = await ws.reviews.exportTo(id, join(dir, 'o.txt'), { style: { style: 'block', byCategory: { manual: 'label' } } });
    const written = readFileSync(join(dir, 'o.txt'), 'utf8');
    expect(written).toContain('关于[已删除]的通知');
    expect(written).not.toContain('蓝鲸');
    expect(out.redactions.find((r) => r.category === '人工标注')).toMatchObject({ type: '人工脱敏', reason: '内部项目代号', place: '第1行第3列' });
    ws.close();
  });
  it('adds many spans at once (a search), merged where they touch, in one transaction and one log entry', async () => {
    const { ws } = workspace();
    const text = '蓝鲸行动第一阶段。蓝鲸行动第二阶段。\n';
    const id = (await ws.reviews.importFile('s.txt', Buffer.from(text))).document.id;
    const second = text.lastIndexOf('蓝鲸行动');
    const entries = ws.log.count();
    // One span out of range refuses them all: nothing is stored or logged.
    expect(() => ws.reviews.addManual(id, [{ start: 0, end: 4 }, { start: 0, end: text.length + 1 }], '内部项目代号', 'b')).toThrow(/不在文稿内/);
    expect(ws.reviews.open(id).manual).toEqual([]);
    expect(ws.log.count()).toBe(entries);
    // The third span overlaps the first and the fourth touches it: they join.
    const view = ws.reviews.addManual(id, [{ start: second, end: second + 4 }, { start: 0, end: 4 }, { start: 2, end: 5 }, { start: 5, end: 6 }], '内部项目代号', 'b');
    expect(view.manual.map((m) => [m.start, m.end, m.text])).toEqual([[0, 6, '蓝鲸行动第一'], [second, second + 4, '蓝鲸行动']]);
    expect(ws.log.count()).toBe(entries + 1);
    const entry = JSON.parse(ws.log.entries().at(-1)!.body) as { action: string; data: Record<string, unknown> };
    expect(entry).toMatchObject({ action: 'review.manual_add', data: { spans: [{ start: 0, end: 6 }, { start: second, end: second + 4 }], length: 10 } });
    expect(JSON.stringify(entry)).not.toContain('蓝鲸');
    expect(logReport(ws.log, { review: id }).entries[0]).toMatchObject({ action: '人工脱敏', summary: '2 处（10 字）' });
    expect(ws.log.verify().ok).toBe(true);
    ws.close();
  });
});

describe('taking a decision back', () => {
  it('opens the findings again and logs it like any decision, until the review is submitted', async () => {
    const { ws } = workspace();
    const view = await ws.reviews.importFile('n.docx', noticeDocx());
    const id = view.document.id;
    const ids = view.findings.slice(0, 3).map((f) => f.id);
    expect(ws.reviews.decide(id, ids, 'accepted', '个人信息').document.undecidedCount).toBe(view.findings.length - 3);
    const back = ws.reviews.decide(id, ids.slice(0, 2), 'undecided');
    expect(back.document.undecidedCount).toBe(view.findings.length - 1);
    expect(back.findings.slice(0, 3).map((f) => [f.decision, f.reason])).toEqual([[null, null], [null, null], ['accepted', '个人信息']]);
    const entry = JSON.parse(ws.log.entries().at(-1)!.body) as { action: string; data: { decision: string; findings: { id: string }[] } };
    expect(entry).toMatchObject({ action: 'review.decide', data: { decision: 'undecided', reason: null } });
    expect(entry.data.findings.map((f) => f.id)).toEqual(ids.slice(0, 2));
    expect(ws.log.verify().ok).toBe(true);
    expect(logReport(ws.log, { review: id }).entries[0]).toMatchObject({ action: '审查决定', summary: '撤回决定 2 项' });
    expect(logReport(ws.log).months[0]).toMatchObject({ accepted: 3, rejected: 0 });
    expect(ws.reviews.record(id).items.slice(0, 3).map((i) => i.decision)).toEqual(['未决定', '未决定', '脱敏']);
    ws.reviews.decide(id, view.findings.map((f) => f.id), 'rejected');
    ws.reviews.submit(id, 'public', '可以公开');
    expect(() => ws.reviews.decide(id, ids, 'undecided')).toThrow(/已提交/);
    ws.close();
  });
});

describe('documents with markings', () => {
  it('refuses export while a marking stands, and allows it after a logged override or a rejection', async () => {
    const { dir, ws } = workspace();
    const text = '秘密★1年\n关于某项工作的通知\n联系电话：13812345678\n';
    const view = await ws.reviews.importFile('m.txt', Buffer.from(text));
    const marking = view.findings.find((f) => f.type === 'secret_mark')!;
    expect(marking.blocksExport).toBe(true);
    ws.reviews.decide(view.document.id, view.findings.map((f) => f.id), 'accepted');
    await expect(ws.reviews.exportTo(view.document.id, join(dir, 'o.txt'))).rejects.toThrow(/密级.*覆盖理由/);
    expect(() => ws.reviews.overrideMarking(view.document.id, '短')).toThrow(/过短/);
    ws.reviews.overrideMarking(view.document.id, '经保密委员会批准解密（2024-03 解密通知）');
    expect((await ws.reviews.exportTo(view.document.id, join(dir, 'o.txt'))).redactedSpans).toBe(2);
    const actions = ws.log.entries().map((e) => JSON.parse(e.body).action);
    expect(actions).toContain('review.override');
    expect(ws.log.verify().ok).toBe(true);

    const second = await ws.reviews.importFile('m2.txt', Buffer.from(`${text}\n`));
    ws.reviews.decide(second.document.id, [second.findings.find((f) => f.type === 'secret_mark')!.id], 'rejected', '示例文字，非真实密级标识');
    ws.reviews.decide(second.document.id, second.findings.filter((f) => f.type !== 'secret_mark').map((f) => f.id), 'accepted');
    expect((await ws.reviews.exportTo(second.document.id, join(dir, 'o2.txt'))).redactedSpans).toBe(1);
    ws.close();
  });
});

describe('PDF reviews', () => {
  it('imports a PDF into a review, places findings by page, and reopens from the stored extract', async () => {
    const { dir, ws } = workspace();
    const view = await ws.reviews.importFile('通知.pdf', noticePdf());
    expect(view.document.format).toBe('pdf');
    const phone = view.findings.find((f) => f.text === PDF_PHONE)!;
    expect(phone.location).toBe('第1页');
    expect(view.warnings).toContain('needs_ocr:2');
    ws.close();
    const again = openWorkspace(dir, { lists: () => [] });
    expect(again.reviews.open(view.document.id).findings.length).toBe(view.findings.length);
    again.close();
  });

  it('keeps each review on the text model it was scanned on, and refuses an altered one', async () => {
    const { dir, ws } = workspace();
    const view = await ws.reviews.importFile('通知.pdf', noticePdf());
    const row = ws.db.prepare('SELECT extract_sha256 AS sha FROM reviews WHERE id = ?').get(view.document.id) as { sha: string };
    const path = join(dir, 'blobs', row.sha.slice(0, 2), `${row.sha}.extract.json`);
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(row.sha);
    // The signed log names the extract too.
    const bodies = ws.log.entries().map((e) => JSON.parse(e.body) as { action: string; data: { extract?: string } });
    expect(bodies.some((b) => b.action === 'document.import' && b.data.extract === row.sha)).toBe(true);
    // A second import of the same file shares the extract.
    const second = await ws.reviews.importFile('通知（再次导入）.pdf', noticePdf());
    expect((ws.db.prepare('SELECT extract_sha256 AS sha FROM reviews WHERE id = ?').get(second.document.id) as { sha: string }).sha).toBe(row.sha);
    ws.close();

    // Someone edits the stored text (say, to move a finding off a name): the review is refused, not shown.
    const json = readFileSync(path, 'utf8');
    writeFileSync(path, json.replace(PDF_PHONE, PDF_PHONE.replace(/\d/g, '0')));
    const again = openWorkspace(dir, { lists: () => [] });
    expect(() => again.reviews.open(view.document.id)).toThrow(expect.objectContaining({ code: 'refused', messageZh: expect.stringContaining('已被改动') }));
    rmSync(path);
    expect(() => again.reviews.open(view.document.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    again.close();
  });

  it('asks for the password of an encrypted PDF with its own error code', async () => {
    const { ws } = workspace();
    const dir = tempDir();
    writeFileSync(join(dir, 'plain.pdf'), noticePdf());
    execFileSync('qpdf', ['--encrypt', '用户密码', 'owner-secret', '256', '--', join(dir, 'plain.pdf'), join(dir, 'locked.pdf')]);
    const locked = readFileSync(join(dir, 'locked.pdf'));
    await expect(ws.reviews.importFile('x.pdf', locked)).rejects.toMatchObject({ code: 'password_required' });
    expect(ws.reviews.list()).toEqual([]);
    const view = await ws.reviews.importFile('x.pdf', locked, { password: '用户密码' });
    expect(view.findings.some((f) => f.text === PDF_PHONE)).toBe(true);
    ws.close();
  });
});

describe('building the copy of a long PDF', () => {
  it('reports pages drawn, then pages read back, and stops when cancelled', async () => {
    const { ws } = workspace();
    const id = (await ws.reviews.importFile('年度报告.pdf', longPdf(5))).document.id;
    ws.reviews.submit(id, 'public', '可以公开');
    // Stopped after the first page: nothing is kept, and the next preview builds it again.
    const stop = new AbortController();
    const built = ws.reviews.preview(id, { signal: stop.signal, onProgress: (stage, done) => stage === 'export' && done === 1 && stop.abort() });
    await expect(built).rejects.toMatchObject({ code: 'cancelled' });
    const seen: string[] = [];
    await ws.reviews.preview(id, { onProgress: (stage, done, total) => seen.push(`${stage} ${done}/${total}`) });
    expect(seen.filter((s) => s.startsWith('export'))).toEqual(['export 1/5', 'export 2/5', 'export 3/5', 'export 4/5', 'export 5/5']);
    expect(seen.at(-1)).toBe('verify 5/5');
    ws.close();
  });
});
