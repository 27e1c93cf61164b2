import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { EMAIL, LIST_TERM, MOBILE, MOBILE_SPACED, NOTICE_TEXT, PERSON_ID, PERSON_ID_2, noticeDocx } from '../fixtures/samples';
import { useTempDirs } from '../fixtures/temp';
import { mishen } from '../fixtures/cli';
import { PDF_ID, PDF_PHONE, noticePdf } from '../fixtures/pdf';
import { buildDocx } from '../fixtures/docx';
import { unzipSync, zipSync } from 'fflate';
import { openWorkspace } from '../../electron/node/workspace';

const tempDir = useTempDirs();

function fixtures() {
  const dir = tempDir();
  const docx = join(dir, '公示.docx');
  const gbk = join(dir, '公示-gbk.txt');
  const list = join(dir, 'terms.txt');
  writeFileSync(docx, noticeDocx());
  writeFileSync(gbk, iconv.encode(NOTICE_TEXT, 'gbk'));
  writeFileSync(list, `\uFEFF# 负面清单\r\n${LIST_TERM}\r\n`);
  return { dir, docx, gbk, list, data: join(dir, 'data') };
}

describe('mishen scan', () => {
  it('finds IDs, phones, e-mails and list terms in a DOCX, as one JSON object', () => {
    const f = fixtures();
    const res = mishen(['scan', f.docx, '--list', f.list, '--json']);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(Object.keys(report)).toEqual(['file', 'sha256', 'format', 'findings', 'warnings', 'suppressed', 'engine']);
    expect(report.engine.ruleSet).toBe('mishen-default@1.0.0');
    expect(report.format).toBe('docx');
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    const found = report.findings.map((x: { type: string; text: string }) => `${x.type}:${x.text}`);
    for (const expected of [`id_card:${PERSON_ID}`, `id_card:${PERSON_ID_2}`, `mobile_phone:${MOBILE}`, `mobile_phone:${MOBILE_SPACED}`, `email:${EMAIL}`, `negative_list:${LIST_TERM}`]) {
      expect(found).toContain(expected);
    }
    const first = report.findings[0];
    for (const key of ['category', 'type', 'rule', 'text', 'start', 'end', 'score', 'basis', 'location']) expect(first).toHaveProperty(key);
    expect(first.location).toMatchObject({ kind: 'docx', part: 'word/document.xml' });
  });

  it('reads a GBK text file and prints a readable table', () => {
    const f = fixtures();
    const json = JSON.parse(mishen(['scan', f.gbk, '--list', f.list, '--json']).stdout);
    expect(json.findings.map((x: { type: string }) => x.type)).toEqual(['person_name', 'id_card', 'mobile_phone', 'person_name', 'mobile_phone', 'email', 'negative_list']);
    expect(json.findings[1].location).toEqual({ kind: 'txt', line: 3, column: 15 });
    const table = mishen(['scan', f.gbk]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('身份证号');
    expect(table.stdout).toContain(PERSON_ID);
  });

  it('suppresses allow-listed values and says so', () => {
    const f = fixtures();
    const allow = join(f.dir, 'allow.txt');
    writeFileSync(allow, `# 本单位公开电话\n${MOBILE}\nre:wangfang@.*\n`);
    const report = JSON.parse(mishen(['scan', f.gbk, '--allow', allow, '--json']).stdout);
    expect(report.findings.map((x: { text: string }) => x.text)).not.toContain(MOBILE);
    expect(report.suppressed.map((x: { by: string }) => x.by)).toEqual([MOBILE, 'wangfang@.*']);
    writeFileSync(allow, 're:(a+)+$\n');
    const unsafe = mishen(['scan', f.gbk, '--allow', allow]);
    expect(unsafe.code).toBe(1);
    expect(unsafe.stderr).toMatch(/可能导致卡死/);
  });

  it('scans a PDF, its annotations and metadata, with page locations', () => {
    const f = fixtures();
    const pdf = join(f.dir, '通知.pdf');
    writeFileSync(pdf, noticePdf());
    const res = mishen(['scan', pdf, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.format).toBe('pdf');
    const where = (text: string) => report.findings.filter((x: { text: string }) => x.text === text).map((x: { location: unknown }) => x.location);
    expect(where(PDF_PHONE)[0]).toMatchObject({ kind: 'pdf', page: 1 });
    expect(where(PDF_ID)[0]).toMatchObject({ kind: 'pdf', page: 1 });
    expect(report.findings.some((x: { location: { kind: string } }) => x.location.kind === 'pdf_annotation')).toBe(true);
    expect(report.warnings).toContain('needs_ocr:2');
  });

  it('reports findings from every hidden place of a DOCX, each with its place in words', () => {
    const f = fixtures();
    const docx = join(f.dir, '草稿.docx');
    writeFileSync(
      docx,
      buildDocx({
        paragraphs: [[{ text: '联系人电话：' }, { text: MOBILE, deleted: '张科长' }], [{ text: `身份证号${PERSON_ID}`, hidden: true }]],
        comment: { author: '李处长', text: `请核实王芳的身份证号${PERSON_ID_2}` },
        footer: [{ text: `邮箱 ${EMAIL}` }],
        creator: '赵敏',
      }),
    );
    const report = JSON.parse(mishen(['scan', docx, '--json']).stdout);
    const of = (text: string) => report.findings.find((x: { text: string }) => x.text === text);
    expect(of(MOBILE)).toMatchObject({ hidden: 'tracked_deletion', place: expect.stringContaining('修订删除内容（张科长）') });
    expect(of(PERSON_ID)).toMatchObject({ hidden: 'hidden_text' });
    expect(of(PERSON_ID_2)).toMatchObject({ hidden: 'comment', place: expect.stringContaining('批注（李处长）') });
    expect(of(EMAIL)).toMatchObject({ hidden: 'footer' });
    const table = mishen(['scan', docx]).stdout;
    expect(table).toMatch(/批注（李处长）.*身份证号/);
  });

  it('scans under the office lists of an existing data folder, as a review would, unless list files are given', () => {
    const f = fixtures();
    const ws = openWorkspace(f.data);
    ws.termLists.create('negative', { name: '本局负面清单', category: 'negative_list', basis: '《政府信息公开条例》第十四条', owner: '保密办', enabled: true }, null, '建立', {
      terms: [{ term: LIST_TERM, note: '', disabled: false }],
    });
    const logBefore = ws.log.entries().length;
    ws.close();
    const office = JSON.parse(mishen(['scan', f.docx, '--json', '--data-dir', f.data]).stdout) as { findings: { type: string; text: string }[]; engine: { lists: string[] } };
    expect(office.engine.lists).toContain('本局负面清单@v1');
    expect(office.findings).toContainEqual(expect.objectContaining({ type: 'negative_list', text: LIST_TERM }));
    // Given files replace the office's lists, as in batch.
    const given = JSON.parse(mishen(['scan', f.docx, '--json', '--data-dir', f.data, '--list', f.list]).stdout) as { engine: { lists: string[] } };
    expect(given.engine.lists).toEqual([expect.stringMatching(/^terms@[0-9a-f]{12}$/)]);
    // Still a read: nothing logged.
    const again = openWorkspace(f.data);
    expect(again.log.entries()).toHaveLength(logBefore);
    again.close();
  });

  it('writes nothing to the data folder', () => {
    const f = fixtures();
    expect(mishen(['scan', f.docx, '--data-dir', f.data]).code).toBe(0);
    expect(existsSync(f.data)).toBe(false);
  });
});

describe('mishen redact and log verify', () => {
  it('writes a redacted DOCX, logs every step, and the log verifies', async () => {
    const f = fixtures();
    const out = join(f.dir, 'out.docx');
    const res = mishen(['redact', f.docx, '--out', out, '--accept-all', '--list', f.list, '--data-dir', f.data]);
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary).toMatchObject({ format: 'docx', findings: 11, accepted: 11, rejected: 0, redactedSpans: 11 });
    const { value } = await mammoth.extractRawText({ path: out });
    for (const secret of [PERSON_ID, PERSON_ID_2, MOBILE, EMAIL, LIST_TERM]) expect(value).not.toContain(secret);
    const verify = mishen(['log', 'verify', '--data-dir', f.data]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/验证通过：5 条记录/);
  });

  it('redacts a PDF and an XLSX headless, in the chosen style, with the statement of reasons', () => {
    const f = fixtures();
    const pdf = join(f.dir, '通知.pdf');
    writeFileSync(pdf, noticePdf());
    const out = join(f.dir, '通知（脱敏）.pdf');
    const res = mishen(['redact', pdf, '--out', out, '--accept-all', '--style', 'mask', '--data-dir', f.data]);
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary.redactions.length).toBe(summary.redactedSpans);
    expect(summary.redactions[0]).toMatchObject({ n: 1, category: '个人信息', style: 'mask' });
    const text = spawnSync('pdftotext', [out, '-'], { encoding: 'utf8' }).stdout;
    expect(text).not.toContain(PDF_PHONE);
    expect(text).toContain('138****8000');
    expect(mishen(['redact', pdf, '--out', out, '--accept-all', '--style', 'nice']).code).toBe(2);
  });

  it('verify-export: accepts the recorded copy, refuses a leak, a copy that is not the export, and an unknown original', () => {
    const f = fixtures();
    const out = join(f.dir, 'out.docx');
    expect(mishen(['redact', f.docx, '--out', out, '--accept-all', '--list', f.list, '--data-dir', f.data]).code).toBe(0);
    const ok = mishen(['verify-export', out, '--original', f.docx, '--data-dir', f.data, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report).toMatchObject({ ok: true, recordedExport: { fileName: 'out.docx' } });
    expect(report.checked).toEqual(expect.arrayContaining(['文字', 'word/document.xml']));
    expect(mishen(['verify-export', out, '--original', f.docx, '--data-dir', f.data]).stdout).toMatch(/^核验通过/);
    // The original itself as the "published" file: every redacted value is there.
    const leak = mishen(['verify-export', f.docx, '--original', f.docx, '--data-dir', f.data]);
    expect(leak.code, leak.stderr).toBe(3);
    expect(leak.stderr).toMatch(/泄密检查未通过|隐藏内容/);
    // A copy repacked after export (one entry added) is clean but not the approved file.
    const parts = unzipSync(readFileSync(out));
    parts['word/note.txt'] = new TextEncoder().encode('x');
    const edited = join(f.dir, 'edited.docx');
    writeFileSync(edited, zipSync(parts));
    const other = mishen(['verify-export', edited, '--original', f.docx, '--data-dir', f.data]);
    expect(other.code, other.stderr).toBe(3);
    expect(other.stderr).toMatch(/不是审查记录 \d+ 导出的脱敏稿/);
    expect(mishen(['verify-export', out, '--original', f.gbk, '--data-dir', f.data]).stderr).toMatch(/没有该原文件的审查记录/);
    expect(mishen(['verify-export', out, '--data-dir', f.data]).code).toBe(2);
  });

  it('writes a redacted GBK text in GBK, or in UTF-8 when asked', () => {
    const f = fixtures();
    const out = join(f.dir, 'out.txt');
    expect(mishen(['redact', f.gbk, '--out', out, '--accept-all', '--data-dir', f.data]).code).toBe(0);
    const text = iconv.decode(readFileSync(out), 'gb18030');
    expect(text).toContain('公民身份号码：■■■■■■■■■■■■■■■■■■');
    expect(text).toContain(LIST_TERM); // no list given: not a finding
    const utf8 = join(f.dir, 'out-utf8.txt');
    expect(mishen(['redact', f.gbk, '--out', utf8, '--accept-all', '--utf8', '--data-dir', f.data]).code).toBe(0);
    expect(readFileSync(utf8, 'utf8')).toBe(text);
  });

  it('applies a decisions file and refuses (exit 3) while findings are undecided', () => {
    const f = fixtures();
    const scan = JSON.parse(mishen(['scan', f.gbk, '--json']).stdout);
    const decisions = join(f.dir, 'decisions.json');
    const partial = scan.findings.slice(0, 2).map((x: { id: string }) => ({ id: x.id, decision: 'accept' }));
    writeFileSync(decisions, JSON.stringify({ decisions: partial }));
    const out = join(f.dir, 'out.txt');
    const refused = mishen(['redact', f.gbk, '--out', out, '--decisions', decisions, '--data-dir', f.data]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^错误：还有 4 项发现未作决定.* \| Error: 4 findings are still undecided\n$/);
    expect(existsSync(out)).toBe(false);
    const all = [...partial, ...scan.findings.slice(2).map((x: { id: string }) => ({ id: x.id, decision: 'reject', reason: '公开' }))];
    writeFileSync(decisions, JSON.stringify({ decisions: all }));
    const ok = mishen(['redact', f.gbk, '--out', out, '--decisions', decisions, '--data-dir', f.data]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ accepted: 2, rejected: 4 });
  });

  it('refuses (exit 3) a document with a secret marking unless --override-marking records a reason', () => {
    const f = fixtures();
    const marked = join(f.dir, 'marked.txt');
    writeFileSync(marked, `机密★10年\n${NOTICE_TEXT}`);
    const out = join(f.dir, 'marked-out.txt');
    const refused = mishen(['redact', marked, '--out', out, '--accept-all', '--data-dir', f.data]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/密级/);
    expect(existsSync(out)).toBe(false);
    const ok = mishen(['redact', marked, '--out', out, '--accept-all', '--override-marking', '已按程序解密，批准文号：保密〔2024〕3号', '--data-dir', f.data]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toContain(PERSON_ID);
  });

  it('exports a log bundle that verifies on its own, and tells where a published file comes from', () => {
    const f = fixtures();
    const out = join(f.dir, 'out.docx');
    expect(mishen(['redact', f.docx, '--out', out, '--accept-all', '--data-dir', f.data]).code).toBe(0);
    const bundle = join(f.dir, 'bundle');
    const exp = mishen(['log', 'export', '--out', bundle, '--data-dir', f.data]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toMatch(/已导出审查日志包/);
    const verified = mishen(['log', 'verify', bundle]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/日志包验证通过/);
    const known = mishen(['provenance', out, '--bundle', bundle, '--json']);
    expect(known.code, known.stderr).toBe(0);
    expect(JSON.parse(known.stdout)).toMatchObject({ known: true, exports: [{ fileName: 'out.docx' }] });
    expect(mishen(['provenance', out, '--data-dir', f.data]).stdout).toMatch(/已知文件/);
    const unknown = mishen(['provenance', f.docx, '--bundle', bundle]);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toMatch(/未知文件/);
    // A later export continues the earlier one; an earlier export does not continue a later one.
    expect(mishen(['redact', f.gbk, '--out', join(f.dir, 'o2.txt'), '--accept-all', '--data-dir', f.data]).code).toBe(0);
    const later = join(f.dir, 'bundle-later');
    expect(mishen(['log', 'export', '--out', later, '--data-dir', f.data]).code).toBe(0);
    expect(mishen(['log', 'verify', later, '--against', bundle]).stdout).toMatch(/完整延续较早的日志包/);
    const backwards = mishen(['log', 'verify', bundle, '--against', later]);
    expect(backwards.code).toBe(1);
    expect(backwards.stdout).toMatch(/被改写或删除/);
    // A tampered bundle fails and says where.
    const file = join(bundle, 'bundle.json');
    const b = JSON.parse(readFileSync(file, 'utf8'));
    b.chain.splice(1, 1);
    writeFileSync(file, JSON.stringify(b));
    const bad = mishen(['log', 'verify', bundle]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/日志包验证失败/);
    expect(mishen(['provenance', out, '--bundle', bundle]).code).toBe(3);
    expect(mishen(['log', 'export', '--out', bundle, '--data-dir', f.data]).code).toBe(3); // never into a folder with files
    expect(mishen(['log', 'export', '--out', join(f.dir, 'b2'), '--document', 'xyz', '--data-dir', f.data]).code).toBe(2);
  });

  it('creates users headless, then holds commands to the roles and the four-eyes rule', () => {
    const f = fixtures();
    const admin = { MISHEN_NEW_PASSWORD: '管理员口令-2026-admin' };
    expect(mishen(['user', 'add', 'admin', '--role', 'reviewer', '--data-dir', f.data], admin).stderr).toMatch(/第一个账户必须具有系统管理员角色/);
    const created = mishen(['user', 'add', 'admin', '--role', 'administrator', '--display-name', '管理员', '--data-dir', f.data], admin);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/已创建用户 admin/);
    // Later users only by an administrator, whose password comes from the environment.
    const auditor = { MISHEN_NEW_PASSWORD: '审计员口令-2026-audit' };
    expect(mishen(['user', 'add', 'sun', '--role', 'auditor', '--data-dir', f.data], auditor).code).toBe(2);
    expect(mishen(['user', 'add', 'sun', '--role', 'auditor', '--user', 'admin', '--data-dir', f.data], { ...auditor, MISHEN_PASSWORD: '错误口令-xxxxxx' }).stderr).toMatch(/用户名或口令错误/);
    expect(mishen(['user', 'add', 'sun', '--role', 'auditor', '--user', 'admin', '--data-dir', f.data], { ...auditor, MISHEN_PASSWORD: admin.MISHEN_NEW_PASSWORD }).code).toBe(0);
    expect(mishen(['user', 'list', '--data-dir', f.data]).stdout).toMatch(/sun\t sun\tauditor|sun\tsun\tauditor/);
    // redact would review, approve and export in one go: refused once accounts exist.
    const redact = mishen(['redact', f.docx, '--out', join(f.dir, 'o.docx'), '--accept-all', '--user', 'sun', '--data-dir', f.data], { MISHEN_PASSWORD: auditor.MISHEN_NEW_PASSWORD });
    expect(redact.code).toBe(1);
    expect(redact.stderr).toMatch(/无权执行/);
    // The auditor exports the log, signed in; the export entry names them.
    const bundle = join(f.dir, 'b');
    expect(mishen(['log', 'export', '--out', bundle, '--data-dir', f.data]).code).toBe(2);
    const exp = mishen(['log', 'export', '--out', bundle, '--user', 'sun', '--data-dir', f.data], { MISHEN_PASSWORD: auditor.MISHEN_NEW_PASSWORD });
    expect(exp.code, exp.stderr).toBe(0);
    const entries = JSON.parse(readFileSync(join(bundle, 'bundle.json'), 'utf8')).entries.map((e: { body: string }) => JSON.parse(e.body));
    expect(entries.at(-1)).toMatchObject({ action: 'log.export', actor: { kind: 'user', name: 'sun' } });
    expect(mishen(['log', 'verify', bundle]).code).toBe(0);
    // A password change re-seals the key: the old password no longer signs in, the new one does.
    const fresh = '审计员新口令-2026-audit2';
    expect(mishen(['user', 'passwd', 'sun', '--data-dir', f.data], { MISHEN_PASSWORD: auditor.MISHEN_NEW_PASSWORD, MISHEN_NEW_PASSWORD: fresh }).code).toBe(0);
    expect(mishen(['log', 'export', '--out', join(f.dir, 'b3'), '--user', 'sun', '--data-dir', f.data], { MISHEN_PASSWORD: auditor.MISHEN_NEW_PASSWORD }).stderr).toMatch(/用户名或口令错误/);
    expect(mishen(['log', 'export', '--out', join(f.dir, 'b3'), '--user', 'sun', '--data-dir', f.data], { MISHEN_PASSWORD: fresh }).code).toBe(0);
  });

  it('log verify exits non-zero and names the entry when the database is tampered with', () => {
    const f = fixtures();
    expect(mishen(['redact', f.docx, '--out', join(f.dir, 'o.docx'), '--accept-all', '--data-dir', f.data]).code).toBe(0);
    const db = new Database(join(f.data, 'mishen.db'));
    db.exec('DROP TRIGGER log_entries_no_update');
    const row = db.prepare('SELECT body FROM log_entries WHERE seq = 4').get() as { body: string };
    db.prepare('UPDATE log_entries SET body = ? WHERE seq = 4').run(row.body.replace('"accepted"', '"rejected"'));
    db.close();
    const res = mishen(['log', 'verify', '--data-dir', f.data]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/验证失败：第 4 条记录.*哈希不符/);
  });
});

describe('usage and errors', () => {
  it('prints help, and exit 2 for usage errors', () => {
    const help = mishen(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('mishen scan FILE');
    expect(mishen([]).code).toBe(2);
    const bad = mishen(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^错误：未知命令：frobnicate.*\| Error: unknown command/);
    expect(mishen(['scan', 'a', '--bogus']).code).toBe(2);
    expect(mishen(['redact', 'a.txt', '--out', 'b.txt']).code).toBe(2);
  });

  it('exit 1 with one line in Chinese and English for a missing or unsupported file', () => {
    const f = fixtures();
    const missing = mishen(['scan', join(f.dir, 'nope.docx')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/找不到文件.*\| Error: file not found/);
    const doc = join(f.dir, 'old.doc');
    writeFileSync(doc, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    expect(mishen(['scan', doc]).stderr).toMatch(/另存为 \.docx/);
  });

  it('refuses to overwrite the input and to verify a folder without a log', () => {
    const f = fixtures();
    expect(mishen(['redact', f.gbk, '--out', f.gbk, '--accept-all', '--data-dir', f.data]).code).toBe(2);
    const none = mishen(['log', 'verify', '--data-dir', join(f.dir, 'empty')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/没有审查日志/);
  });
});
