import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSON_ID, noticeDocx } from '../fixtures/samples';
import { seriousViolations } from './axe';
import { HARNESS_ORIGIN, startHarness, type Harness } from './harness';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'e2e');
const PASSWORDS = { admin: '管理员口令-2026-admin', zhang: '审查人口令-2026-zhang', li: '审批人口令-2026-li', wang: '文书口令-2026-wang', zhao: '审计员口令-2026-zhao' };

describe('three people in Chromium: reviewer, approver, clerk', () => {
  let h: Harness;
  let work: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'mishen-e2e-accounts-'));
    writeFileSync(join(work, '公示.docx'), noticeDocx());
    h = await startHarness(join(work, 'data'), () => join(work, '公示（脱敏）.docx'));
    const { accounts } = h.workspace;
    accounts.create(null, { name: 'admin', displayName: '系统管理员', roles: ['administrator'], password: PASSWORDS.admin });
    const admin = accounts.signIn('admin', PASSWORDS.admin);
    accounts.create(admin, { name: 'zhang', displayName: '张审查', roles: ['reviewer'], password: PASSWORDS.zhang });
    accounts.create(admin, { name: 'li', displayName: '李审批', roles: ['approver'], password: PASSWORDS.li });
    accounts.create(admin, { name: 'wang', displayName: '王文书', roles: ['clerk'], password: PASSWORDS.wang });
    accounts.create(admin, { name: 'zhao', displayName: '赵审计', roles: ['auditor'], password: PASSWORDS.zhao });
    accounts.signOut(admin);
  });

  afterAll(async () => {
    await h?.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function signIn(name: keyof typeof PASSWORDS) {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    // The session lives in main: after a reload the page shows either the signed-in user or the sign-in form.
    await page.locator('[data-testid=user-badge], form.sign-in').first().waitFor();
    const badge = page.getByTestId('user-badge');
    if (await badge.isVisible()) await badge.getByRole('button', { name: '退出' }).click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByLabel('用户名').fill(name);
    await page.getByLabel('口令').fill(PASSWORDS[name]);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('user-badge').waitFor();
  }

  it('signs in, submits, approves and exports, each person only their part', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByLabel('用户名').fill('zhang');
    await page.getByLabel('口令').fill('不是这个口令-xyz');
    await page.getByRole('button', { name: '登录' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('用户名或口令错误');
    await page.screenshot({ path: join(SHOTS, '22-sign-in-refused.png') });
    expect(await seriousViolations(page)).toEqual([]);

    await signIn('zhang');
    expect(await page.getByTestId('user-badge').innerText()).toContain('审查人');
    await page.getByTestId('file-input').setInputFiles(join(work, '公示.docx'));
    await page.locator('mark.hl').first().waitFor();
    await page.getByRole('button', { name: '全部确认脱敏' }).click();
    await page.getByRole('button', { name: '提交审查' }).click();
    await page.getByText('审查已提交').waitFor();
    // The reviewer has no export button, and main refuses a forged call.
    expect(await page.getByRole('button', { name: '导出脱敏稿' }).count()).toBe(0);
    const forged = await page.evaluate(() => (window as unknown as { mishen: { invoke(c: string, p: unknown): Promise<{ ok: boolean; error?: { code: string } }> } }).mishen.invoke('review.approve', { id: 1, opinion: '自己批准' }));
    expect(forged).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await page.screenshot({ path: join(SHOTS, '23-reviewer-submitted.png') });

    await signIn('li');
    // The approver's home says what waits for them.
    expect(await page.getByTestId('todo').innerText()).toMatch(/待审批\s*公示\.docx/);
    await page.getByTestId('todo').getByRole('button', { name: '公示.docx' }).click();
    const approval = page.getByTestId('approval');
    await approval.getByLabel('审批意见或退回理由').fill('同意按部分公开发布');
    await page.screenshot({ path: join(SHOTS, '24-approver.png') });
    expect(await seriousViolations(page)).toEqual([]);
    await approval.getByRole('button', { name: '批准' }).click();
    await page.locator('.status-approved').first().waitFor();

    await signIn('wang');
    expect(await page.getByTestId('todo').innerText()).toMatch(/待导出\s*公示\.docx/);
    await page.getByTestId('todo').getByRole('button', { name: '公示.docx' }).click();
    await page.getByRole('button', { name: '导出脱敏稿' }).click();
    await page.getByTestId('export-preview').getByRole('button', { name: '确认导出' }).click();
    await page.getByTestId('export-result').waitFor();
    await page.screenshot({ path: join(SHOTS, '25-clerk-exported.png') });
    const { value } = await mammoth.extractRawText({ buffer: readFileSync(join(work, '公示（脱敏）.docx')) });
    expect(value).not.toContain(PERSON_ID);

    // The record names each person, and verifies.
    const actors = h.workspace.log.entries().map((e) => JSON.parse(e.body) as { action: string; actor: { name: string } });
    expect(actors.find((a) => a.action === 'review.submit')?.actor.name).toBe('zhang');
    expect(actors.find((a) => a.action === 'review.approve')?.actor.name).toBe('li');
    expect(actors.find((a) => a.action === 'document.export')?.actor.name).toBe('wang');
    expect(h.workspace.log.verify().ok).toBe(true);

    // The auditor reads the record by document and by person, and prints the 保密审查单.
    await signIn('zhao');
    await page.getByRole('button', { name: '审查日志' }).click();
    await page.getByTestId('log-status').waitFor();
    await page.getByText('月度统计').click();
    const month = new Date().toISOString().slice(0, 7);
    expect(await page.getByTestId('monthly-summary').getByRole('row', { name: new RegExp(month) }).innerText()).toMatch(/\t1\t1\t1\t0\t1\t/);
    await page.getByRole('combobox', { name: '人员' }).selectOption('li');
    await expect.poll(async () => page.getByTestId('log-entries').locator('tbody tr').count()).toBe(1);
    await page.getByRole('combobox', { name: '人员' }).selectOption('');
    await page.getByRole('combobox', { name: '文档' }).selectOption({ label: '公示.docx（#1）' });
    await page.getByRole('button', { name: '保密审查单' }).click();
    const sheet = page.getByTestId('review-sheet');
    await sheet.getByText('逐项审查结论').waitFor();
    const text = await sheet.innerText();
    for (const expected of ['政府信息公开保密审查单', 'zhang', 'li', '同意按部分公开发布', '身份证号', '公示（脱敏）.docx']) expect(text).toContain(expected);
    expect(text).not.toContain(PERSON_ID);
    await page.screenshot({ path: join(SHOTS, '26-review-sheet.png') });
    expect(await seriousViolations(page)).toEqual([]);
    // Printed, only the sheet remains.
    await page.emulateMedia({ media: 'print' });
    const pdf = join(work, '审查单.pdf');
    writeFileSync(pdf, await page.pdf({ printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    const printed = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).normalize('NFKC');
    expect(printed).toContain('政府信息公开保密审查单'.normalize('NFKC'));
    expect(printed).not.toContain('打印');
    expect(h.foreignRequests).toEqual([]);
  });
});

describe('the first administrator, created in the app', () => {
  let h: Harness;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'mishen-e2e-admin-'));
    h = await startHarness(join(work, 'data'), () => null);
  });

  afterAll(async () => {
    await h?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('ends single-operator mode, then manages accounts signed in', async () => {
    const { page } = h;
    await page.goto(`${HARNESS_ORIGIN}/index.html`);
    await page.getByRole('button', { name: '账户', exact: true }).click();
    const view = page.getByTestId('accounts-view');
    expect(await view.innerText()).toContain('当前为单人模式');
    const form = view.getByRole('form', { name: '新建账户' });
    await form.getByLabel('用户名').fill('admin');
    await form.getByLabel('姓名').fill('系统管理员');
    await form.getByLabel('口令（至少 10 个字符）').fill(PASSWORDS.admin);
    await form.getByLabel('再次输入口令').fill(PASSWORDS.admin);
    await form.getByRole('button', { name: '创建账户' }).click();
    // Accounts now exist: nothing is shown before signing in.
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('口令').fill(PASSWORDS.admin);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('button', { name: '账户', exact: true }).click();
    await form.getByLabel('用户名').fill('zhang');
    await form.getByLabel('姓名').fill('张审查');
    await form.getByLabel('审查人').check();
    await form.getByLabel('口令（至少 10 个字符）').fill(PASSWORDS.zhang);
    await form.getByLabel('再次输入口令').fill(PASSWORDS.zhang);
    await form.getByRole('button', { name: '创建账户' }).click();
    await view.getByRole('cell', { name: '张审查' }).waitFor();
    await view.getByRole('row', { name: /张审查/ }).getByRole('button', { name: '停用' }).click();
    await view.getByRole('row', { name: /张审查/ }).getByRole('button', { name: '启用' }).waitFor();
    await page.screenshot({ path: join(SHOTS, '27-accounts.png') });
    expect(await seriousViolations(page)).toEqual([]);
    expect(h.workspace.accounts.list().find((a) => a.name === 'zhang')).toMatchObject({ disabled: true, roles: ['reviewer'] });
    // The administrator alone reads no documents and no record: those pages are not offered, and nothing failed.
    expect(await page.getByRole('button', { name: '文档' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '审查日志' }).count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(h.consoleErrors).toEqual([]);
  });
});
