import fc from 'fast-check';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { noticeDocx } from '../fixtures/samples';
import { fuzz } from './fuzz';
import { expectImportOutcome, expectScanOutcome } from './oracle';
import { Sandbox } from './sandbox';

/**
 * The fuzzers' own referee can fail: a hang, a crash, a foreign exception,
 * an English-only refusal and a broken text model are each reported, and a
 * real import passes. Without this, a fuzz target that could never fail
 * would look like one that finds nothing.
 */

const sandbox = new Sandbox();
afterAll(() => sandbox.close());

const doc = (segments: { start: number; end: number }[]) => ({
  kind: 'done' as const,
  ms: 1,
  value: { format: 'txt', text: 'abcdef', segments: segments.map((s) => ({ ...s, location: { kind: 'separator' } })), warnings: [] },
});
const threw = (error: object) => ({ kind: 'threw' as const, ms: 1, error: { appError: false, name: 'Error', message: 'x', ...error } });

describe('fuzz oracle', () => {
  it('passes a real import and a real refusal', async () => {
    expectImportOutcome(await sandbox.run({ op: 'import', name: 'notice.docx', bytes: noticeDocx(), pdfBudgetMs: 1000 }));
    const refused = await sandbox.run({ op: 'import', name: 'x.docx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), pdfBudgetMs: 1000 });
    expect(refused.kind).toBe('threw');
    expectImportOutcome(refused);
  });

  it('reports a call that never returns, and the next call runs in a fresh worker', async () => {
    const hang = await sandbox.run({ op: 'spin' }, 300);
    expect(hang.kind).toBe('hang');
    expect(() => expectImportOutcome(hang)).toThrow(/no answer within/);
    expect((await sandbox.run({ op: 'scan', text: '电话13812345678', options: {} })).kind).toBe('done');
  });

  it('reports a foreign exception, an AppError without Chinese, and a JavaScript error hidden in a PDF refusal', () => {
    expect(() => expectImportOutcome(threw({ name: 'TypeError', message: "Cannot read properties of undefined (reading 'x')" }))).toThrow(/not an AppError: TypeError/);
    expect(() => expectImportOutcome(threw({ appError: true, code: 'bad_input', messageZh: 'broken', messageEn: 'broken' }))).toThrow(/without a Chinese message/);
    expect(() => expectImportOutcome(threw({ appError: true, code: 'internal', messageZh: '内部错误', messageEn: 'internal' }))).toThrow(/code internal/);
    expect(() =>
      expectImportOutcome(threw({ appError: true, code: 'bad_input', messageZh: 'PDF 文件无法解析', messageEn: 'PDF could not be parsed: TypeError: x is undefined' })),
    ).toThrow(/JavaScript error surfaced/);
    expect(() => expectImportOutcome({ kind: 'crash', ms: 1, error: { appError: false, name: 'ERR_WORKER_OUT_OF_MEMORY', message: 'oom' } })).toThrow(/worker died/);
  });

  it('reports segments with a gap, an overlap or short of the text', () => {
    expectImportOutcome(doc([{ start: 0, end: 3 }, { start: 3, end: 6 }]));
    expect(() => expectImportOutcome(doc([{ start: 0, end: 2 }, { start: 3, end: 6 }]))).toThrow();
    expect(() => expectImportOutcome(doc([{ start: 0, end: 4 }, { start: 3, end: 6 }]))).toThrow();
    expect(() => expectImportOutcome(doc([{ start: 0, end: 5 }]))).toThrow();
  });

  it('reports findings outside the text, unsorted, or splitting a surrogate pair', () => {
    const text = 'a𠀀b13812345678';
    const finding = (start: number, end: number) => ({ id: `t:${start}`, start, end, text: text.slice(start, end), score: 0.9 });
    const scan = (findings: object[]) => ({ kind: 'done' as const, ms: 1, value: { findings, suppressed: [] } });
    expectScanOutcome(text, scan([finding(0, 1), finding(1, 3)]));
    expect(() => expectScanOutcome(text, scan([finding(0, 2)]))).toThrow(/surrogate/);
    expect(() => expectScanOutcome(text, scan([finding(4, 20)]))).toThrow(/outside/);
    expect(() => expectScanOutcome(text, scan([finding(4, 6), finding(0, 1)]))).toThrow(/sorted/);
  });

  it('a failing target saves its input and says how to replay it', async () => {
    const err = (await fuzz('oracle-selftest', fc.constant('申请人 13812345678'), () => {
      throw new Error('planted failure');
    }, { runs: 1, reproducer: (s) => ({ bytes: s, ext: 'txt', label: 'planted' }) }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/FUZZ_SEED=-?\d+ \(fast-check seed -?\d+, path "0"\)/);
    expect(err.message).toMatch(/planted failure/);
    const file = /reproducer: (\S+)/.exec(err.message)![1]!;
    expect(readFileSync(file, 'utf8')).toBe('申请人 13812345678');
    rmSync(file);
  });
});
