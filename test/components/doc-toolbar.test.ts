import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_TEXT } from '../fixtures/samples';
import { calls, mountComponents, screenshot, show } from './components';
import type { Mounted } from './mount';

/** The document toolbar (zoom, search, redact-all, box mode) over the 公示 notice, and the shortcut legend. */

const pct = (z: number) => `${Math.round(z * 100)}%`;
/** The zoom steps above and below 100 % (ZOOMS in DocToolbar.tsx). */
const UP = [1.1, 1.25, 1.5, 1.75, 2, 3];
const DOWN = [0.9, 0.8, 0.67, 0.5];
const args = async (name: string) => (await calls(m, name)).map((c) => c.args[0]);

let m: Mounted;
beforeAll(async () => {
  m = await mountComponents({ width: 900, height: 400 });
});
afterAll(async () => {
  await m?.close();
});

const toolbar = () => m.page.getByRole('toolbar', { name: '文稿工具' });
const search = () => toolbar().getByRole('searchbox', { name: '在文稿中查找' });
const count = () => m.page.getByTestId('search-count');
const button = (name: string) => toolbar().getByRole('button', { name, exact: true });
const mount = (options: { redact?: boolean; box?: boolean; slow?: boolean; zoom?: number } = {}) =>
  show(m, { kind: 'toolbar', text: NOTICE_TEXT, zoom: options.zoom ?? 1, redact: options.redact ?? true, box: options.box ?? false, slow: options.slow ?? false });

describe('DocToolbar (Chromium)', () => {
  it('steps the zoom through every step up and down, shows it in percent, and resets it', async () => {
    await mount();
    const label = m.page.getByTestId('zoom-level');
    expect(await label.innerText()).toBe('100%');
    /** The zoom shown after each of `times` presses of a button. */
    const press = async (name: string, times: number) => {
      const shown: string[] = [];
      for (let i = 0; i < times; i++) {
        await button(name).click();
        shown.push(await label.innerText());
      }
      return shown;
    };
    // The last press stays at the top step.
    expect(await press('放大（+）', UP.length + 1)).toEqual([...UP, 3].map(pct));
    await label.click();
    expect(await label.innerText()).toBe('100%');
    expect(await press('缩小（−）', DOWN.length + 1)).toEqual([...DOWN, 0.5].map(pct));
    expect(await args('onZoom')).toEqual([...UP, 3, 1, ...DOWN, 0.5]);
    expect(await label.getAttribute('title')).toBe('恢复为适合宽度（0）');
  });

  it('searches as one types, and counts the hits: none current, then 1 / 2 处', async () => {
    await mount();
    expect(await count().innerText()).toBe('');
    await search().fill('联系');
    expect(await args('onQuery')).toEqual(['联系']);
    expect(await count().innerText()).toBe('0 / 2 处');
    await search().press('Enter');
    expect(await count().innerText()).toBe('1 / 2 处');
    await search().press('Enter');
    expect(await count().innerText()).toBe('2 / 2 处');
    await search().press('Shift+Enter');
    expect(await count().innerText()).toBe('1 / 2 处');
    // Enter steps forward once, Shift+Enter back once: no double step from the form's submit.
    expect(await args('onStep')).toEqual([1, 1, -1]);
    await button('上一处（Shift+Enter）').click();
    await button('下一处（Enter）').click();
    expect(await args('onStep')).toEqual([1, 1, -1, -1, 1]);
    expect(await count().getAttribute('aria-live')).toBe('polite');
  });

  it('gives the keys back to the review on Escape', async () => {
    await mount();
    await search().fill('公示');
    expect(await search().evaluate((el) => el === document.activeElement)).toBe(true);
    await search().press('Escape');
    expect(await search().evaluate((el) => el === document.activeElement)).toBe(false);
  });

  // Known bug (DocToolbar.tsx, the search input's onKeyDown): Escape only blurs, without preventDefault, so
  // Chromium's own Escape on an <input type="search"> also clears it: the query and its hits are gone, and N
  // (next hit, in the legend) has nothing to step through. Remove `.fails` once Escape keeps the query.
  it('keeps the query and its hits after Escape', async () => {
    await mount();
    await search().fill('公示');
    await search().press('Escape');
    expect(await args('onQuery')).toEqual(['公示']);
    expect(await search().inputValue()).toBe('公示');
    expect(await count().innerText()).toBe('0 / 3 处');
  });

  it('says so when a regular expression is invalid or too slow, and offers nothing to step or redact', async () => {
    await mount();
    await toolbar().getByLabel('正则').check();
    expect(await args('onRegex')).toEqual([true]);
    // A mobile number, not the digits inside an ID number.
    await search().fill('(?<!\\d)1[3-9]\\d{9}(?!\\d)');
    expect(await count().innerText()).toBe('0 / 1 处');
    await search().fill('(联系');
    expect(await count().innerText()).toBe('表达式无效');
    expect(await count().getAttribute('class')).toContain('warn-text');
    for (const name of ['上一处（Shift+Enter）', '下一处（Enter）', '全部人工脱敏']) expect([name, await button(name).isDisabled()]).toEqual([name, true]);
    await mount({ slow: true });
    await toolbar().getByLabel('正则').check();
    await search().fill('(a+)+$');
    expect(await count().innerText()).toBe('表达式过于复杂，已停止');
  });

  it('redacts all hits only when there are some, and has no such button when the review is closed', async () => {
    await mount();
    const redact = button('全部人工脱敏');
    expect(await redact.isDisabled()).toBe(true);
    await search().fill('没有这样的内容');
    expect(await count().innerText()).toBe('0 / 0 处');
    expect(await redact.isDisabled()).toBe(true);
    await search().fill('公示');
    expect(await redact.isDisabled()).toBe(false);
    await redact.click();
    expect(await calls(m, 'onRedactHits')).toHaveLength(1);
    await mount({ redact: false });
    await search().fill('公示');
    expect(await button('全部人工脱敏').count()).toBe(0);
    expect(await button('下一处（Enter）').isDisabled()).toBe(false);
  });

  it('toggles box selection with aria-pressed, on PDF pages only', async () => {
    await mount();
    expect(await toolbar().getByRole('button', { name: /框选脱敏/ }).count()).toBe(0);
    await mount({ box: true });
    const box = toolbar().getByRole('button', { name: /框选脱敏/ });
    expect(await box.getAttribute('aria-pressed')).toBe('false');
    expect(await box.getAttribute('title')).toBe('在 PDF 页面上拖出方框，选中框内文字进行人工脱敏（B）');
    await box.click();
    expect(await box.getAttribute('aria-pressed')).toBe('true');
    await box.click();
    expect(await box.getAttribute('aria-pressed')).toBe('false');
    expect(await args('onBoxMode')).toEqual([true, false]);
    await search().fill('联系');
    await search().press('Enter');
    await screenshot(m, 'doc-toolbar', toolbar());
    expect(m.errors).toEqual([]);
  });
});

describe('ShortcutLegend (Chromium)', () => {
  const legend = () => m.page.getByRole('region', { name: '快捷键' });
  const rows = () => legend().locator('dl > div').evaluateAll((divs) => divs.map((d) => [[...d.querySelectorAll('dt kbd')].map((k) => k.textContent), d.querySelector('dd')!.textContent]));
  const common: [string[], string][] = [
    [['J', '↓'], '下一个发现项'],
    [['K', '↑'], '上一个发现项'],
    [['A'], '确认脱敏并前进'],
    [['R'], '不脱敏并前进（附所选理由）'],
    [['U', 'Ctrl+Z'], '撤销上一次决定'],
    [['Shift+U', 'Ctrl+Y'], '重做'],
    [['/', 'Ctrl+F'], '查找'],
    [['Enter', 'N'], '下一处查找结果（Shift 反向）'],
    [['+', '−', '0'], '放大 / 缩小 / 适合宽度'],
  ];
  const last: [string[], string] = [['?'], '显示或隐藏本说明'];

  it('lists every key with what it does; box selection only for PDF', async () => {
    await show(m, { kind: 'legend', pdf: false });
    expect(await rows()).toEqual([...common, last]);
    // The search keys read "/ · Ctrl+F", the `/` key drawn as a key like the others.
    expect(await legend().locator('dt').nth(6).innerText()).toBe('/ · Ctrl+F');
    await show(m, { kind: 'legend', pdf: true });
    expect(await rows()).toEqual([...common, [['B'], 'PDF 框选脱敏'], last]);
    await screenshot(m, 'shortcut-legend', legend());
  });

  it('closes on Escape from anywhere, and on its button', async () => {
    await show(m, { kind: 'legend', pdf: true });
    await m.page.locator('body').press('Escape');
    expect(await calls(m, 'onClose')).toHaveLength(1);
    expect(await legend().count()).toBe(0);
    // Closed, it no longer listens.
    await m.page.keyboard.press('Escape');
    expect(await calls(m, 'onClose')).toHaveLength(1);
    await show(m, { kind: 'legend', pdf: false });
    await legend().getByRole('button', { name: '关闭' }).click();
    expect(await calls(m, 'onClose')).toHaveLength(1);
    expect(m.errors).toEqual([]);
  });
});
