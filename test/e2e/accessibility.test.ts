import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeDocx } from '../fixtures/samples';
import { buildPdf } from '../fixtures/pdf';
import { seriousViolations } from './axe';
import { HARNESS_ORIGIN, startHarness, type Harness } from './harness';

describe('accessibility of the main screens (axe-core)', () => {
  let h: Harness;
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'mishen-a11y-'));
    writeFileSync(join(work, '公示.docx'), noticeDocx());
    writeFileSync(join(work, '通知.pdf'), buildPdf({ pages: [{ texts: [{ x: 72, y: 760, size: 12, text: '联系电话：13800138000' }] }] }));
    h = await startHarness(join(work, 'data'), () => join(work, 'out.docx'));
  });
  afterAll(async () => {
    await h?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('home, DOCX review, PDF review, export preview and log have no serious violations', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByRole('heading', { name: '导入待审文稿' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('file-input').setInputFiles(join(work, '公示.docx'));
    await page.locator('mark.hl').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('?');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '全部确认脱敏' }).click();
    await page.getByRole('button', { name: '提交审查' }).click();
    await page.getByText('审查已提交').waitFor();
    await page.getByRole('button', { name: '导出脱敏稿' }).click();
    await page.getByTestId('preview-redacted').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '返回修改' }).click();

    await page.getByRole('button', { name: '返回文档列表' }).click();
    await page.getByTestId('file-input').setInputFiles(join(work, '通知.pdf'));
    await page.locator('.pdf-mark').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '审查日志' }).click();
    await page.getByTestId('log-status').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
