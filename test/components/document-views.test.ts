import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDocument } from '../../electron/node/importers';
import { HIDDEN_LABELS } from '../../shared/document/hidden-labels';
import { rangeIndexAt, type HiddenPlace } from '../../shared/document/model';
import type { FindingView } from '../../shared/ipc/views';
import { buildXlsx, publicityXlsx } from '../fixtures/xlsx';
import { PERSON_ID, PERSON_ID_2 } from '../fixtures/samples';
import { calls, mountComponents, screenshot, show } from './components';
import type { Mounted } from './mount';
import type { ComponentWindow } from './panel-window';
import { docxHtml, housingNoticeDocx, overlaps, reviewOf, rosterRows, sheetsOfDoc } from './review-data';

/** The document view's parts with a real DOCX and real workbooks, read as the app reads them. */

const notice = housingNoticeDocx();
const { view, hidden } = reviewOf('住房保障公示.docx', notice);
const { text, findings } = view;
const marks = (fs: FindingView[] = findings) => ({ findings: fs, manual: [], hits: [], selected: null, currentHit: -1 });
const byId = (id: string) => `[id="${id}"]`;
/** Findings inside something the page does not show. */
const inHidden = findings.filter((f) => hidden.some((h) => overlaps(f, h)));
/** Places in the order the lane lists them (first seen), and the ranges grouped so. */
const places = [...new Set(hidden.map((h) => h.place))];
const grouped = places.flatMap((p) => hidden.filter((h) => h.place === p));

let m: Mounted;
let html: string;
beforeAll(async () => {
  [m, html] = await Promise.all([mountComponents({ width: 1100, height: 760 }), docxHtml(notice)]);
});
afterAll(async () => {
  await m?.close();
});

describe('HiddenLane (Chromium)', () => {
  const lane = () => m.page.getByRole('complementary', { name: '页面上看不到的内容' });
  const group = (place: HiddenPlace) => lane().locator('details', { has: m.page.locator('summary', { hasText: HIDDEN_LABELS[place] }) });

  it('groups what the page hides by place, with counts, authors and where each lives', async () => {
    await show(m, { kind: 'lane', hidden, text, marks: marks() });
    expect(places.length).toBeGreaterThanOrEqual(6);
    const summaries = await lane().locator('details > summary').evaluateAll((els) => els.map((e) => e.textContent));
    expect(summaries).toEqual(places.map((p) => `${HIDDEN_LABELS[p]} ${hidden.filter((h) => h.place === p).length}`));
    expect(await group('comment').locator('summary .count').textContent()).toBe('2');
    // Each item: its author (comments, tracked changes), where it lives, and its text.
    const items = await lane().locator('li.hidden-item').evaluateAll((lis) => lis.map((li) => [li.querySelector('.muted')!.textContent, li.querySelector('.hidden-text')!.textContent]));
    expect(items).toEqual(grouped.map((h) => [h.author ? `${h.author} · ${h.where}` : h.where, text.slice(h.start, h.end)]));
    expect(await group('comment').locator('.author').allTextContents()).toEqual(['张科长 · ', '李处长 · ']);
    expect(await group('tracked_deletion').locator('.hidden-text').textContent()).toContain(PERSON_ID_2);
  });

  it('opens the groups that hold findings and leaves the others closed', async () => {
    await show(m, { kind: 'lane', hidden, text, marks: marks() });
    for (const place of places) {
      const holds = hidden.some((h) => h.place === place && findings.some((f) => overlaps(f, h)));
      expect([place, await group(place).evaluate((d) => (d as HTMLDetailsElement).open)]).toEqual([place, holds]);
    }
    // Both kinds are there: a header without findings, a comment with a phone number.
    expect(await group('header').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await group('comment').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
  });

  it('marks the findings inside hidden text with lane-hl-<id>, at their offsets', async () => {
    await show(m, { kind: 'lane', hidden, text, marks: marks() });
    expect(inHidden.length).toBeGreaterThanOrEqual(6);
    const found = await lane()
      .locator('mark.hl[data-finding]')
      .evaluateAll((els) => els.filter((e) => e.id).map((e) => ({ id: e.id, finding: e.getAttribute('data-finding'), start: Number(e.getAttribute('data-start')) })));
    expect(found).toEqual(
      grouped.flatMap((h) => inHidden.filter((f) => h.start <= f.start && f.start < h.end).map((f) => ({ id: `lane-hl-${f.id}`, finding: f.id, start: f.start }))),
    );
    // The main view's ids (hl-<id>) are not taken.
    expect(await lane().locator('[id^="hl-"]').count()).toBe(0);
  });

  it('selects a finding when its mark is clicked, and keeps a group the reviewer closed closed', async () => {
    await show(m, { kind: 'lane', hidden, text, marks: marks() });
    const phone = inHidden.find((f) => hidden[rangeIndexAt(hidden, f.start)]?.place === 'comment')!;
    await group('footer').locator('summary').click();
    expect(await group('footer').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await lane().locator(byId(`lane-hl-${phone.id}`)).click();
    expect(await calls(m, 'onSelect')).toEqual([{ name: 'onSelect', args: [phone.id] }]);
    await expect.poll(() => lane().locator(byId(`lane-hl-${phone.id}`)).getAttribute('class')).toContain('selected');
    expect(await group('footer').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await screenshot(m, 'hidden-lane', lane());
    expect(m.errors).toEqual([]);
  });
});

describe('DocxView (Chromium)', () => {
  const page = () => m.page.getByTestId('document-text');
  /** Findings in text mammoth shows: the body, and the hidden places it renders (insertions, footnotes). */
  const shown = findings.filter((f) => {
    const h = hidden[rangeIndexAt(hidden, f.start)];
    return !h || h.place === 'tracked_insertion' || h.place === 'footnote';
  });

  it('renders the heading, bold, the table and the embedded picture', async () => {
    await show(m, { kind: 'docx', html, text, hidden, marks: marks() });
    expect(await page().locator('h1').innerText()).toBe('关于2024年度城镇保障性住房申请人情况的公示');
    expect(await page().locator('strong').innerText()).toBe(PERSON_ID);
    const rows = await page().locator('table tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([
      ['姓名', '身份证号', '联系电话'],
      ['赵强', PERSON_ID_2, '13700001111'],
    ]);
    const img = page().locator('img');
    expect(await img.getAttribute('alt')).toBe('申请人李明身份证正面照片');
    expect(await img.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    // Deleted text and comments are not on the page (they are in the lane).
    expect(await page().textContent()).not.toContain('已撤回申请');
    expect(await page().textContent()).not.toContain('请核实申请人电话');
  });

  it("marks every finding the page shows, each mark's data-start its offset in the document text", async () => {
    await show(m, { kind: 'docx', html, text, hidden, marks: marks() });
    expect(shown.length).toBeGreaterThanOrEqual(10);
    const got = await page().evaluate(
      (root, ids) =>
        ids.map((id) => {
          const first = root.querySelector(`[id="hl-${CSS.escape(id)}"]`);
          const all = [...root.querySelectorAll(`mark[data-finding="${CSS.escape(id)}"]`)];
          return { id, tag: first?.tagName, hl: first?.classList.contains('hl'), start: Number(first?.getAttribute('data-start')), text: all.map((e) => e.textContent).join('') };
        }),
      shown.map((f) => f.id),
    );
    expect(got).toEqual(shown.map((f) => ({ id: f.id, tag: 'MARK', hl: true, start: f.start, text: f.text })));
    // Nothing the page does not show is marked in it.
    const notShown = findings.filter((f) => !shown.includes(f)).map((f) => f.id);
    expect(notShown.length).toBeGreaterThan(0);
    expect(await page().evaluate((root, ids) => ids.filter((id) => root.querySelector(`mark[data-finding="${CSS.escape(id)}"]`)), notShown)).toEqual([]);
  });

  it('marks text from hidden places that mammoth shows (a footnote), and selects a finding on click', async () => {
    await show(m, { kind: 'docx', html, text, hidden, marks: marks() });
    const note = page().locator('.inline-hidden[title="脚注"]');
    // textContent: the paragraphs below the fold are skipped by `content-visibility: auto`, and innerText with them.
    expect(await note.textContent()).toBe('联系人：王芳，电话 13900112233');
    expect(await note.locator('mark.hl').allTextContents()).toEqual(['王芳', '13900112233']);
    const id = findings.find((f) => f.text === PERSON_ID)!.id;
    await page().locator(byId(`hl-${id}`)).click();
    expect(await calls(m, 'onSelect')).toEqual([{ name: 'onSelect', args: [id] }]);
    await expect.poll(() => page().locator(byId(`hl-${id}`)).getAttribute('class')).toContain('selected');
    await screenshot(m, 'docx-view');
  });

  // Known bug (DocxView.tsx, ShownText): only the start of each aligned run is looked up in `hidden`. mammoth
  // writes a paragraph's runs as one text node, so an insertion in the middle of a paragraph is one run with the
  // visible text around it and is not marked. Remove `.fails` once runs are cut at hidden-range boundaries.
  it('marks a tracked insertion in the middle of a paragraph as hidden content', async () => {
    await show(m, { kind: 'docx', html, text, hidden, marks: marks() });
    await page().locator('h1').waitFor();
    const inserted = await page().evaluate((root) => [...root.querySelectorAll('.inline-hidden[title="修订插入内容"]')].map((e) => e.textContent));
    expect(inserted).toEqual(['手机 139 0011 2233']);
  });

  it('keeps only safe markup: no script, link, remote image, event handler or style runs', async () => {
    const requests: string[] = [];
    const onRequest = (r: { url(): string }) => requests.push(r.url());
    m.page.on('request', onRequest);
    const hostile = html.replace(
      '</h1>',
      '</h1><script>window.__pwned = "script"</script><p onclick="window.__pwned = \'click\'" id="root" class="evil" style="background:url(https://evil.example/bg.png)">请点击此处查看附件</p>' +
        '<img src=x onerror="window.__pwned = \'img\'"><img src="http://evil.example/track.png" alt="跟踪"><a href="javascript:window.__pwned = \'link\'">下载附件</a>' +
        '<iframe src="https://evil.example/"></iframe><svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg><style>body { display: none }</style>' +
        '<form action="https://evil.example/"><input name="q" value="提交"></form><object data="https://evil.example/x.swf"></object><base href="https://evil.example/">',
    );
    try {
      await show(m, { kind: 'docx', html: hostile, text, hidden, marks: marks() });
      await page().getByText('请点击此处查看附件').click();
      await page().getByText('下载附件').click();
      await m.page.waitForTimeout(150);
      expect(await m.page.evaluate(() => (window as unknown as ComponentWindow).__pwned)).toBeUndefined();
      const report = await page().evaluate((root) => ({
        tags: [...new Set([...root.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))].sort(),
        attributes: [...new Set([...root.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)))].sort(),
        images: [...root.querySelectorAll('img')].map((i) => i.getAttribute('src')!.slice(0, 22)),
        roots: document.querySelectorAll('#root').length,
      }));
      for (const tag of ['script', 'a', 'iframe', 'svg', 'style', 'form', 'input', 'object', 'base']) expect(report.tags).not.toContain(tag);
      expect(report.attributes.filter((a) => a.startsWith('on') || ['href', 'style', 'srcdoc', 'action', 'data', 'xlink:href'].includes(a))).toEqual([]);
      expect(await page().locator('.evil').count()).toBe(0);
      expect(report.images).toEqual(['data:image/png;base64,']);
      expect(report.roots).toBe(1);
      // The words stay, as text.
      expect(await page().textContent()).toContain('下载附件');
      expect(requests.filter((u) => u.includes('evil.example'))).toEqual([]);
      expect(m.errors).toEqual([]);
    } finally {
      m.page.off('request', onRequest);
    }
  });
});

describe('SheetView (Chromium)', () => {
  const small = reviewOf('人员公示.xlsx', publicityXlsx());
  const sheets = sheetsOfDoc(small.doc);
  const grid = () => m.page.getByTestId('sheet-grid');
  const showSmall = () => show(m, { kind: 'sheet', sheets, text: small.view.text, marks: marks(small.view.findings), sheet: 0 });

  it('has a tab per sheet, the hidden ones marked, and A, B, C … over the columns', async () => {
    await showSmall();
    const tabs = m.page.getByRole('tablist', { name: '工作表' }).getByRole('tab');
    expect(await tabs.allTextContents()).toEqual(sheets.map((s) => (s.hidden ? `${s.name} （隐藏）` : s.name)));
    expect(sheets.filter((s) => s.hidden).length).toBe(2);
    expect(await tabs.first().getAttribute('aria-selected')).toBe('true');
    expect(await grid().locator('thead th[scope="col"]').allTextContents()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('puts every cell at its reference, with the findings marked in it', async () => {
    await showSmall();
    const placed = await grid().evaluate((root) =>
      [...root.querySelectorAll('td[data-cell]')].map((td) => {
        const tr = td.parentElement as HTMLTableRowElement;
        return { ref: td.getAttribute('data-cell'), row: tr.querySelector('th')!.textContent, col: (td as HTMLTableCellElement).cellIndex, text: td.textContent };
      }),
    );
    const letters = 'ABCD';
    expect(placed).toEqual(
      sheets[0]!.cells.map((c) => ({ ref: c.ref, row: c.ref.slice(1), col: letters.indexOf(c.ref[0]!) + 1, text: small.view.text.slice(c.start, c.end) })),
    );
    const id = small.view.findings.find((f) => f.text === PERSON_ID)!;
    expect(await grid().locator('td[data-cell="B2"] mark.hl').getAttribute('data-finding')).toBe(id.id);
    // Empty cells are drawn empty, without a reference.
    expect(await grid().locator('tbody tr').filter({ hasText: '李四' }).locator('td:not([data-cell])').count()).toBe(1);
  });

  it('switches to a hidden sheet from its tab', async () => {
    await showSmall();
    await m.page.getByRole('tab', { name: '联系方式' }).click();
    expect(await calls(m, 'onSheet')).toEqual([{ name: 'onSheet', args: [1] }]);
    expect(await m.page.getByRole('tab', { name: '联系方式' }).getAttribute('aria-selected')).toBe('true');
    expect(await grid().locator('td[data-cell="B2"] mark.hl').innerText()).toBe('15000001111');
    expect(await grid().locator('thead th[scope="col"]').allTextContents()).toEqual(['A', 'B']);
  });

  it('draws a bounded number of rows of a 20,000-row sheet and scrolls the focused row into view', async () => {
    const bytes = buildXlsx({ sheets: [{ name: '花名册', rows: rosterRows(20_000) }] });
    const doc = importDocument('保障房申请人花名册.xlsx', bytes);
    const roster = sheetsOfDoc(doc);
    expect(roster[0]!.cells.length).toBe(20_001 * 5);
    await show(m, { kind: 'sheet', sheets: roster, text: doc.text, marks: marks([]), sheet: 0 });
    await grid().locator('td[data-cell="A2"]').waitFor();
    const drawn = () => grid().locator('tbody th[scope="row"]').count();
    expect(await drawn()).toBeGreaterThan(10);
    expect(await drawn()).toBeLessThan(80);
    expect(await grid().locator('td[data-cell="C15001"]').count()).toBe(0);
    // The focus: a text offset inside row 15,001's ID number.
    const cell = roster[0]!.cells.find((c) => c.ref === 'C15001')!;
    await m.page.evaluate((at) => (window as unknown as ComponentWindow).__focus(at), cell.start + 5);
    const target = grid().locator('td[data-cell="C15001"]');
    await expect.poll(() => target.count()).toBe(1);
    await expect
      .poll(() =>
        target.evaluate((td) => {
          const box = td.closest('.sheet-scroll')!.getBoundingClientRect();
          const r = td.getBoundingClientRect();
          return r.top >= box.top + 28 && r.bottom <= box.bottom;
        }),
      )
      .toBe(true);
    expect(await target.innerText()).toBe(doc.text.slice(cell.start, cell.end));
    expect(await drawn()).toBeLessThan(80);
    await screenshot(m, 'sheet-view');
    expect(m.errors).toEqual([]);
  });
});
