import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL, LIST_TERM, MOBILE, PERSON_ID, PERSON_ID_2, noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';
import { buildDocx } from '../fixtures/docx';
import { PDF_PHONE, longPdf, noticePdf } from '../fixtures/pdf';
import { execFileSync } from 'node:child_process';
import { HARNESS_ORIGIN, startHarness, type Harness } from './harness';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'e2e');
const tempDir = useTempDirs();

describe('reviewer workflow in Chromium', () => {
  let h: Harness;
  let work: string;
  let exportPath: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'mishen-e2e-'));
    const dataDir = join(work, 'data');
    mkdirSync(join(dataDir, 'lists'), { recursive: true });
    writeFileSync(join(dataDir, 'lists', '本机负面清单.txt'), `${LIST_TERM}\n`);
    writeFileSync(join(work, '关于年度报告的公示.docx'), noticeDocx());
    exportPath = join(work, '公示（脱敏）.docx');
    h = await startHarness(dataDir, () => exportPath);
  });

  afterAll(async () => {
    await h?.close();
    (await import('node:fs')).rmSync(work, { recursive: true, force: true });
  });

  it('imports a DOCX, highlights findings, decides by keyboard and mouse, submits, exports, and verifies the log', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByRole('heading', { name: '导入待审文稿' }).waitFor();
    await page.screenshot({ path: join(SHOTS, '01-home-empty.png') });

    await page.getByTestId('file-input').setInputFiles(join(work, '关于年度报告的公示.docx'));
    await page.locator('mark.hl').first().waitFor();
    const marks = page.locator('mark.hl');
    expect(await marks.count()).toBe(11);
    const text = await page.getByTestId('document-text').innerText();
    expect(text).toContain('关于2024年度政府信息公开工作年度报告的公示');
    for (const v of [PERSON_ID, PERSON_ID_2, MOBILE, EMAIL, LIST_TERM]) {
      expect(await page.locator('mark.hl', { hasText: v }).count(), v).toBeGreaterThan(0);
    }
    await expect.poll(() => page.getByTestId('progress').innerText()).toBe('已决定 0 / 11');
    await page.screenshot({ path: join(SHOTS, '02-review-findings.png') });

    // Keyboard: A redacts the selected finding and moves on; R keeps one (the applicant's phone here).
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('progress').innerText()).toBe('已决定 1 / 11');
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('progress').innerText()).toBe('已决定 2 / 11');
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('progress').innerText()).toBe('已决定 3 / 11');
    expect(await page.locator('li.finding.state-rejected').count()).toBe(1);

    await expect.poll(async () => page.getByRole('button', { name: '导出脱敏稿' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '全部确认脱敏' }).click();
    await expect.poll(() => page.getByTestId('progress').innerText()).toBe('已决定 11 / 11');
    expect(await page.locator('mark.hl.state-accepted').count()).toBe(10);

    await page.getByLabel('部分公开').check();
    await page.getByRole('textbox').fill('经审查，已对个人信息和负面清单事项作脱敏处理，其余内容可以公开。');
    await page.getByRole('button', { name: '提交审查' }).click();
    await page.getByText('审查已提交').waitFor();
    await page.screenshot({ path: join(SHOTS, '03-review-decided.png') });

    // The clerk sees the copy, read back from its bytes, beside the original before release.
    await page.getByRole('button', { name: '导出脱敏稿' }).click();
    const preview = page.getByTestId('export-preview');
    await preview.getByTestId('preview-redacted').waitFor();
    expect(await preview.getByTestId('preview-original').innerText()).toContain(PERSON_ID);
    const copy = await preview.getByTestId('preview-redacted').innerText();
    for (const v of [PERSON_ID, PERSON_ID_2, EMAIL, LIST_TERM]) expect(copy).not.toContain(v);
    expect(copy).toContain('■■■■■■■■■■■■■■■■■■');
    expect(await preview.getByRole('status').last().innerText()).toContain('泄密检查已通过');
    await page.screenshot({ path: join(SHOTS, '16-export-preview-side-by-side.png') });
    // Partial masks for personal information: the copy is rebuilt.
    await preview.getByRole('combobox', { name: '个人信息', exact: true }).selectOption('mask');
    await expect.poll(async () => (await preview.getByTestId('preview-redacted').innerText()).includes(`${PERSON_ID.slice(0, 6)}********${PERSON_ID.slice(14)}`), { timeout: 20_000 }).toBe(true);
    await preview.getByRole('tab', { name: '差异' }).click();
    const diff = await preview.getByTestId('preview-diff').innerText();
    expect(diff).toMatch(/共 \d+ 处差异/);
    // A partial mask differs from the ID only in its middle digits.
    expect(diff).toContain(`${PERSON_ID.slice(6, 14)}********`);
    await page.screenshot({ path: join(SHOTS, '17-export-preview-diff.png') });
    await preview.getByRole('tab', { name: '区分处理说明' }).click();
    const reasons = preview.getByTestId('preview-reasons');
    expect(await reasons.locator('tbody tr').count()).toBe(10);
    expect(await reasons.innerText()).toContain('身份证号');
    expect(await reasons.innerText()).not.toContain(PERSON_ID);
    await page.screenshot({ path: join(SHOTS, '18-export-preview-reasons.png') });
    await preview.getByRole('button', { name: '确认导出' }).click();
    await page.getByTestId('export-result').waitFor();
    expect(await page.getByTestId('export-result').innerText()).toContain('泄密检查已通过');
    await page.screenshot({ path: join(SHOTS, '04-exported.png') });

    const { value } = await mammoth.extractRawText({ path: exportPath });
    for (const v of [PERSON_ID, PERSON_ID_2, EMAIL, LIST_TERM]) expect(value).not.toContain(v);
    expect(value).toContain(`${PERSON_ID.slice(0, 6)}********${PERSON_ID.slice(14)}`); // the style chosen in the preview
    expect(value).toContain(MOBILE); // kept by the reviewer
    const kept = h.workspace.reviews.list()[0]!;
    expect(kept.status).toBe('exported');

    await page.getByRole('button', { name: '审查日志' }).click();
    await page.getByTestId('log-status').waitFor();
    expect(await page.getByTestId('log-status').innerText()).toMatch(/验证通过：9 条记录/);
    await page.screenshot({ path: join(SHOTS, '05-log-verified.png') });

    await page.getByRole('button', { name: '文档' }).click();
    await page.getByRole('cell', { name: '已导出' }).waitFor();
    await page.screenshot({ path: join(SHOTS, '06-home-with-review.png') });

    expect(h.foreignRequests).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  it('blocks export of a marked document until an override reason is recorded', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    const dir = tempDir();
    writeFileSync(join(dir, '内部通知.txt'), `000015\n秘密★1年\n关于召开专题会议的通知\n联系人：王芳，电话：${MOBILE}\n`);
    exportPath = join(dir, '内部通知（脱敏）.txt');
    await page.getByTestId('file-input').setInputFiles(join(dir, '内部通知.txt'));
    await page.getByRole('alert').filter({ hasText: '此文档含密级' }).waitFor();
    expect(await page.locator('mark.hl.cat-classified').count()).toBe(2);
    await page.getByRole('button', { name: '全部确认脱敏' }).click();
    await page.getByText('文档含 1 处密级或公开属性标识').waitFor();
    expect(await page.getByRole('button', { name: '导出脱敏稿' }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, '09-marking-blocks-export.png') });
    await page.getByLabel('覆盖理由').fill('经定密责任人批准解密，解密通知：保密〔2024〕7号');
    await page.getByRole('button', { name: '记录覆盖理由' }).click();
    await page.getByText('已记录覆盖理由').waitFor();
    await page.getByRole('button', { name: '导出脱敏稿' }).click();
    await page.getByTestId('export-preview').getByRole('button', { name: '确认导出' }).click();
    await page.getByTestId('export-result').waitFor();
    await page.screenshot({ path: join(SHOTS, '10-marking-overridden-exported.png') });
    expect(h.foreignRequests).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  it('redacts by hand what the engine did not find, with a reason and basis', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    const dir = tempDir();
    writeFileSync(join(dir, '蓝鲸行动通知.txt'), `关于蓝鲸行动的通知\n联系人：王芳，电话：${MOBILE}\n`);
    exportPath = join(dir, '蓝鲸行动通知（脱敏）.txt');
    await page.getByTestId('file-input').setInputFiles(join(dir, '蓝鲸行动通知.txt'));
    await page.getByTestId('manual-bar').waitFor();
    // Select 蓝鲸行动 in the text, as a mouse drag would.
    await page.evaluate(() => {
      const piece = [...document.querySelectorAll('[data-start]')].find((e) => e.textContent?.includes('蓝鲸行动'))!;
      const node = piece.firstChild!;
      const at = node.textContent!.indexOf('蓝鲸行动');
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 4);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      piece.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    });
    const bar = page.getByTestId('manual-bar');
    expect(await bar.innerText()).toContain('已选 4 字');
    await bar.getByLabel('人工脱敏理由').fill('内部项目代号');
    await bar.getByLabel('依据').selectOption('internalProcess');
    await page.screenshot({ path: join(SHOTS, '19-manual-selection.png') });
    await bar.getByRole('button', { name: '人工脱敏' }).click();
    await page.locator('mark.hl.manual', { hasText: '蓝鲸行动' }).waitFor();
    expect(await bar.getByRole('list', { name: '人工脱敏' }).innerText()).toContain('内部项目代号');
    await page.screenshot({ path: join(SHOTS, '20-manual-added.png') });
    await page.getByRole('button', { name: '全部确认脱敏' }).click();
    await page.getByRole('button', { name: '提交审查' }).click();
    await page.getByText('审查已提交').waitFor();
    await page.getByRole('button', { name: '导出脱敏稿' }).click();
    const preview = page.getByTestId('export-preview');
    await preview.getByRole('tab', { name: '区分处理说明' }).click();
    expect(await preview.getByTestId('preview-reasons').innerText()).toContain('人工标注');
    await preview.getByRole('button', { name: '确认导出' }).click();
    await page.getByTestId('export-result').waitFor();
    const written = readFileSync(exportPath, 'utf8');
    expect(written).toContain('关于■■■■的通知');
    expect(h.consoleErrors).toEqual([]);
  });

  it('publishes a DOCX as PDF, laid out by the browser engine and read back before release', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    const dir = tempDir();
    writeFileSync(join(dir, '公示名单.docx'), noticeDocx());
    exportPath = join(dir, '公示名单（脱敏）.pdf');
    await page.getByTestId('file-input').setInputFiles(join(dir, '公示名单.docx'));
    await page.locator('mark.hl').first().waitFor();
    await page.getByRole('button', { name: '全部确认脱敏' }).click();
    await page.getByRole('button', { name: '提交审查' }).click();
    await page.getByText('审查已提交').waitFor();
    await page.getByRole('button', { name: '导出脱敏稿' }).click();
    const preview = page.getByTestId('export-preview');
    await preview.getByRole('combobox', { name: '发布格式' }).selectOption('pdf');
    await expect.poll(async () => (await preview.getByRole('status').last().innerText()).includes('文字层'), { timeout: 30_000 }).toBe(true);
    // Chromium's PDF maps some glyphs back to radical code points (⼯ for 工): compare in NFKC.
    const copy = (await preview.getByTestId('preview-redacted').innerText()).normalize('NFKC');
    expect(copy).toContain('关于2024年度政府信息公开工作年度报告的公示'.normalize('NFKC'));
    for (const v of [PERSON_ID, PERSON_ID_2, EMAIL]) expect(copy).not.toContain(v);
    await page.screenshot({ path: join(SHOTS, '21-docx-as-pdf-preview.png') });
    await preview.getByRole('button', { name: '确认导出' }).click();
    await page.getByTestId('export-result').waitFor();
    const text = execFileSync('pdftotext', [exportPath, '-'], { encoding: 'utf8' }).normalize('NFKC');
    expect(text).toContain('政府信息公开');
    for (const v of [PERSON_ID, PERSON_ID_2, EMAIL, MOBILE]) expect(text).not.toContain(v);
    execFileSync('qpdf', ['--check', exportPath]);
    expect(h.consoleErrors).toEqual([]);
  });

  it('keeps a value everywhere at once, with a reason from the list', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    const dir = tempDir();
    writeFileSync(join(dir, '值班表.txt'), `值班电话：${MOBILE}\n节假日值班电话：${MOBILE}\n联系人：王芳，身份证号：${PERSON_ID}\n`);
    await page.getByTestId('file-input').setInputFiles(join(dir, '值班表.txt'));
    await page.locator('mark.hl').first().waitFor();
    await page.getByRole('combobox', { name: '不脱敏理由' }).selectOption({ label: '已经公开的信息' });
    await page.getByLabel('同值全部').check();
    await page.locator('li.finding', { hasText: MOBILE }).first().getByRole('button', { name: '不脱敏' }).click();
    await expect.poll(async () => page.locator('li.finding.state-rejected').count()).toBe(2);
    expect(await page.locator('li.finding.state-rejected', { hasText: PERSON_ID }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, '28-same-value-with-reason.png') });
    const review = h.workspace.reviews.list()[0]!;
    const reasons = h.workspace.db.prepare("SELECT DISTINCT reason FROM decisions WHERE review = ? AND decision = 'rejected'").all(review.id) as { reason: string }[];
    expect(reasons).toEqual([{ reason: '已经公开的信息' }]);
    // "Other": an empty box to type in; the typed words are the reason recorded.
    await page.getByRole('combobox', { name: '不脱敏理由' }).selectOption({ label: '其他理由（请填写）' });
    const other = page.getByRole('textbox', { name: '其他理由（请填写）' });
    expect(await other.inputValue()).toBe('');
    await other.fill('本人书面同意公开');
    await page.getByLabel('同值全部').uncheck();
    await page.locator('li.finding', { hasText: PERSON_ID }).first().getByRole('button', { name: '不脱敏' }).click();
    await expect.poll(async () => page.locator('li.finding.state-rejected', { hasText: PERSON_ID }).count()).toBe(1);
    const typed = h.workspace.db.prepare("SELECT reason FROM decisions WHERE review = ? AND decision = 'rejected' AND reason <> '已经公开的信息'").all(review.id);
    expect(typed).toEqual([{ reason: '本人书面同意公开' }]);
    expect(h.consoleErrors).toEqual([]);
  });

  it('shows where hidden content lives: comments with their authors and a summary', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    const dir = tempDir();
    writeFileSync(
      join(dir, '带批注的草稿.docx'),
      buildDocx({ paragraphs: ['关于做好2024年度政府信息公开工作的通知'], comment: { author: '张科长', text: `此处电话${MOBILE}需删除` } }),
    );
    await page.getByTestId('file-input').setInputFiles(join(dir, '带批注的草稿.docx'));
    await page.getByTestId('hidden-summary').waitFor();
    expect(await page.getByTestId('hidden-summary').innerText()).toContain('1 条批注');
    await page.locator('li.finding', { hasText: MOBILE }).first().click();
    expect(await page.locator('li.finding', { hasText: MOBILE }).first().innerText()).toContain('批注（张科长）');
    await page.screenshot({ path: join(SHOTS, '11-hidden-comment.png') });
    expect(h.foreignRequests).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  it('asks for the password of an encrypted PDF and reviews it by page', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    const dir = tempDir();
    writeFileSync(join(dir, 'plain.pdf'), noticePdf());
    execFileSync('qpdf', ['--encrypt', 'mima2024', 'owner-secret', '256', '--', join(dir, 'plain.pdf'), join(dir, '加密通知.pdf')]);
    await page.getByTestId('file-input').setInputFiles(join(dir, '加密通知.pdf'));
    await page.getByLabel('PDF 打开密码').fill('wrong');
    await page.getByRole('button', { name: '用密码导入' }).click();
    await page.getByText('密码不正确').waitFor();
    await page.getByLabel('PDF 打开密码').fill('mima2024');
    await page.screenshot({ path: join(SHOTS, '12-pdf-password.png') });
    await page.getByRole('button', { name: '用密码导入' }).click();
    await page.locator('mark.hl').first().waitFor();
    expect(await page.locator('li.finding', { hasText: PDF_PHONE }).first().innerText()).toContain('第1页');
    // Page 2 is a scan: the reviewer is told it was not read.
    expect(await page.getByTestId('import-warnings').innerText()).toContain('第 2 页没有文字层');
    // The pages are drawn with the password given at import, findings at their glyph boxes.
    await expect.poll(() => page.locator('.pdf-page[data-page="1"] .pdf-mark[data-finding]').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: join(SHOTS, '13-pdf-review.png') });
    expect(h.foreignRequests).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  it('shows a clear Chinese error for an unsupported file', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    const dir = tempDir();
    writeFileSync(join(dir, '旧文档.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
    await page.getByTestId('file-input').setInputFiles(join(dir, '旧文档.doc'));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('另存为 .docx');
    await page.screenshot({ path: join(SHOTS, '07-error-legacy-format.png') });
    expect(h.foreignRequests).toEqual([]);
  });

  it('shows the progress of a long import and cancels it, with Esc too, keeping nothing', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByRole('heading', { name: '导入待审文稿' }).waitFor();
    const before = await h.workspace.reviews.list().length;
    const dir = tempDir();
    writeFileSync(join(dir, '三百页的长文.pdf'), longPdf(300));
    const status = page.getByTestId('import-status');

    await page.getByTestId('file-input').setInputFiles(join(dir, '三百页的长文.pdf'));
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/正在提取文本… 第 \d+ \/ 300 页/);
    expect(await status.locator('progress').getAttribute('max')).toBe('300');
    await page.screenshot({ path: join(SHOTS, '14-import-progress.png') });
    await page.getByRole('button', { name: '取消导入' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 20_000 }).toContain('已取消导入“三百页的长文.pdf”');
    await page.screenshot({ path: join(SHOTS, '15-import-cancelled.png') });
    expect(h.workspace.reviews.list().length).toBe(before);

    // Esc cancels as well.
    await page.getByTestId('file-input').setInputFiles(join(dir, '三百页的长文.pdf'));
    await expect.poll(() => status.innerText(), { timeout: 20_000 }).toMatch(/第 \d+ \/ 300 页/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('status').first().innerText(), { timeout: 20_000 }).toContain('已取消导入');
    expect(h.workspace.reviews.list().length).toBe(before);
    expect(await page.locator('.recent').innerText()).not.toContain('三百页的长文.pdf');
    expect(h.foreignRequests).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  it('switches to English', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Import a draft' }).waitFor();
    await page.screenshot({ path: join(SHOTS, '08-home-english.png') });
    // A reason chosen from the list in the English window is recorded in Chinese, the language of the office's record.
    const dir = tempDir();
    writeFileSync(join(dir, 'notice.txt'), `联系人：王芳，电话：${MOBILE}\n`);
    await page.getByTestId('file-input').setInputFiles(join(dir, 'notice.txt'));
    await page.locator('mark.hl').first().waitFor();
    await page.getByRole('combobox', { name: 'Reason for keeping (optional)' }).selectOption({ label: 'Already public' });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('r');
    await expect.poll(() => h.workspace.reviews.open(h.workspace.reviews.list()[0]!.id).findings.find((f) => f.decision === 'rejected')?.reason).toBe('已经公开的信息');
    await page.screenshot({ path: join(SHOTS, '29-review-english.png') });
    await page.getByRole('button', { name: '中文' }).click();
  });
});
