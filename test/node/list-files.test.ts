import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ListMeta, TermEntry } from '../../shared/ipc/views';
import { listFileBytes } from '../../electron/node/rules/list-export';
import { readListFile } from '../../electron/node/rules/list-files';
import { applyImport, exportList, previewImport } from '../../electron/node/rules/list-transfer';
import { openWorkspace } from '../../electron/node/workspace';
import { CORPORA, HAVE_CORPORA } from '../external/corpora';
import { expectRefused } from '../fixtures/expect';
import { useTempDirs } from '../fixtures/temp';
import { buildXlsx } from '../fixtures/xlsx';

const tempDir = useTempDirs();
const META: ListMeta = { name: '负面清单', category: 'negative_list', basis: '第十四条', owner: '', enabled: true };
const entry = (term: string, note = '', disabled = false): TermEntry => ({ term, note, disabled });
const terms = (file: ReturnType<typeof readListFile>) => file.entries.map((e) => e.term);

describe('reading list files', () => {
  it('reads TXT with BOM, CRLF, blank lines, comments, notes, disabled terms, and reports duplicates by line', () => {
    const text = '\uFEFF# 标题\r\n天网工程\r\n\r\n  北斗计划  # 2026 专项 \r\n# [停用] 旧词  # 已撤销\r\n天网工程\r\nC#语言\r\n';
    const file = readListFile('清单.txt', Buffer.from(text, 'utf8'), 'negative');
    expect(file).toMatchObject({ format: 'txt', encoding: 'utf-8', duplicates: [{ line: 6, term: '天网工程' }], invalid: [] });
    expect(file.entries.map(({ term, note, disabled, line }) => [term, note, disabled, line])).toEqual([
      ['天网工程', '', false, 2],
      ['北斗计划', '2026 专项', false, 4],
      ['旧词', '已撤销', true, 5],
      ['C#语言', '', false, 7],
    ]);
  });

  it('reads GB18030, UTF-16 (both byte orders, with BOM) and CR-only files alike', () => {
    const text = '天网工程\r北斗计划\r玄武计划（第二期）\r';
    const files = [
      iconv.encode(text, 'gb18030'),
      iconv.encode(text, 'utf-16le', { addBOM: true }),
      iconv.encode(text, 'utf-16be', { addBOM: true }),
      Buffer.from(text, 'utf8'),
    ];
    expect(files.map((b) => readListFile('a.txt', b, 'negative').encoding)).toEqual(['gb18030', 'utf-16le', 'utf-16be', 'utf-8']);
    for (const b of files) expect(terms(readListFile('a.txt', b, 'negative'))).toEqual(['天网工程', '北斗计划', '玄武计划（第二期）']);
  });

  it('marks lines that cannot be terms, a 10 MB line among them, quickly', () => {
    const huge = '天'.repeat(10 * 1024 * 1024);
    const text = `甲\n${'x'.repeat(201)}\n乙\u0000丙\n${huge}\n丁\n`;
    for (const [name, bytes] of [['a.txt', Buffer.from(text.replace('\u0000', '\u0007'))], ['a.csv', Buffer.from(text.replace('\u0000', '\u0007'))]] as const) {
      const started = performance.now();
      const file = readListFile(name, bytes, 'negative');
      expect(performance.now() - started).toBeLessThan(3000);
      expect(terms(file)).toEqual(['甲', '丁']);
      expect(file.invalid.map((i) => [i.line, i.reason])).toEqual([
        [2, '超过 200 个字符'],
        [3, '含控制字符或无效字符'],
        [4, name.endsWith('.txt') ? '行过长，不是词条' : '超过 200 个字符'],
      ]);
      expect(file.invalid[2]!.text).toHaveLength(41);
    }
  });

  it('refuses binary garbage and text whose encoding cannot be told, in Chinese', () => {
    let seed = 42;
    const garbage = Buffer.alloc(4096, 0).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    expectRefused(() => readListFile('a.txt', garbage, 'negative'), 'bad_input', /无法识别文件的编码，或不是文本文件/);
    expectRefused(() => readListFile('a.txt', Buffer.from('天网\u0000工程\n'), 'negative'), 'bad_input', /不是文本文件/);
    expectRefused(() => readListFile('a.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'negative'), 'unsupported_format', /另存为 \.xlsx/);
  });

  it('reads CSV with a header in any column order, and without one (first column the term, last the note)', () => {
    const withHeader = '序号,备注,关键词,状态\r\n1,"含,逗号",天网工程,启用\r\n2,,北斗计划,停用\r\n3,,"  ",\r\n';
    const a = readListFile('a.csv', iconv.encode(withHeader, 'gb18030'), 'negative');
    expect(a.encoding).toBe('gb18030');
    expect(a.entries.map(({ term, note, disabled, statusGiven, line }) => [term, note, disabled, statusGiven, line])).toEqual([
      ['天网工程', '含,逗号', false, true, 2],
      ['北斗计划', '', true, true, 3],
    ]);
    expect(a.invalid).toEqual([{ line: 4, text: '', reason: '词条为空' }]);
    const noHeader = readListFile('b.csv', Buffer.from('天网工程,工程类,专项\n北斗计划\n"多\n行",x\n'), 'negative');
    expect(noHeader.entries.map((e) => [e.term, e.note])).toEqual([
      ['天网工程', '专项'],
      ['北斗计划', ''],
    ]);
    expect(noHeader.invalid).toEqual([{ line: 3, text: '多\ufffd行', reason: '含控制字符或无效字符' }]);
    expect(terms(readListFile('c.tsv', Buffer.from('词条\t备注\n天网工程\t说明\n'), 'negative'))).toEqual(['天网工程']);
    expect(readListFile('d.csv', Buffer.from('sep=;\nterm;note\n天网工程;说明\n'), 'negative').entries[0]).toMatchObject({ term: '天网工程', note: '说明' });
  });

  it('reads the first sheet of an XLSX, its header row found under a title, comments left out', () => {
    const bytes = buildXlsx({
      sheets: [
        { name: '清单', rows: [['本单位负面清单'], ['说明', '词条'], ['专项', '天网工程'], [null, '北斗计划'], [null, 110]], comments: [{ cell: 'B3', author: '张三', text: ['批注里的词'] }] },
        { name: '其他', rows: [['不读']] },
      ],
    });
    const file = readListFile('a.xlsx', bytes, 'negative');
    expect(file.entries.map((e) => [e.term, e.note, e.line])).toEqual([
      ['天网工程', '专项', 3],
      ['北斗计划', '', 4],
      ['110', '', 5],
    ]);
  });

  it('checks allow patterns like the file allow-lists do', () => {
    const file = readListFile('a.txt', Buffer.from('re:^0\\d{2,3}-\\d{8}$\nre:(a+)+$\nre:[\n12345\n'), 'allow');
    expect(terms(file)).toEqual(['re:^0\\d{2,3}-\\d{8}$', '12345']);
    expect(file.invalid.map((i) => [i.line, i.reason])).toEqual([
      [2, '正则表达式含嵌套重复，可能导致卡死'],
      [3, '正则表达式无效'],
    ]);
  });
});

describe('importing and exporting lists', () => {
  function seeded() {
    const ws = openWorkspace(tempDir());
    const list = ws.termLists.create('negative', META, null, '', { terms: [entry('天网工程', '原备注'), entry('旧词', '', true), entry('北斗计划')] });
    return { ws, store: ws.termLists, id: list.list.id };
  }

  it('previews without changing anything, then merges: notes and states kept unless the file gives them', () => {
    const { ws, store, id } = seeded();
    const file = Buffer.from('天网工程\n旧词\n# [停用] 北斗计划  # 暂停\n玄武计划  # 新\n');
    const preview = previewImport(store, id, 'a.txt', file, 'merge');
    expect(preview).toMatchObject({ read: 4, added: [entry('玄武计划', '新')], missing: [], changed: [entry('北斗计划', '暂停', true)], unchanged: 2 });
    expect(store.detail(id).list.version).toBe(1);
    const merged = applyImport(store, { id, fileName: 'a.txt', bytes: file, mode: 'merge', expectedVersion: 1 }, null, '合并');
    expect(merged.terms).toEqual([entry('北斗计划', '暂停', true), entry('天网工程', '原备注'), entry('旧词', '', true), entry('玄武计划', '新')].sort((a, b) => (a.term < b.term ? -1 : 1)));
    const logged = JSON.parse(ws.log.entries().at(-1)!.body) as { data: Record<string, unknown> };
    expect(logged.data).toMatchObject({ source: 'import', mode: 'merge', added: 1, changed: 1, removed: 0, file: { format: 'txt', read: 4, duplicates: 0, invalid: 0 } });
    ws.close();
  });

  it('replaces: the list becomes exactly the file; an empty file is refused rather than emptying the list', () => {
    const { ws, store, id } = seeded();
    const file = Buffer.from('天网工程\n玄武计划\n');
    expect(previewImport(store, id, 'a.txt', file, 'replace')).toMatchObject({ added: [entry('玄武计划')], missing: ['北斗计划', '旧词'], changed: [entry('天网工程')], unchanged: 0 });
    const replaced = applyImport(store, { id, fileName: 'a.txt', bytes: file, mode: 'replace', expectedVersion: 1 }, null, '');
    expect(replaced.terms).toEqual([entry('天网工程'), entry('玄武计划')]);
    expectRefused(() => applyImport(store, { id, fileName: 'a.txt', bytes: Buffer.from('# 只有注释\n'), mode: 'replace', expectedVersion: 2 }, null, ''), 'refused', /会清空清单/);
    ws.close();
  });

  it('exports TXT, CSV and XLSX that read back to the same terms, notes and states', () => {
    const { ws, store, id } = seeded();
    store.change(id, { expectedVersion: 1, upsert: [entry('=1+1', '公式样的词'), entry('"引号"', '含,逗号 & <尖括号>'), entry('re:不是模式')] }, null, '');
    const want = store.detail(id).terms;
    const dir = tempDir();
    for (const format of ['txt', 'csv', 'xlsx'] as const) {
      const { bytes, fileName } = exportList(store, id, undefined, format);
      expect(fileName).toBe(`负面清单-v2.${format}`);
      const back = readListFile(fileName, bytes, 'negative');
      expect(back.entries.map(({ term, note, disabled }) => ({ term, note, disabled }))).toEqual(want);
      expect(back.invalid).toEqual([]);
      if (format !== 'xlsx') expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      writeFileSync(join(dir, fileName), bytes);
    }
    expect(readFileSync(join(dir, '负面清单-v2.csv'), 'utf8')).toContain("\r\n'=1+1,公式样的词,启用\r\n");
    expect(readFileSync(join(dir, '负面清单-v2.txt'), 'utf8')).toContain('\r\n# [停用] 旧词\r\n');
    // The package is a valid zip (every entry's CRC checked by a stock tool).
    expect(execFileSync('unzip', ['-t', join(dir, '负面清单-v2.xlsx')], { encoding: 'utf8' })).toMatch(/No errors detected/);
    expect(listFileBytes('xlsx', { kind: 'negative', name: 'x', version: 1 }, [])).toEqual(listFileBytes('xlsx', { kind: 'negative', name: 'y', version: 2 }, []));
    ws.close();
  });
});

describe.skipIf(!HAVE_CORPORA)('external: the 51k-term word list', () => {
  it('imports it as one version and a scan finds its terms under name@version', async () => {
    const dir = join(CORPORA, 'wordlists', 'konsheng');
    const text = readdirSync(dir)
      .filter((n) => n.endsWith('.txt') && n !== 'SOURCE.txt')
      .map((n) => readFileSync(join(dir, n), 'utf8'))
      .join('\n');
    const ws = openWorkspace(tempDir());
    const id = ws.termLists.create('negative', META, null, '').list.id;
    const bytes = Buffer.from(text, 'utf8');
    const preview = previewImport(ws.termLists, id, 'konsheng.txt', bytes, 'merge');
    expect(preview.read).toBeGreaterThan(50_000);
    expect(preview.duplicates.length).toBeGreaterThan(0);
    const detail = applyImport(ws.termLists, { id, fileName: 'konsheng.txt', bytes, mode: 'merge', expectedVersion: 1 }, null, '导入词库');
    expect(detail.list).toMatchObject({ version: 2, terms: preview.read });
    const term = detail.terms.find((e) => /^[\u4e00-\u9fff]{4,}$/.test(e.term))!.term;
    const view = await ws.reviews.importFile('通知.txt', Buffer.from(`关于${term}的通知`));
    expect(view.findings.some((f) => f.type === 'negative_list' && f.text === term)).toBe(true);
    expect(view.lists).toEqual([`${META.name}@v2`]);
    expect(JSON.stringify(ws.log.entries())).not.toContain(term);
    ws.close();
  }, 120_000);
});
