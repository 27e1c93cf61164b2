import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF_ID, PDF_PHONE, buildPdf, longPdf } from '../fixtures/pdf';
import { buildDocx } from '../fixtures/docx';
import { buildXlsx } from '../fixtures/xlsx';
import { MOBILE, PERSON_ID, PERSON_ID_2 } from '../fixtures/samples';
import { HARNESS_ORIGIN, startHarness, type Harness } from './harness';
import type { Page } from 'playwright-core';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'e2e');

/** A two-page notice without annotations: names, IDs and phones on both pages. */
function twoPagePdf(): Uint8Array {
  const line = (y: number, text: string) => ({ x: 72, y, size: 12, text });
  return buildPdf({
    pages: [
      {
        texts: [
          { x: 72, y: 760, size: 16, text: '关于公示名单的通知' },
          line(720, '根据《中华人民共和国政府信息公开条例》，现将名单公示如下。'),
          line(690, `联系电话：${PDF_PHONE}，请核对。`),
          line(660, `身份证号：${PDF_ID}`),
          line(630, '项目代号：蓝鲸行动，暂不公开。'),
        ],
      },
      { texts: [line(760, `第二页：值班手机 ${PDF_PHONE}`), line(730, '蓝鲸行动的进展另行通报。')] },
    ],
  });
}

/** Presses Tab until the focused element is the one `matches` names (a keyboard user's way there). */
async function tabTo(page: Page, matches: (el: Element) => boolean, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((src) => (new Function('el', `return (${src})(el)`) as (e: Element | null) => boolean)(document.activeElement), matches.toString())) return;
  }
  throw new Error(`not reachable by Tab: ${matches.toString()}`);
}

const progress = (page: Page) => page.getByTestId('progress').innerText();

describe('the reviewer workspace in Chromium', () => {
  let h: Harness;
  let work: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'mishen-ws-'));
    writeFileSync(join(work, '公示名单.pdf'), twoPagePdf());
    writeFileSync(
      join(work, '征求意见稿.docx'),
      buildDocx({
        paragraphs: [
          [{ text: '关于征求意见的函', bold: true }],
          `请于3月10日前反馈意见。联系人：王芳，联系电话：${MOBILE}。`,
          [{ text: '原定于' }, { text: '天网工程现场', deleted: '张科长' }, { text: '会议室召开评审会。' }],
          [{ text: '经办人身份证号：' }, { text: PERSON_ID, hidden: true }],
        ],
        table: [
          ['姓名', '身份证号'],
          ['赵强', PERSON_ID_2],
        ],
        comment: { author: '李处长', text: `请删去手机号 ${MOBILE}` },
        header: '市人民政府办公室',
      }),
    );
    writeFileSync(
      join(work, '补贴名单.xlsx'),
      buildXlsx({
        sheets: [
          { name: '名单', rows: [['序号', '姓名', '身份证号', '联系电话'], [1, '赵强', PERSON_ID_2, '13700001111'], [2, '钱敏', PERSON_ID, MOBILE]] },
          { name: '备查', state: 'hidden', rows: [['内部备注'], [`复核人电话 ${MOBILE}`]] },
        ],
      }),
    );
    h = await startHarness(join(work, 'data'), () => join(work, 'out.pdf'));
  });
  afterAll(async () => {
    await h?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows PDF pages with findings at their glyph boxes, and walks them by keyboard', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByTestId('file-input').setInputFiles(join(work, '公示名单.pdf'));
    await page.locator('.pdf-mark').first().waitFor();
    // Three findings, drawn on their pages, each inside its page.
    await expect.poll(() => page.locator('.pdf-page .pdf-mark[data-finding]').count()).toBe(3);
    for (const mark of await page.locator('.pdf-page[data-page="1"] .pdf-mark').all()) {
      const box = (await mark.boundingBox())!;
      const pageBox = (await page.locator('.pdf-page[data-page="1"]').boundingBox())!;
      expect(box.x).toBeGreaterThan(pageBox.x);
      expect(box.x + box.width).toBeLessThan(pageBox.x + pageBox.width);
      expect(box.height).toBeGreaterThan(8);
    }
    expect(await page.locator('.pdf-mark.selected').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, '30-pdf-pages.png') });

    // Next, redact, and the selection moves on to page 2.
    await page.keyboard.press('j');
    await page.keyboard.press('a');
    await expect.poll(() => progress(page)).toBe('已决定 1 / 3');
    await expect.poll(() => page.locator('.pdf-mark.state-accepted').count()).toBe(1);
    await expect.poll(() => page.locator('.page-indicator').innerText()).toBe('第 2 / 2 页');
    // Undo, redo, undo again.
    await page.keyboard.press('u');
    await expect.poll(() => progress(page)).toBe('已决定 0 / 3');
    await page.keyboard.press('Shift+U');
    await expect.poll(() => progress(page)).toBe('已决定 1 / 3');
    await page.keyboard.press('Control+z');
    await expect.poll(() => progress(page)).toBe('已决定 0 / 3');
    expect(await page.locator('.pdf-mark.state-accepted').count()).toBe(0);

    // Zoom by keyboard.
    await page.keyboard.press('+');
    await expect.poll(() => page.getByTestId('zoom-level').innerText()).toBe('110%');
    await page.keyboard.press('0');
    await expect.poll(() => page.getByTestId('zoom-level').innerText()).toBe('100%');

    // Search and redact a term the engine does not know, on both pages.
    await page.keyboard.press('/');
    await page.keyboard.type('蓝鲸行动');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('search-count').innerText()).toBe('1 / 2 处');
    await tabTo(page, (el) => el.textContent === '全部人工脱敏');
    await page.keyboard.press('Enter');
    const bar = page.getByTestId('manual-bar');
    await expect.poll(() => bar.innerText()).toContain('已选 2 处共 8 字');
    await tabTo(page, (el) => el.getAttribute('aria-label') === '人工脱敏理由');
    await page.keyboard.type('内部项目代号，尚未公开');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // 敏感个人信息 → the next basis in the list
    await page.keyboard.press('ArrowDown');
    await tabTo(page, (el) => el.textContent === '人工脱敏' && el.tagName === 'BUTTON');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.pdf-mark.manual').count()).toBeGreaterThanOrEqual(1);
    expect(await bar.getByRole('list', { name: '人工脱敏' }).locator('li').count()).toBe(2);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(SHOTS, '31-pdf-search-redacted.png') });

    // Box redaction: drag over the title on page 1.
    await page.keyboard.press('b');
    await page.getByTestId('pdf-pages').evaluate((el) => el.scrollTo(0, 0));
    const title = await page.locator('.pdf-page[data-page="1"]').boundingBox();
    const top = title!.y + title!.height * (60 / 842);
    await page.mouse.move(title!.x + title!.width * 0.1, top - 4);
    await page.mouse.down();
    await page.mouse.move(title!.x + title!.width * 0.6, top + title!.height * (40 / 842), { steps: 4 });
    await page.screenshot({ path: join(SHOTS, '32-pdf-box-drawing.png') });
    await page.mouse.up();
    await expect.poll(() => bar.innerText()).toContain('已选 9 字');
    expect(await bar.innerText()).toContain('关于公示名单的通知');
    await page.keyboard.press('b');
    await bar.getByLabel('人工脱敏理由').focus();
    await page.keyboard.type('标题含内部项目信息');
    await page.keyboard.press('Enter');
    await expect.poll(() => bar.getByRole('list', { name: '人工脱敏' }).locator('li').count()).toBe(3);
    await page.keyboard.press('Escape');

    // Decide the rest by keyboard: back to the top, redact all three, keep none.
    for (let i = 0; i < 3; i++) await page.keyboard.press('k');
    for (let i = 0; i < 3; i++) await page.keyboard.press('a');
    await expect.poll(() => progress(page)).toBe('已决定 3 / 3');
    await page.screenshot({ path: join(SHOTS, '33-pdf-decided.png') });
    await tabTo(page, (el) => el instanceof HTMLInputElement && el.type === 'radio');
    await page.keyboard.press('ArrowRight'); // 主动公开 → 依申请公开 → …
    await tabTo(page, (el) => el.tagName === 'TEXTAREA');
    await page.keyboard.type('经审查，已对个人信息和内部项目代号作脱敏处理。');
    await tabTo(page, (el) => el.textContent === '提交审查');
    await page.keyboard.press('Enter');
    await page.getByText('审查已提交').waitFor();
    const review = h.workspace.reviews.list().find((r) => r.name === '公示名单.pdf')!;
    expect(review.status).toBe('submitted');
    expect(h.workspace.reviews.open(review.id).manual.map((m) => m.text).sort()).toEqual(['关于公示名单的通知', '蓝鲸行动', '蓝鲸行动']);
    expect(h.consoleErrors).toEqual([]);
    expect(h.foreignRequests).toEqual([]);
  });

  it('shows a DOCX as formatted text with what the page hides in its own lane, walked by keyboard', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByTestId('file-input').setInputFiles(join(work, '征求意见稿.docx'));
    const doc = page.getByTestId('document-text');
    await doc.locator('mark.hl').first().waitFor();
    // Formatted: the title bold, the table a table.
    expect(await doc.locator('strong', { hasText: '关于征求意见的函' }).count()).toBe(1);
    expect(await doc.locator('table td', { hasText: PERSON_ID_2 }).count()).toBe(1);
    expect(await doc.locator('mark.hl', { hasText: PERSON_ID_2 }).count()).toBe(1);
    // The comment, the deletion and the hidden ID are in the lane, with their highlights.
    const lane = page.getByTestId('hidden-lane');
    expect(await lane.innerText()).toContain('批注');
    expect(await lane.innerText()).toContain('李处长');
    expect(await lane.innerText()).toContain('修订删除内容');
    expect(await lane.locator('mark.hl', { hasText: MOBILE }).count()).toBe(1);
    expect(await lane.locator('mark.hl', { hasText: PERSON_ID }).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, '34-docx-formatted-hidden-lane.png') });

    // Walk every finding with J; the ones in the lane are selected there.
    const total = await page.locator('li.finding').count();
    expect(total).toBeGreaterThanOrEqual(5);
    for (let i = 0; i < total; i++) {
      await page.keyboard.press('a');
    }
    await expect.poll(() => progress(page)).toBe(`已决定 ${total} / ${total}`);
    expect(await lane.locator('mark.hl.state-accepted').count()).toBeGreaterThanOrEqual(2);
    // One step back: the last one kept instead, with a reason from the list chosen by keyboard.
    await page.keyboard.press('u');
    await expect.poll(() => progress(page)).toBe(`已决定 ${total - 1} / ${total}`);
    await tabTo(page, (el) => el.tagName === 'SELECT' && (el.closest('label')?.textContent ?? '').includes('不脱敏理由'));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown'); // 已经公开的信息
    await page.keyboard.press('Escape');
    (await page.evaluate(() => (document.activeElement as HTMLElement).blur()));
    await page.keyboard.press('r');
    await expect.poll(() => progress(page)).toBe(`已决定 ${total} / ${total}`);
    const kept = h.workspace.reviews.list().find((r) => r.name === '征求意见稿.docx')!;
    expect(h.workspace.reviews.open(kept.id).findings.filter((f) => f.decision === 'rejected').map((f) => f.reason)).toEqual(['已经公开的信息']);

    // A pattern search runs away from the window; one that backtracks for ever is stopped, the window stays answerable.
    await page.getByTestId('doc-search').focus();
    await page.getByRole('checkbox', { name: '正则' }).check();
    await page.getByTestId('doc-search').fill('1[3-9]\\d{9}');
    // Every mobile number the text holds, the comment's included.
    await expect.poll(() => page.getByTestId('search-count').innerText()).toBe('0 / 4 处');
    await page.getByTestId('doc-search').fill('(\\S|\\S)+!');
    await expect.poll(() => page.getByTestId('search-count').innerText(), { timeout: 8_000 }).toBe('表达式过于复杂，已停止');
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.getByTestId('doc-search').fill('');
    await page.getByRole('checkbox', { name: '正则' }).uncheck();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    // The legend of keys is one keystroke away.
    await page.keyboard.press('?');
    await page.getByTestId('shortcut-legend').waitFor();
    expect(await page.getByTestId('shortcut-legend').innerText()).toContain('撤销上一次决定');
    await page.screenshot({ path: join(SHOTS, '35-docx-decided-legend.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('shortcut-legend').count()).toBe(0);
    expect(h.consoleErrors).toEqual([]);
  });

  it('shows the pages of a long PDF copy being built, and stops it', async () => {
    const { page } = h;
    writeFileSync(join(work, '年度报告.pdf'), longPdf(24));
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByTestId('file-input').setInputFiles(join(work, '年度报告.pdf'));
    await page.locator('.pdf-page canvas').first().waitFor();
    await page.getByLabel('主动公开').check();
    await page.getByRole('button', { name: '提交审查' }).click();
    await page.getByText('审查已提交').waitFor();
    await page.getByRole('button', { name: '导出脱敏稿' }).click();
    await expect.poll(() => page.getByTestId('preview-progress').innerText(), { timeout: 20_000 }).toMatch(/正在绘制第 \d+ \/ 24 页/);
    await page.screenshot({ path: join(SHOTS, '38-export-progress.png') });
    await page.getByRole('button', { name: '停止' }).click();
    await expect.poll(() => page.getByTestId('export-preview').count()).toBe(0);
    expect(existsSync(join(work, 'out.pdf'))).toBe(false);
    expect(h.consoleErrors).toEqual([]);
  });

  it('shows a workbook as a grid per sheet, hidden sheets marked', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByTestId('file-input').setInputFiles(join(work, '补贴名单.xlsx'));
    const grid = page.getByTestId('sheet-grid');
    await grid.locator('mark.hl').first().waitFor();
    expect(await grid.locator('td[data-cell="C2"] mark.hl').innerText()).toBe(PERSON_ID_2);
    expect(await grid.locator('thead th').allInnerTexts()).toEqual(['', 'A', 'B', 'C', 'D']);
    await expect.poll(() => page.getByRole('tab', { name: /备查/ }).innerText()).toContain('隐藏');
    await page.screenshot({ path: join(SHOTS, '36-xlsx-grid.png') });
    // Selecting the finding on the hidden sheet opens that sheet.
    const onHidden = page.locator('li.finding', { hasText: '备查' }).first();
    await onHidden.click();
    await expect.poll(() => page.getByRole('tab', { selected: true }).innerText()).toContain('备查');
    expect(await grid.locator('mark.hl.selected').innerText()).toBe(MOBILE);
    expect(h.consoleErrors).toEqual([]);
  });
});

describe('a crash of the window in the middle of a review', () => {
  it('loses no decision and reopens the review where it was', async () => {
    const work = mkdtempSync(join(tmpdir(), 'mishen-crash-'));
    const dataDir = join(work, 'data');
    const profileDir = join(work, 'profile');
    writeFileSync(
      join(work, '名单.txt'),
      ['关于补贴发放名单的公示', `赵强，身份证号 ${PERSON_ID_2}，电话 13700001111`, `钱敏，身份证号 ${PERSON_ID}，电话 ${MOBILE}`, '公示期五个工作日。'].join('\n'),
    );
    const first = await startHarness(dataDir, () => null, { profileDir, resume: true });
    let second: Harness | undefined;
    try {
      const { page } = first;
      await page.goto(`${HARNESS_ORIGIN}/index.html`);
      await page.getByTestId('file-input').setInputFiles(join(work, '名单.txt'));
      await page.locator('mark.hl').first().waitFor();
      const total = await page.locator('li.finding').count();
      expect(total).toBeGreaterThanOrEqual(4);
      await page.keyboard.press('a');
      await page.keyboard.press('r');
      await expect.poll(() => progress(page)).toBe(`已决定 2 / ${total}`);
      await page.keyboard.press('j');
      const where = await page.locator('li.finding.selected .finding-text').innerText();
      first.crash();

      second = await startHarness(dataDir, () => null, { profileDir, resume: true });
      const again = second.page;
      await again.goto(`${HARNESS_ORIGIN}/index.html`);
      // Straight back into the review, on the same finding, with both decisions.
      await again.locator('li.finding.selected').waitFor();
      await expect.poll(() => progress(again)).toBe(`已决定 2 / ${total}`);
      expect(await again.locator('li.finding.selected .finding-text').innerText()).toBe(where);
      expect(await again.locator('li.finding.state-rejected').count()).toBe(1);
      await again.screenshot({ path: join(SHOTS, '37-resumed-after-crash.png') });
      expect(second.workspace.startupCheck.ok).toBe(true);
      // Going back to the list ends the resume point: the next start opens the list.
      await again.getByRole('button', { name: '返回文档列表' }).click();
      await again.reload();
      await again.getByRole('heading', { name: '导入待审文稿' }).waitFor();
      expect(second.consoleErrors).toEqual([]);
    } finally {
      await second?.close();
      first.workspace.close();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
