import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { HARNESS_ORIGIN, startHarness, type Harness } from './harness';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'e2e');

/** A CSV as an office keeps it: a header, GB18030 text, a repeated term, a blank line and a pasted paragraph. */
function officeCsv(): Buffer {
  const rows = ['词条,备注', '天网工程,2023年专项', '雪亮工程,', '天网工程,重复', '', `${'长'.repeat(300)},误粘贴的段落`, '白鹭计划,内部代号'];
  return Buffer.from(new TextEncoder().encode(rows.join('\r\n')));
}

async function openRules(page: Page, tab: string): Promise<void> {
  await page.getByRole('button', { name: '规则与清单' }).click();
  await page.getByRole('tab', { name: tab }).click();
}

describe('an administrator keeps the office lists and rules, and moves them to another workstation', () => {
  let a: Harness;
  let b: Harness | undefined;
  let work: string;
  let saveTo: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'mishen-rules-'));
    saveTo = join(work, 'saved');
    a = await startHarness(join(work, 'a'), () => saveTo);
    a.page.on('dialog', (d) => void d.accept());
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('builds a list by hand and from a file, sees its versions, and a re-scan finds its terms', async () => {
    const { page } = a;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    // A draft reviewed before the list existed.
    writeFileSync(join(work, '通知.txt'), '关于天网工程和白鹭计划（项目代号 LJ-2024-017）进展的通知\n联系人：王芳\n');
    await page.getByTestId('file-input').setInputFiles(join(work, '通知.txt'));
    await page.locator('li.finding').first().waitFor();
    const before = await page.locator('li.finding').count();

    await openRules(page, '负面清单与白名单');
    const create = page.locator('form.list-create');
    await create.getByLabel('名称').fill('本单位负面清单');
    await create.getByLabel('维护人').fill('办公室保密科');
    await create.getByRole('button', { name: '创建' }).click();
    const editor = page.getByTestId('list-editor');
    await editor.waitFor();
    await editor.getByLabel('词条', { exact: true }).fill('雪亮工程');
    await editor.getByLabel('备注').fill('2022年专项');
    await editor.getByRole('button', { name: '添加词条' }).click();
    await expect.poll(() => editor.getByTestId('terms').innerText()).toContain('雪亮工程');
    // Its note edited in place, then switched off and on again: each a version.
    await editor.getByRole('button', { name: '2022年专项' }).click();
    await editor.getByLabel('“雪亮工程”的备注').fill('2022年专项，已结项');
    await editor.getByLabel('“雪亮工程”的备注').press('Enter');
    await expect.poll(() => editor.getByTestId('terms').innerText()).toContain('已结项');
    await editor.getByRole('button', { name: '停用' }).click();
    await expect.poll(() => editor.locator('.term-row.off').count()).toBe(1);
    await editor.getByRole('button', { name: '启用', exact: true }).click();
    await expect.poll(() => editor.locator('.term-row.off').count()).toBe(0);
    expect(await editor.locator('h2').innerText()).toContain('v5');

    // From a file: what would change first, then one new version.
    writeFileSync(join(work, '清单.csv'), officeCsv());
    await editor.getByTestId('list-file').setInputFiles(join(work, '清单.csv'));
    const preview = editor.getByTestId('import-preview');
    await preview.waitFor();
    const said = await preview.innerText();
    expect(said).toContain('新增 2 条');
    expect(said).toContain('文件中重复 1 处');
    expect(said).toContain('无效的行 1 处');
    await page.screenshot({ path: join(SHOTS, '40-list-import-preview.png') });
    await preview.getByRole('button', { name: '确认导入（生成新版本）' }).click();
    await expect.poll(() => editor.getByTestId('terms').innerText()).toContain('白鹭计划');
    const history = editor.getByTestId('list-history');
    await history.getByRole('button', { name: '查看差异' }).click();
    const diff = await history.getByTestId('version-diff').innerText();
    expect(diff).toContain('+ 天网工程');
    expect(diff).toContain('+ 白鹭计划');
    await page.screenshot({ path: join(SHOTS, '41-list-history-diff.png') });
    expect(await seriousViolations(page)).toEqual([]);

    // Exported as a file an office can open.
    saveTo = join(work, '负面清单导出.csv');
    await editor.getByRole('button', { name: 'CSV' }).click();
    await expect.poll(() => existsSync(saveTo)).toBe(true);
    expect(readFileSync(saveTo, 'utf8')).toContain('白鹭计划');

    // The draft scanned again: the list's terms are found now, marked new.
    await page.getByRole('button', { name: '文档' }).click();
    await page.getByRole('button', { name: '通知.txt' }).first().click();
    await page.getByRole('button', { name: /重新扫描/ }).click();
    await page.getByTestId('rescan-result').waitFor();
    expect(await page.getByTestId('rescan-result').innerText()).toContain('本单位负面清单@');
    await expect.poll(() => page.locator('li.finding').count()).toBeGreaterThan(before);
    expect(await page.locator('li.finding .fresh').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(SHOTS, '42-rescan.png') });
    // A term deleted from the list: gone from its current version, still in the history.
    await openRules(page, '负面清单与白名单');
    await page.getByRole('button', { name: '本单位负面清单' }).click();
    await page.getByRole('button', { name: '删除词条 天网工程' }).click();
    await expect.poll(() => page.getByTestId('terms').innerText()).not.toContain('天网工程');
    expect(await page.getByTestId('list-history').innerText()).toContain('删除词条“天网工程”');
    expect(a.consoleErrors).toEqual([]);
  });

  it('writes a custom rule, tries it, and refuses a pattern that would backtrack for ever', async () => {
    const { page } = a;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await openRules(page, '自定义规则');
    await page.getByRole('button', { name: '新建规则' }).click();
    const form = page.getByTestId('rule-form');
    await form.getByLabel('规则编号').fill('project-code');
    await form.getByLabel('规则名称').fill('项目代号');
    await form.getByLabel('正则表达式').fill('[A-Z]{2}-\\d{4}-\\d{3}');
    await form.getByLabel('上下文词（顿号分隔）').fill('项目代号、代号');
    const tester = form.getByTestId('rule-tester');
    await tester.getByRole('button', { name: '试运行' }).click();
    await expect.poll(() => tester.getByTestId('test-result').innerText()).toContain('匹配 1 处');
    expect(await tester.getByTestId('test-result').innerText()).toContain('LJ-2024-017');
    await page.screenshot({ path: join(SHOTS, '43-rule-tester.png') });
    await form.getByLabel('正则表达式').fill('(a+)+$');
    await tester.getByRole('button', { name: '试运行' }).click();
    await expect.poll(() => tester.getByTestId('test-result').innerText()).toMatch(/回溯|卡死|复杂/);
    await form.getByLabel('正则表达式').fill('[A-Z]{2}-\\d{4}-\\d{3}');
    await form.getByRole('button', { name: '保存规则（生成新版本）' }).click();
    await page.getByRole('cell', { name: /项目代号/ }).waitFor();
    expect(await page.getByTestId('rule-set').innerText()).toContain('v1');
    expect(a.consoleErrors).toEqual([]);
  });

  it('moves the lists and rules to a second workstation in a signed pack, refused until its key is trusted', async () => {
    const { page } = a;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await openRules(page, '规则包与信任密钥');
    const packs = page.getByTestId('packs');
    await packs.getByLabel(/本单位负面清单/).check();
    saveTo = join(work, '本单位规则.mishen-rules');
    await packs.getByRole('button', { name: '签名并保存规则包' }).click();
    await expect.poll(() => existsSync(saveTo)).toBe(true);
    const pem = (await page.evaluate(async () => (await (window as unknown as { mishen: { invoke(c: string, p: unknown): Promise<{ value: { publicKeyPem: string } }> } }).mishen.invoke('rules.signingKey', {})).value.publicKeyPem));
    await page.screenshot({ path: join(SHOTS, '44-pack-export.png') });

    b = await startHarness(join(work, 'b'), () => null);
    const other = b.page;
    await other.goto(`${HARNESS_ORIGIN}/index.html`);
    await openRules(other, '规则包与信任密钥');
    const there = other.getByTestId('packs');
    await there.getByTestId('pack-file').setInputFiles(saveTo);
    await there.getByTestId('pack-preview').waitFor();
    expect(await there.getByTestId('pack-preview').innerText()).toContain('未受信任');
    expect(await there.getByRole('button', { name: /^导入（/ }).isDisabled()).toBe(true);
    await there.getByLabel('名称').fill('市保密办规则维护机');
    await there.getByLabel('公钥（PEM）').fill(pem);
    await there.getByRole('button', { name: '信任此密钥' }).click();
    await there.getByTestId('trusted-keys').getByText('市保密办规则维护机').waitFor();
    await there.getByTestId('pack-file').setInputFiles(saveTo);
    await expect.poll(() => there.getByTestId('pack-preview').innerText()).toContain('受信任');
    await other.screenshot({ path: join(SHOTS, '45-pack-preview.png') });
    await there.getByRole('button', { name: /^导入（/ }).click();
    await there.getByText(/已导入签名者/).waitFor();
    await other.screenshot({ path: join(SHOTS, '46-pack-imported.png') });
    await openRules(other, '负面清单与白名单');
    await other.getByTestId('lists-table').getByText('本单位负面清单').waitFor();
    // A tampered copy is refused with a clear message.
    const bytes = readFileSync(saveTo, 'utf8').replace('白鹭计划', '白鹭计画');
    writeFileSync(join(work, 'tampered.mishen-rules'), bytes);
    await openRules(other, '规则包与信任密钥');
    await there.getByTestId('pack-file').setInputFiles(join(work, 'tampered.mishen-rules'));
    await other.getByRole('alert').filter({ hasText: '改动' }).waitFor();
    expect(b.consoleErrors).toEqual([]);
  });

  it('deletes a list and restores it from the deleted lists, its terms and history intact', async () => {
    const { page } = a;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await openRules(page, '负面清单与白名单');
    const create = page.locator('form.list-create');
    await create.getByLabel('名称').fill('临时清单');
    await create.getByRole('button', { name: '创建' }).click();
    const editor = page.getByTestId('list-editor');
    await editor.getByLabel('词条', { exact: true }).fill('青松计划');
    await editor.getByRole('button', { name: '添加词条' }).click();
    await expect.poll(() => editor.getByTestId('terms').innerText()).toContain('青松计划');
    await editor.getByRole('button', { name: '删除清单' }).click(); // the confirmation is accepted
    const table = page.getByTestId('lists-table');
    await table.waitFor();
    expect(await table.innerText()).not.toContain('临时清单');

    const deleted = page.getByTestId('deleted-lists');
    await deleted.locator('summary').click();
    await deleted.getByText('临时清单').waitFor();
    await page.screenshot({ path: join(SHOTS, '47-deleted-lists.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await deleted.getByRole('button', { name: '恢复清单“临时清单”' }).click();
    await table.getByText('临时清单').waitFor();
    await expect.poll(() => deleted.count()).toBe(0);
    await table.getByRole('button', { name: '临时清单' }).click();
    await expect.poll(() => page.getByTestId('list-editor').getByTestId('terms').innerText()).toContain('青松计划');
    expect(a.consoleErrors).toEqual([]);
  });
});
