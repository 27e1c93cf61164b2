import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../electron/node/workspace';
import { seriousViolations } from './axe';
import { HARNESS_ORIGIN, startHarness, type Harness } from './harness';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'e2e');
const DAY = 86_400_000;

/** A data folder with a notice exported 60 days ago and a draft still in review (written with an earlier clock). */
async function seed(data: string, work: string): Promise<{ exported: string; open: string }> {
  const ws = openWorkspace(data, { now: () => new Date(Date.now() - 60 * DAY), lists: () => [], allowLists: () => [] });
  try {
    const view = await ws.reviews.importFile('旧通知.txt', Buffer.from('关于旧事项的通知\n联系人：王芳，电话 13812345678。\n'));
    ws.reviews.decide(view.document.id, view.findings.map((f) => f.id), 'accepted');
    ws.reviews.submit(view.document.id, 'partial', '删除电话后公开');
    await ws.reviews.exportTo(view.document.id, join(work, '旧通知（脱敏）.txt'));
    const open = await ws.reviews.importFile('草稿.txt', Buffer.from('草稿：联系电话 13912345678。\n'));
    return { exported: view.document.sha256, open: open.document.sha256 };
  } finally {
    ws.close();
  }
}

describe('an administrator sets how long originals are kept, deletes what is due, and backs up the data folder', () => {
  let h: Harness;
  let work: string;
  let data: string;
  let backups: string;
  let seeded: { exported: string; open: string };
  const blob = (sha: string) => join(data, 'blobs', sha.slice(0, 2), sha);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'mishen-data-'));
    data = join(work, 'data');
    backups = join(work, 'backups');
    mkdirSync(backups);
    seeded = await seed(data, work);
    h = await startHarness(data, () => null, { chooseFolder: () => backups });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('sets 30 days with the keyboard, sees what is due, deletes it, and the lists say so', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    const tab = page.getByRole('button', { name: '数据管理' });
    await tab.focus();
    await page.keyboard.press('Enter');
    const retention = page.getByTestId('retention');
    await expect.poll(() => retention.getByTestId('retention-status').innerText()).toContain('当前设置：永久保留原件');
    // Keyboard only: the second choice, the number of days, save.
    await retention.getByRole('radio', { name: '永久保留' }).focus();
    await page.keyboard.press('ArrowDown');
    expect(await retention.getByRole('radio', { name: '审查导出后保留' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('保留天数');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => retention.getByRole('alert').innerText()).toContain('保留天数须为 1 至 3650 之间的整数');
    await retention.getByLabel('保留天数').fill('30');
    await retention.getByLabel('保留天数').press('Tab');
    await page.keyboard.press('Enter');
    const status = retention.getByTestId('retention-status');
    await expect.poll(() => status.innerText()).toContain('当前设置：审查导出 30 天后删除原件');
    expect(await retention.getByTestId('retention-due').innerText()).toMatch(/现在到期的有：1 份文档（1 次审查）的原件及提取文本，共 2 个文件/);
    await page.screenshot({ path: join(SHOTS, '70-retention-preview.png') });
    expect(await seriousViolations(page)).toEqual([]);

    // Delete now, after a confirmation; only the exported, old document goes.
    await retention.getByRole('button', { name: '立即删除到期原件' }).focus();
    await page.keyboard.press('Enter');
    await retention.getByRole('button', { name: '确定删除' }).focus();
    await page.screenshot({ path: join(SHOTS, '71-retention-confirm.png') });
    await page.keyboard.press('Enter');
    await expect.poll(() => status.innerText()).toContain('已删除：1 份文档（1 次审查）的原件及提取文本，共 2 个文件');
    expect(await retention.getByTestId('retention-due').innerText()).toContain('目前没有到期的原件');
    expect(existsSync(blob(seeded.exported))).toBe(false);
    expect(existsSync(blob(seeded.open))).toBe(true);
    await page.screenshot({ path: join(SHOTS, '72-retention-applied.png') });

    // The document list and the auditor's pages say what happened instead of failing.
    await page.getByRole('button', { name: '文档', exact: true }).click();
    const row = page.locator('tr', { hasText: '旧通知.txt' });
    await expect.poll(() => row.innerText()).toContain('原件已按保留期限删除');
    expect(await row.getByRole('button', { name: '旧通知.txt' }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, '73-home-purged.png') });
    await page.getByRole('button', { name: '审查日志' }).click();
    await expect.poll(() => page.getByTestId('log-entries').innerText()).toContain('按保留期限删除原件');
    expect(await page.getByTestId('log-status').innerText()).toContain('验证通过');
    await page.getByLabel('文档').selectOption({ label: '旧通知.txt（#1） · 原件已按保留期限删除' });
    await page.getByRole('button', { name: '保密审查单' }).click();
    const sheet = page.getByTestId('review-sheet');
    await expect.poll(() => sheet.getByTestId('sheet-purged').innerText()).toMatch(/已于 .+ 按保留期限删除/);
    // Places as the record showed them while the text was there.
    expect(await sheet.innerText()).toMatch(/第2行第11列\s+个人信息\s+手机号\s+脱敏/);
    await page.screenshot({ path: join(SHOTS, '74-sheet-purged.png') });
    expect(h.consoleErrors).toEqual([]);
    expect(h.foreignRequests).toEqual([]);
  });

  it('backs up the data folder from the same page, and reads in English', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByRole('button', { name: '数据管理' }).click();
    const backup = page.getByTestId('backup');
    await backup.getByRole('button', { name: '备份到…' }).click();
    const result = backup.getByTestId('backup-status');
    await expect.poll(() => result.innerText(), { timeout: 30_000 }).toContain('备份位置');
    const made = readdirSync(backups);
    expect(made).toHaveLength(1);
    expect(await result.innerText()).toContain(join(backups, made[0]!));
    expect(await result.innerText()).toMatch(/\d+ 条记录/);
    expect(await backup.innerText()).toContain('mishen restore');
    await page.screenshot({ path: join(SHOTS, '75-backup.png') });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('retention').innerText()).toContain('Current setting: originals are deleted 30 days after export.');
    expect(await page.getByTestId('backup').innerText()).toContain('Back up to…');
    await page.screenshot({ path: join(SHOTS, '76-data-en.png') });
    expect(h.consoleErrors).toEqual([]);
  });
});
