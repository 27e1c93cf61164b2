import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArchive } from '../fixtures/archive';
import { MOBILE, PERSON_ID } from '../fixtures/samples';
import { PDF_PHONE, noticePdf } from '../fixtures/pdf';
import { seriousViolations } from './axe';
import { HARNESS_ORIGIN, startHarness, type Harness } from './harness';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'e2e');
const HOSTILE = '<img src=x onerror=alert(1)>.txt';

describe('the folder check (批量检查) in Chromium', () => {
  let h: Harness;
  let work: string;
  let archive: string;
  let save: string;
  let chosen: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'mishen-batch-e2e-'));
    archive = join(work, '2025年度公开文件');
    writeArchive(archive, 160); // enough files for the progress to be seen
    writeFileSync(join(archive, '通知.txt'), `关于报名的通知\n联系人：王芳，联系电话：${MOBILE}，身份证号：${PERSON_ID}。\n`);
    writeFileSync(join(archive, HOSTILE), '无内容');
    writeFileSync(join(archive, '旧文件.doc'), 'legacy');
    chosen = archive;
    h = await startHarness(join(work, 'data'), () => save, { chooseFolder: () => chosen });
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
    expect(await seriousViolations(page)).toEqual([]);

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
    expect(await seriousViolations(page)).toEqual([]);

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
    expect(await seriousViolations(page)).toEqual([]);

    expect(h.foreignRequests).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });

  it('stops a running check, keeps what is done, and continues it', async () => {
    const { page } = h;
    chosen = join(work, '历年文件');
    writeArchive(chosen, 600);
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByRole('button', { name: '批量检查' }).click();
    // One thread: the reviewer keeps working on this workstation meanwhile.
    await page.getByLabel('线程数').selectOption('1');
    await page.getByTestId('batch-choose').click();
    await expect.poll(() => page.getByTestId('batch-progress').innerText(), { timeout: 20_000 }).toMatch(/已检查 [1-9]\d+ \/ 600 个文件/);
    expect(await page.getByTestId('batch-progress').innerText()).toContain('1 个线程');
    await page.getByRole('button', { name: '停止检查' }).click();
    await page.getByText('检查已停止，已完成的文件已保存，可随时继续。').waitFor();
    const stopped = await page.getByTestId('batch-summary').innerText();
    const pending = Number(/待检查 (\d+)/.exec(stopped)![1]);
    expect(pending).toBeGreaterThan(0);
    expect(pending).toBeLessThan(600);
    await page.screenshot({ path: join(SHOTS, '67-batch-stopped.png') });

    await page.getByRole('button', { name: '继续检查' }).click();
    await page.getByTestId('batch-report').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('batch-summary').innerText(), { timeout: 120_000 }).toContain('待检查 0');
    // Continued, not started again: the same check, listed once.
    await page.getByRole('button', { name: '← 返回检查列表' }).click();
    await expect.poll(() => page.getByTestId('batch-runs').locator('tbody tr').count()).toBe(2);
    await page.screenshot({ path: join(SHOTS, '68-batch-continued.png') });

    // The report in English.
    await page.getByRole('button', { name: '查看' }).first().click();
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('batch-summary').innerText()).toContain('600 files: ');
    await page.getByTestId('batch-need').selectOption('any');
    await page.screenshot({ path: join(SHOTS, '69-batch-report-english.png') });
    await page.getByRole('button', { name: '中文' }).click();
    expect(h.consoleErrors).toEqual([]);
  });

  it('asks for the password of an encrypted PDF opened from the report', async () => {
    const { page } = h;
    chosen = join(work, '加密');
    mkdirSync(chosen);
    writeFileSync(join(work, 'plain.pdf'), noticePdf());
    execFileSync('qpdf', ['--encrypt', 'mima2024', 'owner-secret', '256', '--', join(work, 'plain.pdf'), join(chosen, '加密通知.pdf')]);
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByRole('button', { name: '批量检查' }).click();
    await page.getByTestId('batch-choose').click();
    await page.getByTestId('batch-report').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('batch-files').innerText()).toContain('需密码');
    await page.getByRole('button', { name: '打开审查：导入“加密通知.pdf”' }).click();
    await page.getByLabel('PDF 打开密码').fill('wrong');
    await page.getByRole('button', { name: '用密码导入' }).click();
    await page.getByText('密码不正确').waitFor();
    await page.getByLabel('PDF 打开密码').fill('mima2024');
    await page.getByRole('button', { name: '用密码导入' }).click();
    await page.locator('mark.hl').first().waitFor();
    expect(await page.locator('li.finding', { hasText: PDF_PHONE }).count()).toBeGreaterThan(0);
    expect(h.consoleErrors).toEqual([]);
  });
});
