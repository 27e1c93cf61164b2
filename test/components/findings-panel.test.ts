import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_LABELS } from '../../shared/rules/labels';
import { CATEGORIES } from '../../shared/rules/finding';
import type { FindingView } from '../../shared/ipc/views';
import { mountEntry, type Mounted } from './mount';
import type { PanelWindow } from './panel-window';
import { syntheticFindings, type SyntheticOptions } from './synthetic';

const ENTRY = join(import.meta.dirname, 'findings-panel.entry.tsx');
const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'components');
const N = 10_000;
const zh = (n: number) => n.toLocaleString('zh-CN');
const undecided = (fs: readonly FindingView[]) => fs.filter((f) => f.decision === null);
/** The findings the page builds, in position order (the generator's order). */
const all = syntheticFindings(N);

let m: Mounted;
beforeAll(async () => {
  m = await mountEntry(ENTRY);
});
afterAll(async () => {
  await m?.close();
});

async function mount(count = N, options: SyntheticOptions & { locked?: boolean } = {}) {
  await m.page.evaluate(([c, o]) => (window as unknown as PanelWindow).__mount(c, o), [count, options] as const);
  await m.page.locator('section.findings').waitFor();
}

const rowOf = (id: string) => m.page.locator(`li[id="finding-${id}"]`);
const header = (label: string) => m.page.locator('li.finding-group', { has: m.page.locator('.finding-group-label', { hasText: label }) });
const choose = (name: string, value: string) => m.page.getByRole('combobox', { name, exact: true }).selectOption(value);

/** Collapses every group, one after the other, so that every header is on screen. */
async function collapseAll() {
  const open = m.page.locator('li.finding-group .finding-group-toggle[aria-expanded="true"]');
  while ((await open.count()) > 0) await open.first().click();
}

/** Whether the row's box lies inside the scrolling list's box. */
async function inView(id: string): Promise<boolean> {
  return m.page.evaluate((rowId) => {
    const row = document.getElementById(`finding-${rowId}`);
    const box = document.querySelector('.findings-scroll')?.getBoundingClientRect();
    if (!row || !box) return false;
    const r = row.getBoundingClientRect();
    return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  }, id);
}

describe('FindingsPanel (Chromium)', () => {
  it('renders 10,000 findings with a few dozen rows in the DOM', async () => {
    await mount();
    await expect.poll(() => m.page.locator('li.finding').count()).toBeGreaterThan(3);
    expect(await m.page.locator('.finding-list > li').count()).toBeLessThan(200);
    expect(await m.page.locator('section.findings h2 .count').innerText()).toBe(zh(N));
    expect(await m.page.getByTestId('progress').innerText()).toBe(`已决定 ${zh(N - undecided(all).length)} / ${zh(N)}`);
    // Secret markings come first.
    expect(await m.page.locator('li.finding-group .finding-group-label').first().innerText()).toBe(CATEGORY_LABELS.classified);
    expect(await m.page.locator('.finding-list').getAttribute('aria-label')).toBe('发现项列表');
    expect(await m.page.locator('li.finding').first().getAttribute('aria-setsize')).toBe(String(N));
  });

  it('shows each group with its count and undecided count, and collapses groups', async () => {
    await mount();
    const first = header(CATEGORY_LABELS.classified);
    await first.locator('.finding-group-toggle').click();
    expect(await first.locator('.finding-group-toggle').getAttribute('aria-expanded')).toBe('false');
    expect(await m.page.locator('li.finding.cat-classified').count()).toBe(0);
    await expect.poll(() => m.page.locator('li.finding.cat-personal').count()).toBeGreaterThan(0);
    await collapseAll();
    expect(await m.page.locator('li.finding').count()).toBe(0);
    const present = CATEGORIES.filter((c) => all.some((f) => f.category === c));
    expect(await m.page.locator('.finding-group-label').allInnerTexts()).toEqual(present.map((c) => CATEGORY_LABELS[c]));
    for (const c of present) {
      const group = all.filter((f) => f.category === c);
      const h = header(CATEGORY_LABELS[c]);
      expect(await h.locator('.finding-group-count').innerText()).toBe(zh(group.length));
      expect(await h.locator('.finding-group-undecided').innerText()).toBe(`· 未决定 ${zh(undecided(group).length)}`);
    }
    // Open one again: its rows come back.
    await header(CATEGORY_LABELS.trade_secret).locator('.finding-group-toggle').click();
    await expect.poll(() => m.page.locator('li.finding.cat-trade_secret').count()).toBeGreaterThan(0);
  });

  it('groups by type with the type labels and counts', async () => {
    await mount();
    await choose('分组', 'type');
    await expect.poll(() => m.page.locator('.finding-group-label').first().innerText()).toBe('密级标识');
    await collapseAll();
    const ids = all.filter((f) => f.type === 'id_card');
    expect(await header('身份证号').locator('.finding-group-count').innerText()).toBe(zh(ids.length));
    expect(await header('身份证号').locator('.finding-group-undecided').innerText()).toBe(`· 未决定 ${zh(undecided(ids).length)}`);
  });

  it('filters by state and says how many are shown', async () => {
    await mount();
    await choose('状态', 'rejected');
    const rejected = all.filter((f) => f.decision === 'rejected');
    await expect.poll(() => m.page.getByTestId('shown').innerText()).toBe(`显示 ${zh(rejected.length)} / ${zh(N)}`);
    const states = await m.page.locator('li.finding').evaluateAll((rows) => rows.map((r) => r.className.match(/state-(\w+)/)![1]));
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['rejected']));
    await m.page.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => m.page.getByTestId('shown').count()).toBe(0);
  });

  it('filters by text: the value, the type label, the location', async () => {
    await mount();
    const search = m.page.getByRole('searchbox', { name: '搜索发现项' });
    const id = all.find((f) => f.type === 'id_card' && all.filter((g) => g.text.includes(f.text)).length === 1)!;
    await search.fill(id.text);
    await expect.poll(() => m.page.locator('li.finding').count()).toBe(1);
    expect(await m.page.locator('li.finding').innerText()).toContain(id.text);
    await search.fill('手机号');
    const mobiles = all.filter((f) => f.type === 'mobile_phone');
    await expect.poll(() => m.page.getByTestId('shown').innerText()).toBe(`显示 ${zh(mobiles.length)} / ${zh(N)}`);
    await search.fill('没有这样的内容');
    await expect.poll(() => m.page.getByText('没有符合筛选条件的发现项。').count()).toBe(1);
  });

  it('sorts by score, highest first', async () => {
    await mount();
    await choose('分组', 'none');
    await choose('排序', 'score');
    const best = Math.max(...all.map((f) => f.score));
    await expect.poll(() => m.page.locator('li.finding .finding-meta').first().innerText()).toContain(`置信度：${best.toFixed(2)}`);
    expect(await m.page.locator('li.finding-group').count()).toBe(0);
    const scores = (await m.page.locator('li.finding .finding-meta').allInnerTexts()).map((t) => Number(/置信度：([\d.]+)/.exec(t)![1]));
    expect(scores.length).toBeGreaterThan(3);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('accepts the undecided findings of one group, exactly those', async () => {
    await mount();
    const group = header(CATEGORY_LABELS.classified);
    const expected = undecided(all.filter((f) => f.category === 'classified')).map((f) => f.id);
    const accept = group.locator('.finding-group-accept');
    expect(await accept.getAttribute('aria-label')).toBe(`确认本组：将“涉密标识”中 ${zh(expected.length)} 项未决定的发现项确认脱敏`);
    await accept.click();
    const calls = await m.page.evaluate(() => (window as unknown as PanelWindow).__decisions);
    expect(calls).toEqual([{ ids: expected, decision: 'accepted' }]);
    await expect.poll(() => accept.isDisabled()).toBe(true);
    expect(await group.locator('.finding-group-undecided').count()).toBe(0);
    // Locked reviews decide nothing.
    await mount(200, { locked: true });
    expect(await m.page.locator('.finding-group-accept').first().isDisabled()).toBe(true);
  });

  it('scrolls a finding far down into view when it is selected, opening its group', async () => {
    await mount();
    const last = all.filter((f) => f.category === 'internal').at(-1)!;
    await m.page.evaluate((id) => (window as unknown as PanelWindow).__select(id), last.id);
    await expect.poll(() => inView(last.id)).toBe(true);
    expect(await rowOf(last.id).getAttribute('class')).toContain('selected');
    expect(await rowOf(last.id).innerText()).toContain(last.basis);
    // A finding in a collapsed group: the group opens.
    await mount();
    const far = all.filter((f) => f.category === 'personal')[4_000]!;
    const personal = header(CATEGORY_LABELS.personal).locator('.finding-group-toggle');
    await header(CATEGORY_LABELS.classified).locator('.finding-group-toggle').click();
    await personal.click();
    expect(await personal.getAttribute('aria-expanded')).toBe('false');
    await m.page.evaluate((id) => (window as unknown as PanelWindow).__select(id), far.id);
    await expect.poll(() => inView(far.id)).toBe(true);
    await m.page.locator('.findings-scroll').evaluate((el) => el.scrollBy(0, -(el.scrollTop - 1)));
    expect(await personal.getAttribute('aria-expanded')).toBe('true');
  });

  it('reaches the toolbar and the group headers by keyboard', async () => {
    await mount();
    const focused: string[] = [];
    await m.page.locator('body').focus();
    for (let i = 0; i < 12; i++) {
      await m.page.keyboard.press('Tab');
      focused.push(
        await m.page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          return el.getAttribute('aria-label') ?? el.closest('label')?.querySelector('span')?.textContent ?? el.textContent ?? el.tagName;
        }),
      );
    }
    const at = focused.indexOf('搜索发现项');
    expect(at).toBeGreaterThan(0);
    expect(focused.slice(at, at + 5)).toEqual(['搜索发现项', '分组', '排序', '状态', '类别']);
    // Next: the first group's toggle, which Space collapses.
    expect(focused[at + 5]).toContain(CATEGORY_LABELS.classified);
    const toggle = header(CATEGORY_LABELS.classified).locator('.finding-group-toggle');
    await toggle.focus();
    await m.page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('keeps what the end-to-end tests rely on: every row of a short list, unique control names', async () => {
    await mount(11);
    expect(await m.page.locator('li.finding').count()).toBe(11);
    expect(await m.page.getByRole('button', { name: '全部确认脱敏' }).count()).toBe(1);
    expect(await m.page.getByRole('combobox', { name: '不脱敏理由' }).count()).toBe(1);
    expect(await m.page.getByLabel('同值全部').count()).toBe(1);
    const row = m.page.locator('li.finding.state-undecided').first();
    expect(await row.getByRole('button', { name: '不脱敏' }).count()).toBe(1);
    await row.getByRole('button', { name: '不脱敏' }).click();
    await expect.poll(() => m.page.locator('li.finding.state-rejected').count()).toBe(syntheticFindings(11).filter((f) => f.decision === 'rejected').length + 1);
  });

  it('has no serious accessibility violations (axe-core)', async () => {
    await mount(300);
    await m.page.evaluate((id) => (window as unknown as PanelWindow).__select(id), syntheticFindings(300)[1]!.id);
    await m.page.locator('.finding-group-toggle').first().hover(); // hover colours count too
    await m.page.addScriptTag({ content: readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
    const violations = await m.page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(ctx: Element, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document.querySelector('section.findings')!, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('speaks English when switched, numbers formatted for the language', async () => {
    await mount();
    await m.page.evaluate(() => (window as unknown as PanelWindow).__language('en'));
    try {
      await choose('State', 'undecided');
      await expect.poll(() => m.page.getByTestId('shown').innerText()).toBe(`Showing ${undecided(all).length.toLocaleString('en')} of ${(10_000).toLocaleString('en')}`);
      expect(await m.page.locator('.finding-group-undecided').first().innerText()).toMatch(/^· undecided [\d,]+$/);
      expect(await m.page.getByRole('searchbox', { name: 'Search findings' }).count()).toBe(1);
    } finally {
      await m.page.evaluate(() => (window as unknown as PanelWindow).__language('zh-CN'));
    }
  });

  it('looks finished (screenshot) and logs no errors', async () => {
    await mount();
    await m.page.evaluate((id) => (window as unknown as PanelWindow).__select(id), all.filter((f) => f.category === 'classified')[1]!.id);
    await expect.poll(() => m.page.locator('li.finding.selected .finding-detail').count()).toBe(1);
    mkdirSync(SHOTS, { recursive: true });
    await m.page.screenshot({ path: join(SHOTS, 'findings-panel.png') });
    expect(m.errors).toEqual([]);
  });
});
