import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocx } from '../fixtures/docx';
import { buildPdf } from '../fixtures/pdf';
import { MOBILE, PERSON_ID, PERSON_ID_2 } from '../fixtures/samples';
import { seriousViolations } from './axe';
import { HARNESS_ORIGIN, startHarness, type Harness } from './harness';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'e2e');
const NEW_MOBILE = '13900112233';

const PARAGRAPHS = [
  '关于补贴发放名单的公示',
  `申请人：李明，公民身份号码：${PERSON_ID}。`,
  '请于3月10日前反馈意见。',
  `联系人：王芳，联系电话：${MOBILE}。`,
];

describe('a revised draft in Chromium', () => {
  let h: Harness;
  let work: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'mishen-rev-'));
    const table = [['姓名', '身份证号'], ['赵强', PERSON_ID_2]];
    writeFileSync(join(work, '名单公示.docx'), buildDocx({ paragraphs: PARAGRAPHS, table }));
    // The date changed, and a new paragraph with a new telephone number.
    const revised = [PARAGRAPHS[0]!, PARAGRAPHS[1]!, '请于3月20日前反馈意见。', `补充联系人电话：${NEW_MOBILE}。`, PARAGRAPHS[3]!];
    writeFileSync(join(work, '名单公示（修订稿）.docx'), buildDocx({ paragraphs: revised, table }));
    const line = (y: number, text: string) => ({ x: 72, y, size: 12, text });
    const pdf = (phone: string) => buildPdf({ pages: [{ texts: [line(760, '关于公示名单的通知'), line(720, `联系电话：${MOBILE}，请核对。`)] }, { texts: [line(760, `第二页：值班手机 ${phone}`), line(730, '以上名单已经初审。')] }] });
    writeFileSync(join(work, '通知.pdf'), pdf('13600001234'));
    writeFileSync(join(work, '通知（修订稿）.pdf'), pdf('13600009999'));
    h = await startHarness(join(work, 'data'), () => join(work, 'out.docx'));
  });
  afterAll(async () => {
    await h?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports a revised DOCX as a revision: the changes marked, decisions carried, only the new finding to review', async () => {
    const { page } = h;
    const progress = () => page.getByTestId('progress').innerText();
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByTestId('file-input').setInputFiles(join(work, '名单公示.docx'));
    await page.locator('mark.hl').first().waitFor();
    await page.getByRole('button', { name: '全部确认脱敏' }).click();
    const total = h.workspace.reviews.list()[0]!.findingCount;
    await expect.poll(progress).toBe(`已决定 ${total} / ${total}`);

    await page.getByTestId('revision-input').setInputFiles(join(work, '名单公示（修订稿）.docx'));
    const banner = page.getByTestId('revision-banner');
    await banner.waitFor();
    const old = h.workspace.reviews.list().find((r) => r.name === '名单公示.docx')!;
    const revision = h.workspace.reviews.list().find((r) => r.name === '名单公示（修订稿）.docx')!;
    expect(revision.revisionOf).toBe(old.id);
    expect(await page.locator('h1.doc-title').innerText()).toBe('名单公示（修订稿）.docx');
    expect(await banner.innerText()).toContain(`修订稿：与第 ${old.id} 号审查（名单公示.docx）相比，2 处改动；沿用 ${total} 项决定，1 项待审。`);
    await expect.poll(progress).toBe(`已决定 ${total} / ${total + 1}`);

    // Only the new number is undecided and marked 新, and selected first; the rest say 沿用 and keep their decision.
    const fresh = page.locator('li.finding', { has: page.locator('.fresh') });
    expect(await fresh.count()).toBe(1);
    expect(await fresh.locator('.finding-text').innerText()).toBe(NEW_MOBILE);
    expect(await fresh.getAttribute('class')).toContain('state-undecided');
    expect(await fresh.getAttribute('class')).toContain('selected');
    expect(await page.locator('li.finding', { has: page.locator('.carried') }).count()).toBe(total);
    expect(await page.locator('li.finding.state-accepted').count()).toBe(total);

    // The document view marks the changed and the inserted text, and where text was removed.
    const doc = page.getByTestId('document-text');
    expect(await doc.locator('.chg-inserted').first().innerText()).toContain('补充联系人电话');
    expect(await doc.locator('mark.hl.chg', { hasText: NEW_MOBILE }).count()).toBe(1);
    expect(await doc.locator('.deleted-marker').first().getAttribute('title')).toBe('1');
    await page.screenshot({ path: join(SHOTS, '50-revision-banner.png') });

    // The list of changes by place, and the state filter for what is left to review.
    await banner.getByRole('button', { name: '逐处查看改动' }).click();
    const places = await banner.getByRole('list', { name: '改动' }).innerText();
    expect(places).toContain('正文第3段');
    expect(places).toContain('正文第4段');
    await page.getByRole('combobox', { name: '状态' }).selectOption('undecided');
    await expect.poll(() => page.locator('li.finding').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, '51-revision-changes-undecided.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('li.finding').getByRole('button', { name: '确认脱敏' }).click();
    await expect.poll(progress).toBe(`已决定 ${total + 1} / ${total + 1}`);

    // The record names the earlier review and says which decisions were carried over.
    await page.getByRole('button', { name: '审查日志' }).click();
    await page.getByRole('combobox', { name: '文档' }).selectOption({ label: `名单公示（修订稿）.docx（#${revision.id}）` });
    await page.getByRole('button', { name: '保密审查单' }).click();
    const sheet = page.getByTestId('review-sheet');
    await sheet.getByText('逐项审查结论').waitFor();
    expect(await sheet.getByTestId('sheet-revision').innerText()).toContain(`第 ${old.id} 号审查（名单公示.docx），沿用其决定 ${total} 项`);
    expect(await sheet.getByText(`沿用第 ${old.id} 号审查的决定`).count()).toBe(total);
    expect(await sheet.innerText()).toContain('导入修订稿');
    await page.screenshot({ path: join(SHOTS, '52-revision-sheet.png') });
    await sheet.getByRole('button', { name: '关闭' }).click();

    // The list of reviews shows the chain both ways.
    await page.getByRole('button', { name: '文档', exact: true }).click();
    // The earlier draft is no longer on the to-do list; its revision is.
    expect(await page.getByTestId('todo').innerText()).not.toMatch(/名单公示\.docx/);
    const recent = await page.locator('.recent').innerText();
    expect(recent).toContain(`第 ${revision.id} 号审查，修订第 ${old.id} 号审查的文稿`);
    expect(recent).toContain(`第 ${old.id} 号审查，已有修订稿（第 ${revision.id} 号）`);
    await page.screenshot({ path: join(SHOTS, '53-revision-home-chain.png') });
    // Opening the earlier draft's review says a revision exists, and leads to it.
    await page.locator('.recent').getByRole('button', { name: '名单公示.docx', exact: true }).click();
    const revisedBy = page.getByTestId('revised-by');
    await revisedBy.waitFor();
    await page.screenshot({ path: join(SHOTS, '54-revision-earlier-banner.png') });
    await revisedBy.getByRole('button', { name: new RegExp(`第 ${revision.id} 号审查`) }).click();
    await page.getByTestId('revision-banner').waitFor();
    expect(h.workspace.log.verify().ok).toBe(true);
    expect(h.consoleErrors).toEqual([]);
    expect(h.foreignRequests).toEqual([]);
  });

  it('draws the changes of a PDF revision at their glyph boxes, on the changed page only', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByTestId('file-input').setInputFiles(join(work, '通知.pdf'));
    await page.locator('.pdf-mark').first().waitFor();
    await page.getByRole('button', { name: '全部确认脱敏' }).click();
    await expect.poll(() => page.getByTestId('progress').innerText()).toBe('已决定 2 / 2');
    await page.getByTestId('revision-input').setInputFiles(join(work, '通知（修订稿）.pdf'));
    await page.getByTestId('revision-banner').waitFor();
    // The new number on page 2 is selected, so page 2 is in view.
    await page.locator('.pdf-page[data-page="2"] .pdf-change').first().waitFor();
    expect(await page.locator('.pdf-page[data-page="1"] .pdf-change').count()).toBe(0);
    expect(await page.locator('.pdf-page[data-page="2"] .pdf-deleted').count()).toBeGreaterThan(0);
    // One finding, drawn in pieces where the change cuts it.
    const undecided = await page.locator('.pdf-page[data-page="2"] .pdf-mark.state-undecided').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-finding')))]);
    expect(undecided).toHaveLength(1);
    await expect.poll(() => page.getByTestId('progress').innerText()).toBe('已决定 1 / 2');
    // The page's pixels are drawn after its marks: wait until its canvas has ink.
    await expect
      .poll(() => page.locator('.pdf-page[data-page="2"] canvas').evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 !== 3 && v < 128)))
      .toBe(true);
    await page.screenshot({ path: join(SHOTS, '54-revision-pdf.png') });
    expect(h.consoleErrors).toEqual([]);
    expect(h.foreignRequests).toEqual([]);
  });
});
