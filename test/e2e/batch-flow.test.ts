import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArchive } from '../fixtures/archive';
import { MOBILE, PERSON_ID } from '../fixtures/samples';
import { HARNESS_ORIGIN, startHarness, type Harness } from './harness';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'e2e');
const HOSTILE = '<img src=x onerror=alert(1)>.txt';

describe('the folder check (批量检查) in Chromium', () => {
  let h: Harness;
  let work: string;
  let archive: string;
  let save: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'mishen-batch-e2e-'));
    archive = join(work, '2025年度公开文件');
    writeArchive(archive, 160); // enough files for the progress to be seen
    writeFileSync(join(archive, '通知.txt'), `关于报名的通知\n联系人：王芳，联系电话：${MOBILE}，身份证号：${PERSON_ID}。\n`);
    writeFileSync(join(archive, HOSTILE), '无内容');
    writeFileSync(join(archive, '旧文件.doc'), 'legacy');
    h = await startHarness(join(work, 'data'), () => save, { chooseFolder: () => archive });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('checks a chosen folder with progress, shows the report, and opens a file into the workspace', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByRole('button', { name: '批量检查' }).click();
    await page.getByTestId('batch-choose').waitFor();
    await page.screenshot({ path: join(SHOTS, '60-batch-start.png') });

    await page.getByTestId('batch-choose').click();
    await page.getByTestId('batch-progress').waitFor();
    await expect.poll(() => page.getByTestId('batch-progress').innerText(), { timeout: 20_000 }).toMatch(/已检查 [1-9]\d+ \/ 163 个文件/);
    await page.screenshot({ path: join(SHOTS, '61-batch-progress.png') });

    await page.getByTestId('batch-report').waitFor({ timeout: 120_000 });
    const summary = await page.getByTestId('batch-summary').innerText();
    // 163 files: 8 broken and 1 .doc among them; the hidden and system files are not listed.
    expect(summary).toContain('共 163 个文件：已检查 154，无法读取 8，未检查 1，待检查 0');
    await expect.poll(() => page.locator('.batch-row[aria-rowindex]').count()).toBeGreaterThan(5);
    // The hostile name is shown as text, never as markup.
    expect(await page.locator('img').count()).toBe(0);
    await expect.poll(() => page.getByTestId('batch-files').innerText()).toContain('部门0/');
    await page.screenshot({ path: join(SHOTS, '62-batch-report.png') });

    // Files that need a person: broken, scanned, the .doc.
    await page.getByTestId('batch-need').selectOption('any');
    await expect.poll(() => page.locator('.batch-row[aria-rowindex]').count()).toBe(8 + 8 + 1);
    expect(await page.getByTestId('batch-files').innerText()).toContain('需文字识别');
    await page.screenshot({ path: join(SHOTS, '63-batch-needs.png') });

    // The report as a file: self-contained, the hostile name escaped.
    save = join(work, '报告.html');
    await page.getByRole('button', { name: '保存报告（HTML）' }).click();
    await expect.poll(() => existsSync(save)).toBe(true);
    const html = readFileSync(save, 'utf8');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.txt');
    expect(html).not.toMatch(/<img|<script|<link|<iframe|https?:\/\/|url\(|@import/i);
    const report = await h.context.newPage();
    await report.setContent(html);
    await report.screenshot({ path: join(SHOTS, '64-batch-report-html.png'), fullPage: false });
    await report.close();

    // Open one file into the workspace.
    await page.getByTestId('batch-need').selectOption('');
    await page.getByRole('button', { name: '打开审查：导入“通知.txt”' }).click({ timeout: 20_000 }).catch(async () => {
      // Not in view yet: scroll the virtualised table to it.
      await page.getByTestId('batch-files').evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.getByRole('button', { name: '打开审查：导入“通知.txt”' }).click();
    });
    await page.getByText(PERSON_ID).first().waitFor();
    await page.screenshot({ path: join(SHOTS, '65-batch-opened-review.png') });

    // The check is listed, done, and can be viewed again.
    await page.getByRole('button', { name: '批量检查' }).click();
    await expect.poll(() => page.getByTestId('batch-runs').innerText()).toContain('已完成');
    await page.screenshot({ path: join(SHOTS, '66-batch-runs.png') });

    expect(h.foreignRequests).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
