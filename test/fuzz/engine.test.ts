import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import type { AllowList } from '../../shared/rules/allow-list';
import { scanDocument, type ScanOptions } from '../../shared/rules/engine';
import type { TermList } from '../../shared/rules/term-list';
import { projectRule } from '../fixtures/custom-rules';
import { fuzz, runs, timeout } from './fuzz';
import { expectScanOutcome, expectValidScan } from './oracle';
import { Sandbox } from './sandbox';
import { proseTexts } from './seeds';
import { hostileText } from './unicode';

/*
 * The engine on hostile Unicode (test/unit/engine.property.test.ts covers
 * BMP code units and planted identifiers): supplementary characters,
 * combining marks, bidi and zero-width characters, control characters, with
 * negative lists and allow-lists whose terms are themselves hostile (terms
 * that normalise to nothing included), custom rules and thresholds. It never
 * throws, and every finding and suppression lies on whole characters inside
 * the text. Large texts (up to a few million characters) run in the
 * sandbox's worker under its 10 s ceiling, a hang detector well inside the
 * app's 60 s scan budget (a linear scan of them takes about a second).
 */

const prose = proseTexts();
const sandbox = new Sandbox();
afterAll(() => sandbox.close());

const term = fc.oneof(
  hostileText(3, prose).map((t) => t.slice(0, 30)),
  fc.constantFrom('天网工程', '城北地块', ' ', '·', '\u200b', '、、', '１２３', 'Ａ', '13812345678', '张三', '（征求意见稿）'),
);
const negativeList = fc.array(term, { maxLength: 6 }).map((terms): TermList => ({ name: '负面清单', version: 'f1', category: 'negative_list', basis: '条例第十四条', terms }));
const allowList = fc.array(term, { maxLength: 4 }).map((terms): AllowList => ({ name: '白名单', version: 'f1', terms, patterns: ['^010-\\d{8}$', '^张.$'] }));

const scanOptions: fc.Arbitrary<Omit<ScanOptions, 'onProgress'>> = fc.record(
  {
    lists: fc.array(negativeList, { maxLength: 2 }),
    allowLists: fc.array(allowList, { maxLength: 2 }),
    threshold: fc.double({ min: 0, max: 1, noNaN: true }),
    overlay: fc.constantFrom(
      { version: 0, customRules: [], disabledDetectors: [] },
      { version: 3, customRules: [projectRule(), projectRule({ id: 'surrogate', pattern: '\\p{Cs}+|\\p{Co}', flags: '', type: 'negative_list', category: 'negative_list' })], disabledDetectors: ['person_name'] },
    ),
  },
  { requiredKeys: [] },
);

/** A large text: prose, tables and hostile pieces repeated to `size` characters. */
const largeText = (size: number) =>
  fc.array(hostileText(30, prose), { minLength: 8, maxLength: 8 }).map((pieces) => {
    const parts: string[] = [];
    let length = 0;
    for (let i = 0; length < size; i++) {
      const p = i % 3 === 0 ? prose[i % prose.length]! : pieces[i % pieces.length]!;
      parts.push(p);
      length += p.length + 1;
    }
    return parts.join('\n').slice(0, size);
  });

/** A short unit (or two alternating) repeated: the shape that makes a backtracking regex or a per-position search go superlinear. */
const repeated = fc
  .tuple(hostileText(2, prose).map((u) => u.slice(0, 8) || '1'), fc.option(hostileText(2, prose).map((u) => u.slice(0, 8))), fc.integer({ min: 50_000, max: 300_000 }))
  .map(([a, b, size]) => {
    const unit = b ? a + b : a;
    return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  });

/** Tab-separated tables as the importers write them (XLSX allows 16,384 columns), cells from identifiers, names and hostile text. */
const HEADERS = ['姓名', '身份证号', '联系电话', '手机', '住址', '电子邮箱', '银行账号', '备注', '序号'];
const CELLS = ['张三', '11010519491231002X', '13812345678', '139 0011 2233', 'wangfang@example.gov.cn', '6222020200112233445', '北京市东城区正义路2号', '', '1'];
const table = fc
  .tuple(fc.integer({ min: 100, max: 16_384 }), fc.integer({ min: 1, max: 20 }), fc.array(hostileText(2, prose), { minLength: 4, maxLength: 4 }), fc.nat())
  .map(([cols, rows, noise, salt]) => {
    const cell = (r: number, c: number) => ((r * 31 + c + salt) % 7 === 0 ? noise[(r + c) % 4]!.replace(/[\t\n]/g, ' ') : CELLS[(c + salt) % CELLS.length]!);
    const lines = [Array.from({ length: cols }, (_, c) => HEADERS[(c + salt) % HEADERS.length]).join('\t')];
    for (let r = 0; r < rows; r++) lines.push(Array.from({ length: cols }, (_, c) => cell(r, c)).join('\t'));
    return `${noise[0]!.replace(/[\t\n]/g, ' ')}\n${lines.join('\n')}`;
  });

describe('fuzz: rule engine', () => {
  it('engine-unicode: hostile Unicode text with hostile lists, allow-lists, custom rules and thresholds', { timeout: timeout(60_000) }, () =>
    fuzz(
      'engine-unicode',
      fc.tuple(hostileText(80, prose), scanOptions),
      ([text, options]) => {
        const { findings, suppressed } = scanDocument(text, options);
        expectValidScan(text, findings, suppressed);
      },
      { runs: runs(300), shrink: true, reproducer: ([text, options]) => ({ bytes: JSON.stringify({ text, options }), ext: 'json', label: `${text.length} characters` }) },
    ));

  it('engine-large: texts of 200,000 to 2,000,000 characters finish within the hang ceiling', { timeout: timeout(120_000) }, () =>
    fuzz(
      'engine-large',
      fc.tuple(fc.integer({ min: 200_000, max: 2_000_000 }).chain(largeText), scanOptions),
      async ([text, options]) => expectScanOutcome(text, await sandbox.run({ op: 'scan', text, options })),
      { runs: runs(3), reproducer: ([text, options]) => ({ bytes: JSON.stringify({ text, options }), ext: 'json', label: `${text.length} characters` }) },
    ));

  it('engine-repeat: a short random unit repeated to 50,000-300,000 characters finishes within the hang ceiling', { timeout: timeout(120_000) }, () =>
    fuzz(
      'engine-repeat',
      fc.tuple(repeated, scanOptions),
      async ([text, options]) => expectScanOutcome(text, await sandbox.run({ op: 'scan', text, options })),
      { runs: runs(8), reproducer: ([text, options]) => ({ bytes: JSON.stringify({ text, options }), ext: 'json', label: `${JSON.stringify(text.slice(0, 40))}… (${text.length} characters)` }) },
    ));

  it('engine-table: tables up to 16,384 columns wide finish within the hang ceiling', { timeout: timeout(120_000) }, () =>
    fuzz(
      'engine-table',
      table,
      async (text) => expectScanOutcome(text, await sandbox.run({ op: 'scan', text, options: {} })),
      { runs: runs(4), reproducer: (text) => ({ bytes: text, ext: 'txt', label: `table of ${text.length} characters` }) },
    ));
});
